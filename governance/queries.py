"""Reads of the governance app: the calendar, the register, the drafted DG agenda."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.models import Body, Decision, Meeting
from recruitment.models import Recruitment
from workstreams.models import Milestone, StatusUpdate, Workstream


def bodies_with_next_meeting():
    now = timezone.now()
    upcoming = Meeting.objects.filter(starts_at__gte=now, state=Meeting.State.PLANNED).order_by(
        "starts_at"
    )
    return Body.objects.select_related("chair").prefetch_related(
        Prefetch("meetings", queryset=upcoming, to_attr="upcoming_meetings")
    )


def meeting_calendar(*, start: dt.date, end: dt.date):
    return (
        Meeting.objects.filter(starts_at__date__gte=start, starts_at__date__lte=end)
        .select_related("body")
        .order_by("starts_at")
    )


@dataclass
class AgendaSection:
    title: str
    items: list = field(default_factory=list)


def next_dg_meeting() -> Meeting | None:
    return (
        Meeting.objects.upcoming()
        .filter(Q(body__short_name__iexact="Hebdo DG") | Q(body__name__icontains="hebdomadaire"))
        .select_related("body")
        .first()
    )


def drafted_dg_agenda(*, programme=None, today: dt.date | None = None) -> list[AgendaSection]:
    """What needs the DG: the draft agenda of the next weekly DG meeting, about
    `programme` (the current one: its workstreams, milestones and updates, and the
    recruitments tied to none of another programme's workstreams); every programme's
    when None."""
    today = today or timezone.localdate()
    workstreams = Workstream.objects.active()
    milestones = Milestone.objects.overdue(today)
    updates = StatusUpdate.objects.awaiting_publication()
    recruitments = Recruitment.objects.in_progress()
    if programme is not None:
        workstreams = workstreams.filter(programme=programme)
        milestones = milestones.filter(workstream__programme=programme)
        updates = updates.filter(workstream__programme=programme)
        recruitments = recruitments.filter(
            Q(position__workstream__isnull=True) | Q(position__workstream__programme=programme)
        )
    off_track = list(workstreams.filter(current_weather="off_track").select_related("owner"))
    overdue = list(milestones.select_related("workstream", "owner").order_by("due_date")[:50])
    latest = StatusUpdate.objects.current_of(OuterRef("pk"))
    needing_decisions = list(
        workstreams.annotate(
            pending_decisions=Subquery(latest.values("decisions_needed")[:1]),
            pending_decisions_on=Subquery(latest.values("date")[:1]),
        )
        .exclude(Q(pending_decisions="") | Q(pending_decisions__isnull=True))
        .select_related("owner")
    )
    stuck_limit = timezone.now() - dt.timedelta(days=settings.CAP_RECRUITMENT_STUCK_DAYS)
    blocked = list(
        recruitments.filter(stage_changed_at__lt=stuck_limit).select_related("position__org_unit")[
            :50
        ]
    )
    waiting = list(updates.select_related("workstream", "author")[:50])
    return [
        AgendaSection(_("Chantiers en rouge"), off_track),
        AgendaSection(_("Jalons en retard"), overdue),
        AgendaSection(_("Décisions attendues par les directions"), needing_decisions),
        AgendaSection(_("Recrutements bloqués depuis plus de 30 jours"), blocked),
        AgendaSection(_("Points d'avancement à publier pour les élus"), waiting),
    ]


def decision_register():
    """The register's decisions (archived ones left out) with what a row or an export line
    shows; `governance.filters.DecisionFilter` narrows it."""
    return Decision.objects.filter(archived_at__isnull=True).select_related(
        "meeting__body", "workstream", "recruitment__position", "org_unit", "owner"
    )
