"""Reads the organisation pages need."""

from dataclasses import dataclass

from organisation.models import OrgUnit


@dataclass
class OutlineRow:
    """One unit of a tree drawn as nested lists from a flat loop: `opens` when its
    children's list follows it, `closes` the lists (and their units' items) that end
    after it."""

    unit: dict
    opens: bool
    closes: int = 0

    @property
    def closed_lists(self) -> range:
        return range(self.closes)


@dataclass(frozen=True)
class OrgChart:
    current: list[OutlineRow]  # the tree of units in force today
    target: list[
        OutlineRow
    ]  # the organisation cible: every non-dissolved unit, planned ones included
    changes: list[dict]  # planned or experimental units: what the target changes


def _outline(units: list[dict]) -> list[OutlineRow]:
    """The units in tree order, each under its parent; a unit whose parent is not in the
    set is a root. Drawn by one loop (organisation/_tree.html), not one include per unit."""
    by_parent: dict[int | None, list[dict]] = {}
    ids = {unit["pk"] for unit in units}
    for unit in units:
        parent = unit["parent_id"] if unit["parent_id"] in ids else None
        by_parent.setdefault(parent, []).append(unit)
    rows: list[OutlineRow] = []

    def walk(parent_id: int | None) -> None:
        for unit in by_parent.get(parent_id, []):
            rows.append(OutlineRow(unit, opens=unit["pk"] in by_parent))
            if unit["pk"] in by_parent:
                walk(unit["pk"])
                rows[-1].closes += 1  # the last unit below it ends its list

    walk(None)
    return rows


def _unit_label(name: str, acronym: str) -> str:
    return f"{name} ({acronym})" if acronym else name  # as OrgUnit.__str__


def unit_choices(units=None) -> list[tuple[int, str]]:
    """(id, label) of `units` (every unit by default) in their order, labelled as
    OrgUnit.__str__ does, read as plain rows: the options of a select of a few hundred
    units without building them as models."""
    units = OrgUnit.objects.all() if units is None else units
    return [
        (pk, _unit_label(name, acronym))
        for pk, name, acronym in units.values_list("pk", "name", "acronym")
    ]


def person_choices(people) -> list[tuple[int, str]]:
    """(id, label) of the people of a queryset in its order, labelled as User.__str__
    does (full name, else username), read as plain rows (see unit_choices)."""
    return [
        (pk, f"{first} {last}".strip() or username)
        for pk, first, last, username in people.values_list(
            "pk", "first_name", "last_name", "username"
        )
    ]


def org_chart() -> OrgChart:
    """Today's chart beside the target, from one query. Plain rows, not model instances
    (a few hundred units, their heads and parents, read once), with each unit's kind and
    state as words (`kind_label`, `state_label`), its head's name and its parent's."""
    rows = (
        OrgUnit.objects.target()
        .order_by("kind", "name")
        .values(
            "pk",
            "parent_id",
            "name",
            "acronym",
            "kind",
            "state",
            "parent__name",
            "parent__acronym",
            "head__first_name",
            "head__last_name",
            "head__username",
        )
    )
    # Translated once: a lazy label is translated again each time a unit prints it.
    kinds = {value: str(label) for value, label in OrgUnit.Kind.choices}
    states = {value: str(label) for value, label in OrgUnit.State.choices}
    units = []
    for row in rows:
        head = ""
        if row["head__username"] is not None:  # as User.__str__: full name, else username
            full = f"{row['head__first_name']} {row['head__last_name']}".strip()
            head = full or row["head__username"]
        units.append(
            {
                "pk": row["pk"],
                "parent_id": row["parent_id"],
                "name": row["name"],
                "acronym": row["acronym"],
                "label": _unit_label(row["name"], row["acronym"]),
                "kind_label": kinds.get(row["kind"], row["kind"]),
                "state": row["state"],
                "state_label": states.get(row["state"], row["state"]),
                "head": head,
                "parent": _unit_label(row["parent__name"], row["parent__acronym"])
                if row["parent_id"]
                else "",
            }
        )
    current = [u for u in units if u["state"] != OrgUnit.State.PLANNED]
    changes = [
        u for u in units if u["state"] in (OrgUnit.State.PLANNED, OrgUnit.State.EXPERIMENTAL)
    ]
    return OrgChart(current=_outline(current), target=_outline(units), changes=changes)
