"""The read functions of the élus' pages and the timeline (the dashboard's are in
reporting/dashboard.py).

Every function here runs a fixed number of queries whatever the volume of data: the
aggregation is done by the database (GROUP BY, SUM, window counts), and lists are capped
with their full size read in the same query through a window ``COUNT(*) OVER ()``.
"""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber

from priorities.models import Domain, MandatePriority, Priority
from reporting.dashboard import NO_UPDATE as NO_UPDATE  # re-exported
from reporting.dashboard import WEATHER_COLUMNS as WEATHER_COLUMNS  # re-exported
from reporting.dashboard import stale_cutoff as stale_cutoff  # re-exported
from workstreams.models import Milestone, Workstream


@dataclass
class PrioritySection:
    priority: Priority
    workstreams: list = field(default_factory=list)
    total: int = 0  # every active workstream of the priority, shown or not


def _published_workstreams(programme) -> QuerySet:
    """The programme's active workstreams as the élus see them, in the order of the pages."""
    return (
        Workstream.objects.active()
        .filter(programme=programme)
        .with_published_status()
        .order_by("priority__order", "code")
    )


# What the élus' rows print of a workstream (with the annotated public summary).
PUBLISHED_ROW = [
    "code",
    "title",
    "priority",
    "public_weather",
    "public_progress",
    "public_update_on",
]


def published_by_priority(programme) -> tuple[list[Workstream], list[PrioritySection]]:
    """Two queries: the active workstreams with their latest *published* point (what the
    élus may see), and every priority with all its workstreams, in order (the report)."""
    # the report names them
    workstreams = list(_published_workstreams(programme).select_related("sponsor"))
    priorities = Priority.objects.filter(programme=programme).order_by("order", "name")
    sections = {p.pk: PrioritySection(p) for p in priorities}
    for workstream in workstreams:
        sections[workstream.priority_id].workstreams.append(workstream)
    for section in sections.values():
        section.total = len(section.workstreams)
    return workstreams, list(sections.values())


def published_sections(programme, rows_per_priority: int) -> list[PrioritySection]:
    """Two queries: every priority with its count of active workstreams, and the first
    `rows_per_priority` workstreams of each (a window per priority), so that the page's
    size does not grow with the programme; each priority's page lists the rest."""
    priorities = (
        Priority.objects.filter(programme=programme)
        .annotate(total=Count("workstreams", filter=Q(workstreams__archived_at__isnull=True)))
        .order_by("order", "name")
    )
    sections = {p.pk: PrioritySection(p, total=p.total) for p in priorities}
    first_rows = (
        _published_workstreams(programme)
        .only(*PUBLISHED_ROW)
        .annotate(row=Window(RowNumber(), partition_by=F("priority_id"), order_by=F("code").asc()))
        .filter(row__lte=rows_per_priority)
    )
    for workstream in first_rows:
        sections[workstream.priority_id].workstreams.append(workstream)
    return list(sections.values())


def published_workstream(programme, code: str) -> Workstream | None:
    """One query: a workstream of the programme as the élus see it (its published status
    only, never a draft), with its priority and people."""
    return (
        _published_workstreams(programme)
        .select_related("priority", "sponsor", "owner")
        .filter(code=code)
        .first()
    )


def key_milestones_of(workstream: Workstream) -> list[Milestone]:
    """One query: the workstream's key milestones (archived ones left out), by due date."""
    return list(
        Milestone.objects.filter(
            workstream=workstream, is_key=True, archived_at__isnull=True
        ).order_by("due_date", "pk")
    )


def published_of_priority(priority: Priority) -> QuerySet:
    """A priority's active workstreams as the élus see them, for its paginated page."""
    return _published_workstreams(priority.programme_id).filter(priority=priority)


def published_for_sponsor(programme, user) -> list[Workstream]:
    """One query: the active workstreams `user` sponsors, with their latest published point,
    in the order of published_by_priority()."""
    return list(_published_workstreams(programme).filter(sponsor=user).only(*PUBLISHED_ROW))


@dataclass
class PublishedProgress:
    name: str
    workstreams: int = 0
    published: int = 0
    weighted: int = 0
    weights: int = 0

    @property
    def progress(self) -> float | None:
        return round(self.weighted / self.weights, 1) if self.weights else None


def published_progress_by(programme, relation: str) -> list[PublishedProgress]:
    """One query: the groups of the programme's mandate, each with the élus' view of it
    (published updates only): how many active workstreams, how many with a published
    point, their weighted progress; a GROUP BY over the many-to-many, groups without a
    workstream included."""
    model = {"mandate_priorities": MandatePriority, "domains": Domain}[relation]
    mine = Q(workstreams__programme=programme, workstreams__archived_at__isnull=True)
    published = mine & Q(workstreams__public_progress__isnull=False)
    groups = (
        model.objects.filter(mandate__programmes=programme)
        .annotate(
            n=Count("workstreams", filter=mine),
            published_n=Count("workstreams", filter=published),
            weighted=Sum(F("workstreams__weight") * F("workstreams__public_progress"), filter=mine),
            weights=Sum("workstreams__weight", filter=published),
        )
        .order_by(*model._meta.ordering)
    )
    return [
        PublishedProgress(
            name=str(group),
            workstreams=group.n,
            published=group.published_n,
            weighted=group.weighted or 0,
            weights=group.weights or 0,
        )
        for group in groups
    ]


