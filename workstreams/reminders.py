"""Reminders about workstreams: milestones coming due or overdue, stale status updates.

Pure reads: they return `Reminder`s; the caller sends them through notifications. Each
source reads plain values in one query and translates its texts once (see
notifications.reminders): a pass goes over thousands of milestones.
"""

import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from notifications.reminders import Reminder, path_of, register_source
from workstreams.models import Milestone, Workstream


def _window(days_left: int) -> int | None:
    """The reminder a milestone is in: 14, 7 or 1 day(s) before its due date."""
    for window in sorted(settings.CAP_REMINDER_MILESTONE_DAYS):
        if 0 <= days_left <= window:
            return window
    return None


@register_source
def milestone_reminders(today: dt.date) -> Iterator[Reminder]:
    horizon = today + dt.timedelta(days=max(settings.CAP_REMINDER_MILESTONE_DAYS))
    rows = (
        Milestone.objects.active()
        .pending()
        .filter(due_date__lte=horizon)
        .order_by("due_date", "pk")
        .values_list(
            "pk", "title", "due_date", "owner_id", "workstream__owner_id", "workstream__code"
        )
    )
    workstream_url = path_of("workstreams:workstream-detail")
    overdue_subject = _("Jalon en retard : %(title)s (%(code)s)")
    overdue_body = _(
        "Le jalon « %(title)s » était prévu le %(date)s. Marquez-le atteint ou "
        "reportez-le avec une nouvelle date."
    )
    due_subject = _("Jalon dans %(days)s jour(s) : %(title)s (%(code)s)")
    due_body = _("Le jalon « %(title)s » est prévu le %(date)s.")
    windows = {days: _window(days) for days in range(max(settings.CAP_REMINDER_MILESTONE_DAYS) + 1)}
    for pk, title, due_date, owner_id, workstream_owner_id, code in rows:
        days_left = (due_date - today).days
        if days_left < 0:
            kind, subject, body = "milestone_overdue", overdue_subject, overdue_body
        elif (window := windows.get(days_left)) is not None:
            kind, subject, body = f"milestone_due_{window}", due_subject, due_body
        else:
            continue
        values = {"title": title, "code": code, "days": days_left, "date": f"{due_date:%d/%m/%Y}"}
        yield Reminder(
            recipient_id=owner_id or workstream_owner_id,
            kind=kind,
            subject=subject % values,
            body=body % values,
            url=workstream_url(code),
            about_model=Milestone,
            about_id=pk,
            due=due_date,
        )


@register_source
def stale_update_reminders(today: dt.date) -> Iterator[Reminder]:
    """Workstreams whose last non-draft update is older than CAP_STALE_UPDATE_DAYS."""
    limit = settings.CAP_STALE_UPDATE_DAYS
    rows = (
        Workstream.objects.active()
        .exclude(phase=Workstream.Phase.CLOSED)
        .filter(
            Q(last_update_on__lt=today - dt.timedelta(days=limit)) | Q(last_update_on__isnull=True)
        )
        .order_by("pk")
        .values_list("pk", "code", "title", "owner_id", "last_update_on", "created_at")
    )
    workstream_url = path_of("workstreams:workstream-detail")
    subject = _("Point d'avancement attendu : %(code)s")
    body = _(
        "Le dernier point d'avancement du chantier « %(title)s » date de plus de "
        "%(days)s jours. Une minute suffit pour le mettre à jour."
    )
    for pk, code, title, owner_id, last_update_on, created_at in rows:
        since = last_update_on or created_at.date()
        yield Reminder(
            recipient_id=owner_id,
            kind="update_stale",
            subject=subject % {"code": code},
            body=body % {"title": title, "days": limit},
            url=workstream_url(code),
            about_model=Workstream,
            about_id=pk,
            # One reminder per stale episode: the day it became stale.
            due=since + dt.timedelta(days=limit),
        )
