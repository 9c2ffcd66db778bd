"""Reminders about workstreams: milestones coming due or overdue, stale status updates.

Pure reads: they return `Reminder`s; the caller sends them through notifications.
"""

import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from notifications.reminders import Reminder, register_source
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
    milestones = (
        Milestone.objects.active()
        .pending()
        .filter(due_date__lte=horizon)
        .select_related("workstream__owner", "owner")
    )
    for milestone in milestones.iterator(chunk_size=500):
        recipient = milestone.owner or milestone.workstream.owner
        url = milestone.workstream.get_absolute_url()
        days_left = (milestone.due_date - today).days
        if days_left < 0:
            yield Reminder(
                recipient=recipient,
                kind="milestone_overdue",
                subject=_("Jalon en retard : %(title)s (%(code)s)")
                % {"title": milestone.title, "code": milestone.workstream.code},
                body=_(
                    "Le jalon « %(title)s » était prévu le %(date)s. Marquez-le atteint ou "
                    "reportez-le avec une nouvelle date."
                )
                % {"title": milestone.title, "date": milestone.due_date.strftime("%d/%m/%Y")},
                url=url,
                about=milestone,
                due=milestone.due_date,
            )
            continue
        window = _window(days_left)
        if window is None:
            continue
        yield Reminder(
            recipient=recipient,
            kind=f"milestone_due_{window}",
            subject=_("Jalon dans %(days)s jour(s) : %(title)s (%(code)s)")
            % {"days": days_left, "title": milestone.title, "code": milestone.workstream.code},
            body=_("Le jalon « %(title)s » est prévu le %(date)s.")
            % {"title": milestone.title, "date": milestone.due_date.strftime("%d/%m/%Y")},
            url=url,
            about=milestone,
            due=milestone.due_date,
        )


@register_source
def stale_update_reminders(today: dt.date) -> Iterator[Reminder]:
    """Workstreams whose last non-draft update is older than CAP_STALE_UPDATE_DAYS."""
    limit = settings.CAP_STALE_UPDATE_DAYS
    workstreams = (
        Workstream.objects.active()
        .exclude(phase=Workstream.Phase.CLOSED)
        .filter(
            Q(last_update_on__lt=today - dt.timedelta(days=limit)) | Q(last_update_on__isnull=True)
        )
        .select_related("owner")
    )
    for workstream in workstreams.iterator(chunk_size=500):
        since = workstream.last_update_on or workstream.created_at.date()
        yield Reminder(
            recipient=workstream.owner,
            kind="update_stale",
            subject=_("Point d'avancement attendu : %(code)s") % {"code": workstream.code},
            body=_(
                "Le dernier point d'avancement du chantier « %(title)s » date de plus de "
                "%(days)s jours. Une minute suffit pour le mettre à jour."
            )
            % {"title": workstream.title, "days": limit},
            url=workstream.get_absolute_url(),
            about=workstream,
            # One reminder per stale episode: the day it became stale.
            due=since + dt.timedelta(days=limit),
        )
