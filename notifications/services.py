"""Writes of the notifications app: record notifications once, then deliver them.

The reminder pass is set-based (docs/performance.md): each registered source reads its
candidates in one query; the keys already used for those kinds and due dates are read in
one query; the new ones are inserted in one `bulk_create(ignore_conflicts=True)` against
the unique dedup key (a second worker running the same pass at the same moment inserts
nothing twice); the rows this pass created are read back by its `ReminderRun`. Emails are
never sent inside the pass: after commit, worker tasks deliver them in batches
(`notifications.tasks`), each notification on its own, retried with a growing delay up to
CAP_NOTIFICATION_MAX_ATTEMPTS, then marked failed for the administrator.

One bad reminder never stops the pass: a source that raises is logged and the others go
on; a reminder that cannot be recorded is logged and skipped; a subject is made
header-safe before it is stored.
"""

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone

from core.tasks import publish
from notifications.emails import build_email, header_safe
from notifications.models import Notification, NotificationPreference, ReminderRun
from notifications.reminders import Reminder, digest_sources, pass_sources

logger = logging.getLogger(__name__)

DELIVERY_BATCH = 50


# Recording --------------------------------------------------------------------------------


def _row(reminder: Reminder, key: str, run: ReminderRun | None, now) -> Notification:
    model = reminder.about_model
    # get_for_model reads ContentType's cache, filled by _new_rows in one query.
    return Notification(
        recipient_id=reminder.recipient_id,
        kind=reminder.kind,
        subject=header_safe(reminder.subject),
        body=reminder.body,
        url=reminder.url,
        content_type=ContentType.objects.get_for_model(model) if model is not None else None,
        object_id=str(reminder.about_id) if model is not None else "",
        dedup_key=key,
        due=reminder.due,
        run=run,
        created_at=now,
    )


def _collect(sources: Iterable[Callable], today: dt.date, run: ReminderRun) -> dict:
    """The pass's candidates by dedup key, each source and each reminder isolated."""
    candidates: dict[str, Reminder] = {}
    for source in sources:
        try:
            for reminder in source(today):
                try:
                    if reminder.recipient_id is None:
                        raise ValueError("reminder without a recipient")
                    key = reminder.dedup_key
                except Exception:  # noqa: BLE001 — one bad reminder never stops the pass
                    run.errors += 1
                    logger.exception("reminder-skipped source=%s", source.__name__)
                    continue
                candidates.setdefault(key, reminder)
        except Exception:  # noqa: BLE001 — nor does one bad source
            run.errors += 1
            logger.exception("reminder-source-failed source=%s", source.__name__)
    return candidates


def _known_keys(candidates: dict[str, Reminder]) -> set[str]:
    """The keys already used among the candidates, in one query (kind and due date range,
    served by notif_kind_due_idx), never one per candidate."""
    if not candidates:
        return set()
    kinds = {reminder.kind for reminder in candidates.values()}
    dues = [reminder.due for reminder in candidates.values() if reminder.due]
    known = Notification.objects.filter(kind__in=kinds)
    if dues:
        known = known.filter(due__range=(min(dues), max(dues)))
    return set(known.values_list("dedup_key", flat=True)) & candidates.keys()


def _new_rows(candidates: dict[str, Reminder], known: set[str], run: ReminderRun) -> list:
    """Notification rows for the candidates not sent yet, and only those: a second pass
    builds none. A reminder that cannot be made a row is logged and skipped."""
    now = timezone.now()
    new = {key: reminder for key, reminder in candidates.items() if key not in known}
    models = {r.about_model for r in new.values() if r.about_model is not None}
    if models:
        ContentType.objects.get_for_models(*models)  # one query, then cached
    rows = []
    for key, reminder in new.items():
        try:
            rows.append(_row(reminder, key, run, now))
        except Exception:  # noqa: BLE001 — one bad reminder never stops the pass
            run.errors += 1
            logger.exception("reminder-skipped kind=%s", reminder.kind)
    return rows