KEY_MILESTONE_FIELDS = [
    "title",
    "state",
    "due_date",
    "baseline_date",
    "achieved_on",
    "workstream__code",
    "workstream__priority_id",
]


def key_milestones_by_priority(programme, per_priority: int = 5) -> dict[int, list[Milestone]]:
    """One query: each priority's first `per_priority` key milestones still to come or
    missed (by due date), then its latest achieved ones, for the élus' page."""
    rows = (
        Milestone.objects.active()
        .filter(workstream__programme=programme, is_key=True)
        .annotate(
            row=Window(
                RowNumber(),
                partition_by=F("workstream__priority_id"),
                order_by=[F("achieved_on").desc(nulls_first=True), F("due_date").asc()],
            )
        )
        .filter(row__lte=per_priority)
        .select_related("workstream")
        # What the page prints: the rows the window sorts stay narrow.
        .only(*KEY_MILESTONE_FIELDS)
        .order_by("workstream__priority_id", "due_date", "pk")
    )
    grouped: dict[int, list[Milestone]] = {}
    for milestone in rows:
        grouped.setdefault(milestone.workstream.priority_id, []).append(milestone)
    return grouped


# --- Milestone timeline ----------------------------------------------------------------

TIMELINE_WORKSTREAMS_PER_PAGE = 12


@dataclass
class TimelineWorkstream:
    workstream: Workstream
    milestones: list[Milestone] = field(default_factory=list)


@dataclass
class TimelinePriority:
    """A priority of the period: its counts over the whole period, its workstreams on the
    page (a priority may run over several pages)."""

    pk: int
    name: str
    milestones: int
    workstreams: int
    groups: list[TimelineWorkstream] = field(default_factory=list)


@dataclass
class Timeline:
    priorities: list[TimelinePriority]  # those with workstreams on the page
    milestones: list[Milestone]  # the page's, in order
    total_milestones: int
    total_workstreams: int
    page: Page


def timeline_milestones(
    milestones: QuerySet, *, page: object = 1, per_page: int = TIMELINE_WORKSTREAMS_PER_PAGE
) -> Timeline:
    """Every milestone of `milestones` (the timeline's FilterSet, ordered by priority,
    workstream and date), a page of whole workstreams at a time; two queries:

    1. each priority's milestones and workstreams (GROUP BY): the headers' counts, the
       totals and so the number of pages;
    2. the milestones of the page's workstreams, chosen by a LIMIT/OFFSET subquery.
    """
    counts = list(
        milestones.order_by()
        .values("workstream__priority_id", "workstream__priority__name")
        .annotate(n=Count("pk"), ws=Count("workstream_id", distinct=True))
        .order_by("workstream__priority__order", "workstream__priority__name")
    )
    total_workstreams = sum(row["ws"] for row in counts)
    # The paginator counts positions in the list of workstreams, which query 1 gave.
    current = Paginator(range(total_workstreams), per_page).get_page(page)
    rows: list[Milestone] = []
    if total_workstreams:
        offset = (current.number - 1) * per_page
        page_workstreams = (
            Workstream.objects.filter(pk__in=milestones.order_by().values("workstream_id"))
            .order_by("priority__order", "priority__name", "code")
            .values("pk")[offset : offset + per_page]
        )
        rows = list(
            milestones.filter(workstream_id__in=page_workstreams).select_related(
                "workstream__priority", "owner"
            )
        )
    priorities = {
        row["workstream__priority_id"]: TimelinePriority(
            pk=row["workstream__priority_id"],
            name=row["workstream__priority__name"],
            milestones=row["n"],
            workstreams=row["ws"],
        )
        for row in counts
    }
    # The states' labels translated once for the page, not by get_state_display() per row.
    states = {value: str(label) for value, label in Milestone.State.choices}
    for milestone in rows:
        milestone.state_label = states.get(milestone.state, milestone.state)
        groups = priorities[milestone.workstream.priority_id].groups
        if not groups or groups[-1].workstream.pk != milestone.workstream_id:
            groups.append(TimelineWorkstream(workstream=milestone.workstream))
        groups[-1].milestones.append(milestone)
    return Timeline(
        priorities=[p for p in priorities.values() if p.groups],
        milestones=rows,
        total_milestones=sum(row["n"] for row in counts),
        total_workstreams=total_workstreams,
        page=current,
    )


def timeline_export_rows(milestones: QuerySet) -> QuerySet:
    """The timeline's milestones (its FilterSet, every page) as plain rows for the export;
    one query. A values() projection: an export holds every milestone of the period, and
    building four model instances per row would cost more than reading it."""
    return milestones.values(
        "title",
        "is_key",
        "baseline_date",
        "due_date",
        "state",
        "achieved_on",
        workstream_code=F("workstream__code"),
        workstream_title=F("workstream__title"),
        priority_name=F("workstream__priority__name"),
        owner_first_name=F("owner__first_name"),
        owner_last_name=F("owner__last_name"),
        owner_username=F("owner__username"),
    )
