"""Reads the organisation pages need."""

from dataclasses import dataclass

from organisation.models import OrgUnit


@dataclass(frozen=True)
class OrgChart:
    current: list[dict]  # the tree of units in force today
    target: list[dict]  # the organisation cible: every non-dissolved unit, planned ones included
    changes: list[OrgUnit]  # planned or experimental units: what the target changes


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


def org_chart() -> OrgChart:
    """Today's chart beside the target, from one query."""
    units = list(OrgUnit.objects.target().select_related("head", "parent").order_by("kind", "name"))
    current = [u for u in units if u.state != OrgUnit.State.PLANNED]
    changes = [u for u in units if u.state in (OrgUnit.State.PLANNED, OrgUnit.State.EXPERIMENTAL)]
    return OrgChart(current=_tree(current), target=_tree(units), changes=changes)
