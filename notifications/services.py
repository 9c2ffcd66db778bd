"""Writes of the notifications app: record a notification once, then deliver it."""

import datetime as dt
import logging
from collections import Counter
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from notifications.models import Notification, NotificationPreference
from notifications.reminders import Reminder, digest_sources, pass_sources

logger = logging.getLogger(__name__)


def notification_send(*, reminder: Reminder) -> Notification | None:
    """Record the reminder and email it after commit; None when its key was already used.

    The unique dedup key makes this idempotent: a second pass, or a second worker running
    the same pass at the same moment, hits the constraint and sends nothing.
    """
    about = reminder.about
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=reminder.recipient,
                kind=reminder.kind,
                subject=reminder.subject[:250],
                body=reminder.body,
                url=reminder.url,
                content_type=ContentType.objects.get_for_model(about) if about else None,
                object_id=str(about.pk) if about else "",
                dedup_key=reminder.dedup_key,
            )
    except IntegrityError:
        return None
    transaction.on_commit(lambda: notification_deliver(notification_id=notification.pk))
    return notification


def notification_deliver(*, notification_id: int) -> bool:
    """Email one recorded notification, once (the sent_at guard survives a retry)."""
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    if notification.sent_at is not None or not notification.recipient.email:
        return False
    link = f"{settings.SITE_URL}{notification.url}" if notification.url else ""
    body = f"{notification.body}\n\n{link}".strip()
    try:
        send_mail(
            notification.subject,
            body,
            settings.DEFAULT_FROM_EMAIL,
            [notification.recipient.email],
        )
    except OSError:
        # The in-app list still shows it; the next delivery attempt can retry.
        logger.exception("Email for notification %s failed", notification_id)
        return False
    # Not an audited model: the sent log itself, so a guarded UPDATE is the right tool.
    return bool(
        Notification.objects.filter(pk=notification_id, sent_at__isnull=True).update(
            sent_at=timezone.now()
        )
    )


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def _send_each(reminders: Iterable[Reminder]) -> Counter:
    sent: Counter = Counter()
    for reminder in reminders:
        if notification_send(reminder=reminder) is not None:
            sent[reminder.kind] += 1
    return sent


def reminders_send_all(*, today: dt.date | None = None) -> Counter:
    """One idempotent reminder pass over every registered source; the count sent per kind."""
    today = today or timezone.localdate()
    sent: Counter = Counter()
    for source in pass_sources():
        sent.update(_send_each(source(today)))
    return sent


def dg_digest_send(*, today: dt.date | None = None) -> Counter:
    """The DG's Monday digest, from the sources registered for it."""
    today = today or timezone.localdate()
    sent: Counter = Counter()
    for source in digest_sources():
        sent.update(_send_each(source(today)))
    return sent


# Hand-overs: a person must act ---------------------------------------------------------


def notify(
    *,
    recipients: Iterable,
    kind: str,
    subject: str,
    body: str = "",
    url: str = "",
    about=None,
    event: str,
) -> list[Notification]:
    """Tell each recipient, in the app and by email (their preference for `kind`, default
    on), that something now waits for them; recorded at once, emailed after commit.

    `event` names this hand-over (e.g. the object's version after the transition): with the
    kind, the object and the recipient it makes the dedup key, so a retried call records
    nothing twice, and a recipient listed twice is told once.
    """
    people = {person.pk: person for person in recipients if person is not None}
    if not people:
        return []
    choices = {
        pref.recipient_id: pref
        for pref in NotificationPreference.objects.filter(recipient__in=people, kind=kind)
    }
    about_key = f"{about._meta.label_lower}:{about.pk}" if about is not None else "-"
    content_type = ContentType.objects.get_for_model(about) if about is not None else None
    recorded = []
    for pk, person in people.items():
        pref = choices.get(pk)
        in_app, by_email = (pref.in_app, pref.by_email) if pref else (True, True)
        if not (in_app or by_email):
            continue
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient=person,
                    kind=kind,
                    subject=subject[:250],
                    body=body,
                    url=url,
                    content_type=content_type,
                    object_id=str(about.pk) if about is not None else "",
                    dedup_key=f"{kind}:{about_key}:{event}:{pk}"[:250],
                    # Not wanted in the app: kept in the log, already read (no badge).
                    read_at=None if in_app else timezone.now(),
                )
        except IntegrityError:
            continue
        if by_email:
            transaction.on_commit(
                lambda nid=notification.pk: notification_deliver(notification_id=nid)
            )
        recorded.append(notification)
    return recorded


@transaction.atomic
def notification_preferences_set(*, user, choices: dict[str, tuple[bool, bool]]) -> None:
    """Store `user`'s (in_app, by_email) choice per kind; a kind left on both is the
    default, so its row is removed."""
    for kind, (in_app, by_email) in choices.items():
        if in_app and by_email:
            NotificationPreference.objects.filter(recipient=user, kind=kind).delete()
        else:
            NotificationPreference.objects.update_or_create(
                recipient=user, kind=kind, defaults={"in_app": in_app, "by_email": by_email}
            )
