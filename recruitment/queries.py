"""Reads of the recruitment app: the list, its funnel, its export, one recruitment's page."""

from django.db.models import Count, QuerySet

from recruitment.models import Recruitment, StageChange


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
    )


def stage_changes_of(recruitment: Recruitment) -> QuerySet[StageChange]:
    return recruitment.stage_changes.select_related("actor")