def _run(kind: str, sources, today: dt.date | None) -> Counter:
    today = today or timezone.localdate()
    run = ReminderRun.objects.create(kind=kind, day=today)
    candidates = _collect(sources, today, run)
    new = _new_rows(candidates, _known_keys(candidates), run)
    created: list[tuple[int, str]] = []
    with transaction.atomic():
        if new:
            Notification.objects.bulk_create(new, ignore_conflicts=True)
            created = list(
                Notification.objects.filter(run=run).order_by("pk").values_list("pk", "kind")
            )
        ids = [pk for pk, _kind in created]
        transaction.on_commit(lambda: deliver_later(ids))
    run.candidates = len(candidates)
    run.created = len(created)
    run.finished_at = timezone.now()
    run.save(update_fields=["candidates", "created", "errors", "finished_at"])
    logger.info(
        "reminder-run kind=%s day=%s candidates=%d created=%d errors=%d",
        kind,
        today,
        run.candidates,
        run.created,
        run.errors,
    )
    return Counter(kind for _pk, kind in created)


def reminders_send_all(*, today: dt.date | None = None) -> Counter:
    """One idempotent reminder pass over every registered source; the count sent per kind."""
    return _run(ReminderRun.Kind.PASS, pass_sources(), today)


def dg_digest_send(*, today: dt.date | None = None) -> Counter:
    """The DG's Monday digest, from the sources registered for it."""
    return _run(ReminderRun.Kind.DIGEST, digest_sources(), today)


def notification_send(*, reminder: Reminder) -> Notification | None:
    """Record one reminder and deliver it after commit; None when its key was already used."""
    row = _row(reminder, reminder.dedup_key, None, timezone.now())
    with transaction.atomic():
        Notification.objects.bulk_create([row], ignore_conflicts=True)
        notification = Notification.objects.filter(
            dedup_key=row.dedup_key, created_at=row.created_at, recipient_id=row.recipient_id
        ).first()
        if notification is None:
            return None
        transaction.on_commit(lambda: deliver_later([notification.pk]))
    return notification


# Delivery ---------------------------------------------------------------------------------


def deliver_later(ids: list[int]) -> int:
    """Hand the notifications to the workers in batches; the batches published. The broker
    being down is logged (core.tasks) and the sweep delivers them later: never an error."""
    from notifications.tasks import deliver_notifications

    published = 0
    for start in range(0, len(ids), DELIVERY_BATCH):
        published += publish(deliver_notifications, ids[start : start + DELIVERY_BATCH])
    return published


def retry_delay(attempts: int) -> int:
    """Seconds before the next try after `attempts` failures: 1, 2, 4… minutes, at most 1 h."""
    return min(60 * 2 ** max(attempts - 1, 0), 3600)


def notification_deliver(*, notification_id: int) -> bool:
    """One delivery attempt of one notification. True when sent now; False when there is
    nothing to send (already sent, given up, no email) or the attempt failed (recorded:
    attempts, last_error, and failed_at once CAP_NOTIFICATION_MAX_ATTEMPTS is reached)."""
    notification = (
        Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    )
    if notification is None or notification.sent_at or notification.failed_at:
        return False
    if not notification.by_email or not notification.recipient.email:
        return False  # the in-app list shows it; nothing to email
    now = timezone.now()
    attempts = notification.attempts + 1
    try:
        build_email(notification).send()
    except Exception as error:  # noqa: BLE001 — SMTP, socket, header: every failure is kept
        limit = settings.CAP_NOTIFICATION_MAX_ATTEMPTS
        failed = attempts >= limit
        Notification.objects.filter(pk=notification_id).update(
            attempts=attempts,
            last_attempt_at=now,
            last_error=f"{error.__class__.__name__}: {error}"[:500],
            failed_at=now if failed else None,
        )
        log = logger.error if failed else logger.warning
        log(
            "notification-delivery-%s id=%s attempt=%d/%d error=%s",
            "abandoned" if failed else "failed",
            notification_id,
            attempts,
            limit,
            error.__class__.__name__,
        )
        return False
    # Not an audited model: the sent log itself, so a guarded UPDATE is the right tool.
    return bool(
        Notification.objects.filter(pk=notification_id, sent_at__isnull=True).update(
            sent_at=now, attempts=attempts, last_attempt_at=now, last_error=""
        )
    )


