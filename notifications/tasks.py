"""Celery tasks: each calls one service and returns a small summary.

Delivery: `deliver_notifications` takes a batch of ids after the pass has committed and
tries each one on its own; a failure does not touch the others: that notification gets
its own `deliver_notification` task, published again with a growing countdown until
CAP_NOTIFICATION_MAX_ATTEMPTS, after which it stays failed for the administrator.
"""

from celery import shared_task
from django.conf import settings

from core.tasks import publish
from notifications import services
from notifications.models import Notification


@shared_task(name="notifications.send_reminders")
def send_reminders() -> dict:
    return dict(services.reminders_send_all())


@shared_task(name="notifications.send_dg_digest")
def send_dg_digest() -> dict:
    return dict(services.dg_digest_send())


def _deliver_or_schedule(notification_id: int) -> bool:
    if services.notification_deliver(notification_id=notification_id):
        return True
    attempts = (
        Notification.objects.filter(
            pk=notification_id, sent_at__isnull=True, failed_at__isnull=True, attempts__gt=0
        )
        .values_list("attempts", flat=True)
        .first()
    )
    if attempts and attempts < settings.CAP_NOTIFICATION_MAX_ATTEMPTS:
        publish(deliver_notification, notification_id, countdown=services.retry_delay(attempts))
    return False


@shared_task(name="notifications.deliver_notifications")
def deliver_notifications(ids: list[int]) -> dict:
    sent = sum(_deliver_or_schedule(pk) for pk in ids)
    return {"sent": sent, "of": len(ids)}


@shared_task(name="notifications.deliver_notification")
def deliver_notification(notification_id: int) -> bool:
    return _deliver_or_schedule(notification_id)


@shared_task(name="notifications.deliver_pending")
def deliver_pending() -> int:
    return services.notifications_deliver_pending()
