"""The organisation chart: today beside the target."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from organisation.models import OrgUnit
from organisation.permissions import can_open_section


def _tree(units: list[OrgUnit]) -> list[dict]:
    """Nest units under their parents; a unit whose parent is not in the set is a root."""
    by_parent: dict[int | None, list[OrgUnit]] = {}
    ids = {unit.pk for unit in units}
    for unit in units:
        parent = unit.parent_id if unit.parent_id in ids else None
        by_parent.setdefault(parent, []).append(unit)

    def build(parent_id: int | None) -> list[dict]:
        return [{"unit": unit, "children": build(unit.pk)} for unit in by_parent.get(parent_id, [])]

    return build(None)


@require_GET
def chart(request: HttpRequest) -> HttpResponse:
    if not can_open_section(request.user, "organisation"):
        raise PermissionDenied
    units = list(OrgUnit.objects.target().select_related("head", "parent").order_by("kind", "name"))
    current = [u for u in units if u.state != OrgUnit.State.PLANNED]
    changes = [u for u in units if u.state in (OrgUnit.State.PLANNED, OrgUnit.State.EXPERIMENTAL)]
    return render(
        request,
        "organisation/chart.html",
        {"current": _tree(current), "target": _tree(units), "changes": changes},
    )
