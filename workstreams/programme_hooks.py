"""The workstreams' part of the programme pages (priorities.registry): how many each
programme holds, and which of a programme's workstreams may be carried over."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from priorities.registry import register_carry_over_candidates, register_programme_figures
from workstreams.models import Workstream


@register_programme_figures
def workstream_counts(programme_ids: list[int]) -> dict[int, list[tuple]]:
    rows = (
        Workstream.objects.active()
        .filter(programme_id__in=programme_ids)
        .values("programme_id")
        .annotate(total=Count("pk"))
        .order_by()
    )
    counts = {row["programme_id"]: row["total"] for row in rows}
    return {pk: [(_("chantiers"), counts.get(pk, 0))] for pk in programme_ids}


@register_carry_over_candidates
def unfinished_workstreams(programme) -> list[Workstream]:
    """The workstreams `workstreams_carry_over` accepts: not archived, not closed."""
    return list(
        Workstream.objects.filter(programme=programme)
        .active()
        .exclude(phase=Workstream.Phase.CLOSED)
        .only("pk", "code", "title")
        .order_by("code")
    )
