"""Reads of the recruitment app: the list, its funnel, its export, one recruitment's page,
the tableau des emplois, the job profiles, the pipeline board and the DG's arbitration."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
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


def positions_table(*, include_suppressed: bool = False) -> list[Position]:
    """The tableau des emplois: each post with the stage of its open recruitment. One
    query."""
    open_stage = Recruitment.objects.in_progress().filter(position=OuterRef("pk")).order_by("-pk")
    positions = Position.objects.select_related("org_unit").annotate(
        open_stage=Subquery(open_stage.values("stage")[:1])
    )
    if not include_suppressed:
        positions = positions.filter(suppressed_on__isnull=True)
    labels = dict(Recruitment.Stage.choices)
    rows = list(positions.order_by("org_unit__name", "title"))
    for position in rows:
        position.open_stage_label = labels.get(position.open_stage, "")
    return rows


def positions_totals() -> dict:
    """Budgeted posts, filled, vacant, their ETP and yearly cost: one query. A post to be
    deleted still counts until it is suppressed."""
    budgeted = Q(suppressed_on__isnull=True)
    totals = Position.objects.aggregate(
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
    ).order_by("state", "position__title")


def profile_versions(profile: JobProfile):
    """Each saved version of the fiche, newest first, with who saved it."""
    return profile.history.select_related("history_user").order_by("-history_date", "-pk")


def board(recruitments: QuerySet[Recruitment]) -> list[dict]:
    """The pipeline: a column per stage of the procedure, in order, each with its cards and
    how many are late (in the stage longer than the reminder's delay). One query."""
    late_before = timezone.now() - dt.timedelta(days=settings.CAP_RECRUITMENT_STUCK_DAYS)
    by_stage: dict[str, list[Recruitment]] = {}
    for recruitment in recruitments.in_progress().order_by("stage_changed_at", "pk"):
        recruitment.is_late = recruitment.stage_changed_at < late_before
        by_stage.setdefault(recruitment.stage, []).append(recruitment)
    return [
        {
            "stage": stage,
            "label": Recruitment.Stage(stage).label,
            "cards": by_stage.get(stage, []),
            "late": sum(1 for r in by_stage.get(stage, []) if r.is_late),
        }
        for stage in ORDER_IN_PROGRESS
    ]


ARBITRATED_NATURES = (
    Position.Nature.CREATION,
    Position.Nature.DELETION,
    Position.Nature.TRANSFORMATION,
)


def arbitration(programme) -> list[Position]:
    """The posts a programme's workstreams create, delete or transform, grouped by
    workstream then direction (the template regroups this order). One query."""
    positions = list(
        Position.objects.filter(workstream__programme=programme, nature__in=ARBITRATED_NATURES)
        .select_related("workstream", "org_unit__parent__parent")
        .order_by("workstream__code", "org_unit__name", "title")
    )
    for position in positions:
        position.direction = direction_of(position.org_unit)
        position.arbitrated = position.budget_state != Position.BudgetState.PENDING
    return positions


def arbitration_totals(positions: list[Position]) -> list[dict]:
    """ETP and yearly cost by nature, arbitrated or waiting (a deletion counts negative)."""
    rows = []
    for nature in ARBITRATED_NATURES:
        for arbitrated in (True, False):
            chosen = [p for p in positions if p.nature == nature and p.arbitrated == arbitrated]
            rows.append(
                {
                    "nature": Position.Nature(nature).label,
                    "arbitrated": arbitrated,
                    "count": len(chosen),
                    "fte": sum((p.fte for p in chosen), Decimal("0")),
                    "cost": sum((p.yearly_cost for p in chosen), Decimal("0")),
                }
            )
    return rows
