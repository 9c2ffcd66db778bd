"""Reads of the recruitment app: the list, its funnel, its export, one recruitment's page,
the tableau des emplois, the job profiles, the pipeline board and the DG's arbitration."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum, Window
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse
from django.utils import timezone

from organisation.models import OrgUnit
from recruitment.models import JobProfile, Position, Recruitment, StageChange
from recruitment.rules import ORDER

ORDER_IN_PROGRESS = [stage for stage in ORDER if stage not in Recruitment.FINAL_STAGES]


def recruitments_for_list() -> QuerySet[Recruitment]:
    """Every recruitment with what a list row or an export line shows."""
    return Recruitment.objects.select_related(
        "position__org_unit", "position__workstream", "hr_owner"
    )


class KeyedPaginator(Paginator):
    """Reads a page's rows by their keys: the sort runs on the list's own table (with what
    its filters and order join), and the joins of `select_related` for the page's rows
    only, not for every row before the sort (docs/performance.md has the figures)."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=keys), number, self)


def stage_funnel() -> list[tuple[str, str, int]]:
    """(stage, label, how many recruitments are at it), every stage in the procedure's
    order, zero included: one grouped query."""
    counts = dict(Recruitment.objects.order_by().values_list("stage").annotate(n=Count("pk")))
    return [(value, label, counts.get(value, 0)) for value, label in Recruitment.Stage.choices]


def recruitment_for_page() -> QuerySet[Recruitment]:
    """Recruitments with what their page shows of the position, in the same query."""
    return Recruitment.objects.select_related(
        "position__org_unit",
        "position__workstream",
        "position__job_profile",
        "position__contract_legal_basis",
        "hr_owner",
        "republication_of",
    )


def stage_changes_of(recruitment: Recruitment) -> QuerySet[StageChange]:
    return recruitment.stage_changes.select_related("actor")


# --- Positions, job profiles, the board and the arbitration -------------------------------


def direction_of(unit: OrgUnit) -> OrgUnit:
    """The unit's direction (or pôle): itself or the first such unit above it, from what
    `select_related("org_unit__parent__parent")` already loaded."""
    current, depth = unit, 0
    while current is not None and depth < 3:
        if current.kind in (OrgUnit.Kind.DIRECTION, OrgUnit.Kind.POLE):
            return current
        current, depth = current.parent, depth + 1
    return unit


def positions_table() -> QuerySet[Position]:
    """The tableau des emplois: each post not suppressed, with the stage of its open
    recruitment (a subquery: one query for a page of them)."""
    open_stage = Recruitment.objects.in_progress().filter(position=OuterRef("pk")).order_by("-pk")
    return (
        Position.objects.filter(suppressed_on__isnull=True)
        .select_related("org_unit")
        .annotate(open_stage=Subquery(open_stage.values("stage")[:1]))
        .order_by("org_unit__name", "title", "pk")
    )


def with_labels(rows, **choices) -> list:
    """`rows` as a list, each with `<field>_label`, the words of its value among
    `choices[field]` (a `TextChoices`): translated once per list, where
    `get_<field>_display` translates every choice again for each row."""
    rows = list(rows)
    for field, options in choices.items():
        labels = {value: str(label) for value, label in options.choices}
        for row in rows:
            setattr(row, f"{field}_label", labels.get(getattr(row, field), ""))
    return rows


def with_stage_labels(positions) -> list[Position]:
    """The rows of `positions_table`, each with its nature and its open recruitment's
    stage as words."""
    return with_labels(positions, nature=Position.Nature, open_stage=Recruitment.Stage)


def positions_totals(positions: QuerySet[Position] | None = None) -> dict:
    """Budgeted posts, filled, vacant, their ETP and yearly cost, of `positions` (every
    post by default): one query. A post to be deleted still counts until it is
    suppressed."""
    budgeted = Q(suppressed_on__isnull=True)
    positions = Position.objects.all() if positions is None else positions
    totals = positions.order_by().aggregate(
        budgeted=Count("pk", filter=budgeted),
        filled=Count("pk", filter=budgeted & Q(is_filled=True)),
        fte_budgeted=Coalesce(Sum("fte", filter=budgeted), Decimal("0")),
        fte_filled=Coalesce(Sum("fte", filter=budgeted & Q(is_filled=True)), Decimal("0")),
        cost_budgeted=Coalesce(Sum("yearly_cost", filter=budgeted), Decimal("0")),
    )
    totals["vacant"] = totals["budgeted"] - totals["filled"]
    totals["fte_vacant"] = totals["fte_budgeted"] - totals["fte_filled"]
    return totals


def profiles_for_list() -> QuerySet[JobProfile]:
    return JobProfile.objects.select_related(
        "position__org_unit", "director_signed_by", "dg_signed_by"
    ).order_by("state", "position__title", "pk")


def profile_versions(profile: JobProfile):
    """Each saved version of the fiche, newest first, with who saved it."""
    return profile.history.select_related("history_user").order_by("-history_date", "-pk")


