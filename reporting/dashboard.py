"""The dashboard's reads: a few cheap queries over the status each workstream stores
(`current_weather`, `current_progress`, `last_update_on`, `decisions_pending`).

The headline figures come out of the queries that feed the panels below them: the
weather of every workstream, the stale ones and those waiting for a decision are counted
by the one GROUP BY priority that also draws the weather × priority chart; late and soon
due milestones, and updates waiting for the DG, by the count that their own list's query
carries (`capped`). Lists show at most PANEL_LIMIT rows, with their full count beside them.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet, Subquery, Sum, Value

from governance.models import Decision, Meeting
from priorities.models import Domain, Priority
from recruitment.models import Recruitment
from workstreams.models import Action, Milestone, StatusUpdate, Weather, Workstream

PANEL_LIMIT = 10
DUE_SOON_DAYS = 30
ACTIONS_DUE_DAYS = 14
NO_UPDATE = "none"
WEATHER_COLUMNS = [Weather.ON_TRACK, Weather.AT_RISK, Weather.OFF_TRACK, NO_UPDATE]

# The columns the panels print (rows and the people and workstreams joined to them):
# a panel's ten rows are read narrow, not with every column of three tables.
_NAME = ["first_name", "last_name", "username"]
MILESTONE_ROW = [
    "title",
    "is_key",
    "state",
    "due_date",
    "baseline_date",
    "workstream__code",
    *(f"owner__{name}" for name in _NAME),
]
DECISION_ROW = [
    "date",
    "kind",
    "text",
    "follow_up",
    "workstream__code",
    "meeting__body__name",
    "meeting__body__short_name",
]
UPDATE_ROW = [
    "date",
    "weather",
    "workstream__code",
    "workstream__title",
    *(f"author__{name}" for name in _NAME),
]


def capped(queryset: QuerySet, limit: int = PANEL_LIMIT) -> tuple[list, int]:
    """The first `limit` rows and the total number of rows, in one query.

    Both are subqueries over the rows alone, which PostgreSQL runs once: the keys of the
    first `limit` rows (in the queryset's order), and the count. Only those few rows are
    then joined to their related tables (the select_related); sorting the joined rows, or
    a window count, would join every row before keeping `limit` of them.
    """
    total = queryset.order_by().values(one=Value(1)).annotate(n=Count("pk")).values("n")
    first = queryset.values("pk")[:limit]
    rows = list(queryset.filter(pk__in=first).annotate(total_rows=Subquery(total)))
    return rows, (rows[0].total_rows if rows else 0)


def stale_cutoff(today: dt.date) -> dt.date:
    """The same rule as the workstream list's `stale=1` filter."""
    return today - dt.timedelta(days=settings.CAP_STALE_UPDATE_DAYS)


# --- Weather, progress, stale and decisions by priority: one GROUP BY ------------------


@dataclass
class HeatmapRow:
    """A priority and its active workstreams' stored status."""

    priority: Priority
    counts: dict[str, int] = field(default_factory=dict)
    weighted_progress: int = 0
    weights: int = 0
    workstreams: int = 0
    stale: int = 0
    decisions_pending: int = 0

    @property
    def cells(self) -> list[tuple[str, int]]:
        return [(weather, self.counts.get(weather, 0)) for weather in WEATHER_COLUMNS]

    @property
    def progress(self) -> float | None:
        """The weight-weighted mean of the current progress of workstreams that have one."""
        return round(self.weighted_progress / self.weights, 1) if self.weights else None


def weather_by_priority(programme, today: dt.date) -> list[HeatmapRow]:
    """One query: every priority of the programme (those without a workstream too) with
    its active workstreams counted by stored weather, stale, waiting for a decision, and
    their weighted progress."""
    active = Q(workstreams__archived_at__isnull=True, workstreams__isnull=False)
    weather = "workstreams__current_weather"
    last = "workstreams__last_update_on"
    cutoff = stale_cutoff(today)
    counts = {
        str(w): Count("workstreams", filter=active & Q(**{weather: w}))
        for w in WEATHER_COLUMNS[:-1]
    }
    priorities = (
        Priority.objects.filter(programme=programme)
        .annotate(
            **counts,
            no_update=Count(
                "workstreams",
                filter=active & (Q(**{weather: ""}) | Q(**{f"{weather}__isnull": True})),
            ),
            n=Count("workstreams", filter=active),
            weighted=Sum(
                F("workstreams__weight") * F("workstreams__current_progress"), filter=active
            ),
            weights=Sum(
                "workstreams__weight",
                filter=active & Q(workstreams__current_progress__isnull=False),
            ),
            stale_n=Count(
                "workstreams",
                filter=active & (Q(**{f"{last}__isnull": True}) | Q(**{f"{last}__lt": cutoff})),
            ),
            pending_n=Count("workstreams", filter=active & Q(workstreams__decisions_pending=True)),
        )
        .order_by("order", "name")
    )
    return [
        HeatmapRow(
            priority=p,
            counts={
                **{str(w): getattr(p, str(w)) for w in WEATHER_COLUMNS[:-1]},
                NO_UPDATE: p.no_update,
            },
            weighted_progress=p.weighted or 0,
            weights=p.weights or 0,
            workstreams=p.n,
            stale=p.stale_n,
            decisions_pending=p.pending_n,
        )
        for p in priorities
    ]


@dataclass
class DomainProgress:
    domain: Domain
    weighted_progress: int = 0
    weights: int = 0
    workstreams: int = 0

    @property
    def progress(self) -> float | None:
        return round(self.weighted_progress / self.weights, 1) if self.weights else None


def progress_by_domain(programme) -> list[DomainProgress]:
    """One query: the domains of the programme's mandate, each with the weighted progress
    of the programme's active workstreams in it (a GROUP BY over the many-to-many)."""
    mine = Q(workstreams__programme=programme, workstreams__archived_at__isnull=True)
    domains = (
        Domain.objects.filter(mandate__programmes=programme)
        .annotate(
            n=Count("workstreams", filter=mine),
            weighted=Sum(
                F("workstreams__weight") * F("workstreams__current_progress"), filter=mine
            ),
            weights=Sum(
                "workstreams__weight",
                filter=mine & Q(workstreams__current_progress__isnull=False),
            ),
        )
        .order_by("number")
    )
    return [
        DomainProgress(
            domain=d, weighted_progress=d.weighted or 0, weights=d.weights or 0, workstreams=d.n
        )
        for d in domains
    ]


# --- Headline figures ------------------------------------------------------------------


@dataclass
class Headline:
    """The figures the dashboard opens with."""

    by_weather: dict[str, int]
    workstreams: int
    overdue_milestones: int
    due_soon_milestones: int
    waiting_for_dg: int
    decisions_pending: int
    stale: int

    @property
    def weather_cells(self) -> list[tuple[str, int]]:
        return [(w, self.by_weather.get(w, 0)) for w in WEATHER_COLUMNS]


def headline(rows: list[HeatmapRow], overdue: int, due_soon: int, waiting: int) -> Headline:
    """No query: the sums of what the panels already read, and their lists' counts."""
    by_weather = {w: sum(row.counts.get(w, 0) for row in rows) for w in WEATHER_COLUMNS}
    return Headline(
        by_weather=by_weather,
        workstreams=sum(row.workstreams for row in rows),
        overdue_milestones=overdue,
        due_soon_milestones=due_soon,
        waiting_for_dg=waiting,
        decisions_pending=sum(row.decisions_pending for row in rows),
        stale=sum(row.stale for row in rows),
    )


# --- The DG's lists --------------------------------------------------------------------


def awaiting_publication(programme) -> tuple[list[StatusUpdate], int]:
    return capped(
        StatusUpdate.objects.awaiting_publication()
        .filter(workstream__archived_at__isnull=True, workstream__programme=programme)
        .select_related("workstream", "author")
        .only(*UPDATE_ROW)
        .order_by("date", "pk")
    )


def decisions_needed(programme) -> list[StatusUpdate]:
    """The current updates of active workstreams that ask the DG for a decision (the
    workstreams' stored flag, a few rows joined by key); their count is the headline's."""
    # The first ten pending workstreams by their stored date of the current update (the
    # update's date), then those ten updates by key: joined from the update side, or with
    # the update joined to every pending workstream, PostgreSQL hashes the whole history
    # of updates to keep ten.
    first_ten = (
        Workstream.objects.active()
        .filter(decisions_pending=True, programme=programme)
        .order_by("last_update_on", "current_update_id")
        .values("current_update_id")[:PANEL_LIMIT]
    )
    return list(
        StatusUpdate.objects.filter(pk__in=first_ten)
        .select_related("workstream", "author")
        .only(*UPDATE_ROW, "decisions_needed")
        .order_by("date", "pk")
    )


def overdue_milestones(programme, today: dt.date, owner=None) -> tuple[list[Milestone], int]:
    """The first overdue milestones and how many there are (capped: the count is a
    subquery over the milestones alone, thousands at scale 10)."""
    milestones = Milestone.objects.overdue(today).filter(workstream__programme=programme)
    if owner is not None:
        milestones = milestones.filter(Q(workstream__owner=owner) | Q(owner=owner))
    return capped(
        milestones.select_related("workstream", "owner")
        .only(*MILESTONE_ROW)
        .order_by("due_date", "pk")
    )


def milestones_due_soon(
    programme, today: dt.date, days: int = DUE_SOON_DAYS
) -> tuple[list[Milestone], int]:
    return capped(
        Milestone.objects.due_within(days, today)
        .filter(workstream__programme=programme)
        .select_related("workstream", "owner")
        .only(*MILESTONE_ROW)
        .order_by("due_date", "pk")
    )


def stale_workstreams(programme, today: dt.date) -> list[Workstream]:
    """The first stale workstreams, oldest first; their count is the headline's."""
    cutoff = stale_cutoff(today)
    return list(
        Workstream.objects.active()
        .filter(programme=programme)
        .filter(Q(last_update_on__isnull=True) | Q(last_update_on__lt=cutoff))
        .select_related("owner")
        .only("code", "title", "last_update_on", *(f"owner__{name}" for name in _NAME))
        .order_by(F("last_update_on").asc(nulls_first=True), "code")[:PANEL_LIMIT]
    )


@dataclass
class FunnelStage:
    stage: str
    label: str
    count: int


def recruitment_funnel() -> tuple[list[FunnelStage], list[FunnelStage]]:
    """One query: recruitments per stage; the open stages in order, then the final ones."""
    counts = dict(
        Recruitment.objects.values("stage").annotate(n=Count("pk")).values_list("stage", "n")
    )
    stages = [
        FunnelStage(stage=value, label=str(label), count=counts.get(value, 0))
        for value, label in Recruitment.Stage.choices
    ]
    final = set(Recruitment.FINAL_STAGES)
    return [s for s in stages if s.stage not in final], [s for s in stages if s.stage in final]


def upcoming_meetings(limit: int = 5) -> list[Meeting]:
    return list(Meeting.objects.upcoming().select_related("body")[:limit])


def decisions_awaiting_follow_up(workstream_owner=None) -> tuple[list[Decision], int]:
    decisions = Decision.objects.awaiting_follow_up()
    if workstream_owner is not None:
        decisions = decisions.filter(workstream__owner=workstream_owner)
    return capped(
        decisions.select_related("workstream", "meeting__body")
        .only(*DECISION_ROW)
        .order_by("date", "pk")
    )


# --- A director's to-dos ---------------------------------------------------------------


@dataclass
class DirectorTodo:
    returned: list[StatusUpdate]  # drafts the DG sent back with a comment: "à reprendre"
    drafts: list[StatusUpdate]
    late_milestones: list[Milestone]
    late_milestones_total: int
    actions_due: list[Action]
    actions_due_total: int
    decisions: list[Decision]
    decisions_total: int

    @property
    def empty(self) -> bool:
        return not (
            self.returned
            or self.drafts
            or self.late_milestones
            or self.actions_due
            or self.decisions
        )


def director_todo(programme, user, today: dt.date) -> DirectorTodo:
    """Four queries: the open drafts of the director's workstreams (returned ones first),
    their late milestones, the actions due within ACTIONS_DUE_DAYS (late ones included),
    and the decisions about their workstreams awaiting follow-up."""
    drafts = list(
        StatusUpdate.objects.filter(
            state=StatusUpdate.State.DRAFT,
            workstream__archived_at__isnull=True,
            workstream__programme=programme,
        )
        .filter(Q(author=user) | Q(workstream__owner=user))
        .select_related("workstream")
        .order_by("date", "pk")[: 2 * PANEL_LIMIT]
    )
    actions_due, actions_total = capped(
        Action.objects.filter(
            workstream__archived_at__isnull=True,
            workstream__programme=programme,
            state__in=[Action.State.TODO, Action.State.IN_PROGRESS],
            due_date__lte=today + dt.timedelta(days=ACTIONS_DUE_DAYS),
        )
        .filter(Q(owner=user) | Q(workstream__owner=user))
        .select_related("workstream")
        .order_by("due_date", "pk")
    )
    decisions, decisions_total = decisions_awaiting_follow_up(workstream_owner=user)
    late, late_total = overdue_milestones(programme, today, owner=user)
    return DirectorTodo(
        returned=[u for u in drafts if u.return_comment],
        drafts=[u for u in drafts if not u.return_comment],
        late_milestones=late,
        late_milestones_total=late_total,
        actions_due=actions_due,
        actions_due_total=actions_total,
        decisions=decisions,
        decisions_total=decisions_total,
    )


def my_workstreams(programme, user) -> list[Workstream]:
    """A director's workstreams: those they own or of their org unit (the list's `mine=1`)."""
    mine = Q(owner=user)
    if user.org_unit_id:
        mine |= Q(org_unit_id=user.org_unit_id)
    return list(
        Workstream.objects.active()
        .filter(mine, programme=programme)
        .select_related("priority")
        .order_by("code")[:50]
    )