def notifications_pending(*, now=None) -> list[int]:
    """Deliveries the workers never made (the broker was down, a worker died) or whose
    retry is due: unsent, not given up, with an email, last tried long enough ago."""
    now = now or timezone.now()
    pending = Notification.objects.filter(
        sent_at__isnull=True,
        failed_at__isnull=True,
        by_email=True,
        created_at__lte=now - dt.timedelta(minutes=5),
    ).exclude(recipient__email="")
    due = [
        pk
        for pk, attempts, last in pending.values_list("pk", "attempts", "last_attempt_at")[:5000]
        if last is None or last <= now - dt.timedelta(seconds=retry_delay(attempts))
    ]
    return due


def notifications_deliver_pending() -> int:
    """The sweep (every 15 minutes): publish what is pending; the number handed over."""
    ids = notifications_pending()
    deliver_later(ids)
    return len(ids)


def notifications_retry_failed(*, ids: Iterable[int]) -> int:
    """The administrator sends failed notifications again (admin action)."""
    ids = list(
        Notification.objects.filter(
            pk__in=list(ids), failed_at__isnull=False, sent_at__isnull=True
        ).values_list("pk", flat=True)
    )
    Notification.objects.filter(pk__in=ids).update(failed_at=None, attempts=0, last_error="")
    transaction.on_commit(lambda: deliver_later(ids))
    return len(ids)


def delivery_health() -> dict:
    """What /healthz says about reminders: the last pass, what waits, what failed."""
    last = ReminderRun.objects.filter(kind=ReminderRun.Kind.PASS, finished_at__isnull=False)
    last = last.aggregate(at=Max("finished_at"))["at"]
    waiting = Notification.objects.filter(
        sent_at__isnull=True, failed_at__isnull=True, by_email=True
    ).exclude(recipient__email="")
    oldest = waiting.aggregate(at=Min("created_at"))["at"]
    return {
        "reminders": {
            "last_pass": last.isoformat() if last else None,
            "last_pass_minutes_ago": (
                int((timezone.now() - last).total_seconds() // 60) if last else None
            ),
            "pending_deliveries": waiting.count(),
            "oldest_pending": oldest.isoformat() if oldest else None,
            "failed_deliveries": Notification.objects.filter(failed_at__isnull=False).count(),
        }
    }


# Reading ----------------------------------------------------------------------------------


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


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
    on), that something now waits for them; recorded at once, emailed after commit by the
    workers (the same delivery, retries and failure list as the reminders).

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
    now = timezone.now()
    rows = []
    for pk in people:
        pref = choices.get(pk)
        in_app, by_email = (pref.in_app, pref.by_email) if pref else (True, True)
        if not (in_app or by_email):
            continue
        rows.append(
            Notification(
                recipient_id=pk,
                kind=kind,
                subject=header_safe(subject),
                body=body,
                url=url,
                content_type=content_type,
                object_id=str(about.pk) if about is not None else "",
                dedup_key=f"{kind}:{about_key}:{event}:{pk}"[:250],
                # Not wanted in the app: kept in the log, already read (no badge).
                read_at=None if in_app else now,
                by_email=by_email,
                created_at=now,
            )
        )
    if not rows:
        return []
    with transaction.atomic():
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        recorded = list(
            Notification.objects.filter(
                dedup_key__in=[row.dedup_key for row in rows], created_at=now
            ).order_by("pk")
        )
        emailed = [n.pk for n in recorded if n.by_email]
        if emailed:
            transaction.on_commit(lambda: deliver_later(emailed))
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