BOARD_CARDS = 10


@dataclass(frozen=True)
class Card:
    """A recruitment as a card of the board shows it."""

    pk: int
    title: str
    unit: str
    workstream: str
    stage_changed_at: dt.datetime
    is_late: bool

    @property
    def since(self) -> str:
        """The day it reached its stage, 03/07/2021 (the `date` filter costs 20 µs a card)."""
        return timezone.localtime(self.stage_changed_at).strftime("%d/%m/%Y")

    def get_absolute_url(self) -> str:
        return reverse("recruitment:recruitment-detail", args=[self.pk])


def board(recruitments: QuerySet[Recruitment], *, cards: int = BOARD_CARDS) -> list[dict]:
    """The pipeline: a column per stage of the procedure, in order, each with how many
    recruitments are at it, how many of them are late (in the stage longer than the
    reminder's delay) and its first `cards` (the oldest in the stage first: those stuck
    longest). Two queries of plain values: the cards, the first rows of each stage with
    the stage's counts as windows over every one of its recruitments; then the cards'
    posts with their unit and workstream (joined for the cards alone, not for every
    recruitment before the windows)."""
    late_before = timezone.now() - dt.timedelta(days=settings.CAP_RECRUITMENT_STUCK_DAYS)
    stage = [F("stage")]
    rows = list(
        recruitments.in_progress()
        .annotate(
            rank=Window(RowNumber(), partition_by=stage, order_by=[F("stage_changed_at"), F("pk")]),
            in_stage=Window(Count("pk"), partition_by=stage),
            late_in_stage=Window(
                Count("pk", filter=Q(stage_changed_at__lt=late_before)), partition_by=stage
            ),
        )
        .filter(rank__lte=cards)
        .order_by("stage", "rank")
        .values_list("pk", "stage", "stage_changed_at", "position_id", "in_stage", "late_in_stage")
    )
    posts = {
        pk: (title, f"{unit} ({acronym})" if acronym else unit, code or "")
        for pk, title, unit, acronym, code in Position.objects.filter(
            pk__in=[row[3] for row in rows]
        ).values_list("pk", "title", "org_unit__name", "org_unit__acronym", "workstream__code")
    }
    columns = {
        value: {"stage": value, "label": Recruitment.Stage(value).label, "cards": []}
        for value in ORDER_IN_PROGRESS
    }
    counts: dict[str, tuple[int, int]] = {}
    for pk, value, changed_at, position_id, in_stage, late_in_stage in rows:
        title, unit, code = posts[position_id]
        card = Card(pk, title, unit, code, changed_at, is_late=changed_at < late_before)
        columns[value]["cards"].append(card)
        counts[value] = (in_stage, late_in_stage)
    for value, column in columns.items():
        column["count"], column["late"] = counts.get(value, (0, 0))
    return list(columns.values())


ARBITRATED_NATURES = (
    Position.Nature.CREATION,
    Position.Nature.DELETION,
    Position.Nature.TRANSFORMATION,
)


def arbitration_positions(programme) -> QuerySet[Position]:
    """The posts a programme's workstreams create, delete or transform."""
    return Position.objects.filter(workstream__programme=programme, nature__in=ARBITRATED_NATURES)


def arbitration_rows(positions) -> list[Position]:
    """The posts of a page (a slice of `arbitration_order`), each with its direction and
    whether it is arbitrated."""
    rows = with_labels(positions, nature=Position.Nature, budget_state=Position.BudgetState)
    for position in rows:
        position.direction = direction_of(position.org_unit)
        position.arbitrated = position.budget_state != Position.BudgetState.PENDING
    return rows


def arbitration_order(positions: QuerySet[Position]) -> QuerySet[Position]:
    """Grouped by workstream then direction (the template regroups this order), with what
    a row shows."""
    return positions.select_related("workstream", "org_unit__parent__parent").order_by(
        "workstream__code", "org_unit__name", "title", "pk"
    )


def arbitration_totals(positions: QuerySet[Position]) -> list[dict]:
    """ETP and yearly cost of `positions` by nature and budget state: one grouped query
    over every post concerned, not one page of them."""
    sums = {
        (row["nature"], row["budget_state"]): row
        for row in positions.order_by()
        .values("nature", "budget_state")
        .annotate(
            count=Count("pk"),
            fte=Coalesce(Sum("fte"), Decimal("0")),
            cost=Coalesce(Sum("yearly_cost"), Decimal("0")),
        )
    }
    empty = {"count": 0, "fte": Decimal("0"), "cost": Decimal("0")}
    return [
        {
            "nature": nature.value,
            "nature_label": nature.label,
            "state": state.value,
            "state_label": state.label,
            "arbitrated": state != Position.BudgetState.PENDING,
            **{key: sums.get((nature.value, state.value), empty)[key] for key in empty},
        }
        for nature in ARBITRATED_NATURES
        for state in Position.BudgetState
    ]
