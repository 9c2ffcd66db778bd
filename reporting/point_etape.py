"""The point d'étape's content: what the élus may see of a programme, as plain JSON.

The live report and every frozen edition render the same dictionary with the same
templates, so an edition re-rendered years later shows the same content byte for byte:
labels (a phase's name, a decision's kind) are written in it as they read on the day,
dates as ISO strings, and nothing is looked up again when it is shown.

Only published content: the public summary, weather, progress and date of each
workstream's latest *published* status update; decisions marked as published; the
agenda of the élus' coming meetings; counts of posts (no personal data). The actions
("ce qui a été fait / ce qui reste à faire") and the key milestones are the programme's
own commitments, which the élus' pages already show.

A fixed number of queries whatever the volume (tests/reporting/test_progress_report.py).
"""

import datetime as dt

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import ngettext

from governance.models import AgendaItem, Body, Decision, Meeting
from organisation.models import OrgUnit
from priorities.models import Domain, FrameworkDocument, MandatePriority, Priority, Programme
from recruitment.models import Position
from workstreams.models import Action, Milestone, Workstream

CONTENT_FORMAT = 1
ACTIONS_PER_LIST = 5  # done and remaining actions listed per workstream (with their counts)
DECISIONS_LIMIT = 100
AWAITED_LIMIT = 30
POSTS_LIMIT = 40

# The frame of the programme document, in the order it reads: the élus' and the Maire's
# documents lead to the projet d'administration, which the adaptation project implements.
FRAME_ORDER = [
    FrameworkDocument.Kind.MISSION_LETTER,
    FrameworkDocument.Kind.MANDATE_PROJECT,
    FrameworkDocument.Kind.METROPOLITAN_PROJECT,
    FrameworkDocument.Kind.DIRECTION_PROJECT,
    FrameworkDocument.Kind.ADMINISTRATION_PROJECT,
    FrameworkDocument.Kind.ADAPTATION_PROJECT,
]
# Which column of the frame's diagram each kind stands in.
FRAME_COLUMN = {
    FrameworkDocument.Kind.MISSION_LETTER: 0,
    FrameworkDocument.Kind.MANDATE_PROJECT: 0,
    FrameworkDocument.Kind.METROPOLITAN_PROJECT: 0,
    FrameworkDocument.Kind.DIRECTION_PROJECT: 0,
    FrameworkDocument.Kind.ADMINISTRATION_PROJECT: 1,
    FrameworkDocument.Kind.ADAPTATION_PROJECT: 1,
}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def build_content(programme: Programme | None, *, on: dt.date | None = None) -> dict:
    """Everything the point d'étape of `programme` shows on `on` (today by default)."""
    on = on or timezone.localdate()
    content: dict = {
        "format": CONTENT_FORMAT,
        "date": on.isoformat(),
        "commune": "",
        "programme": None,
        "frame": [],
        "components": [],
        "domains": [],
        "mandate_priorities": [],
        "priorities": [],
        "milestones": [],
        "phases": [],
        "axes": [],
        "decisions": [],
        "awaited": [],
        "posts": {"created": 0, "created_filled": 0, "replaced": 0, "replaced_filled": 0},
        "post_rows": [],
        "org_target": [],
    }
    if programme is None:
        return content
    content["commune"] = programme.commune.name
    content["programme"] = {
        "id": programme.pk,
        "name": programme.name,
        "short_name": programme.short_name,
        "slug": programme.slug,
        "state": str(programme.get_state_display()),
        "start_date": _iso(programme.start_date),
        "end_date": _iso(programme.end_date),
        "description": programme.description,
    }
    content["frame"] = _frame(programme)
    content["components"] = list(
        programme.components.order_by("order", "name").values_list("name", flat=True)
    )
    content["domains"] = [
        {"number": d.number, "name": d.name}
        for d in Domain.objects.filter(mandate_id=programme.mandate_id).order_by("number")
    ]
    content["mandate_priorities"] = list(
        MandatePriority.objects.filter(mandate_id=programme.mandate_id)
        .order_by("order", "name")
        .values_list("name", flat=True)
    )
    workstreams = _workstreams(programme)
    content["priorities"] = _priorities(programme, workstreams)
    content["milestones"] = _key_milestones(programme)
    content["phases"] = _counts(workstreams, "phase", Workstream.Phase)
    content["axes"] = _counts(workstreams, "axis", Workstream.Axis)
    content["decisions"] = _decisions(programme)
    content["awaited"] = _awaited(programme, on)
    content["posts"], content["post_rows"] = _posts(programme)
    content["org_target"] = org_target_rows()
    return content


def _frame(programme: Programme) -> list[dict]:
    rank = {kind: index for index, kind in enumerate(FRAME_ORDER)}
    documents = sorted(
        programme.framework_documents.all(),
        key=lambda d: (rank.get(d.kind, len(rank)), d.date or dt.date.min, d.title),
    )
    return [
        {
            "kind": d.kind,
            "kind_label": str(d.get_kind_display()),
            "column": FRAME_COLUMN.get(d.kind, 0),
            "title": d.title,
            "date": _iso(d.date),
            "summary": d.summary,
        }
        for d in documents
    ]


def _person(row: dict, prefix: str) -> str:
    """A person's name from a row's columns, as User.__str__ reads it (full name, else
    username); "" for no person."""
    full = f"{row[prefix + 'first_name'] or ''} {row[prefix + 'last_name'] or ''}".strip()
    return full or row[prefix + "username"] or ""


def _unit(row: dict, prefix: str) -> str:
    """A unit's name from a row's columns, as OrgUnit.__str__ reads it; "" for no unit."""
    name, acronym = row[prefix + "name"], row[prefix + "acronym"]
    if name is None:
        return ""
    return f"{name} ({acronym})" if acronym else name


_PERSON = ("first_name", "last_name", "username")


def _workstreams(programme: Programme) -> list[dict]:
    """One query for the workstreams, one for their actions (the first of each list, with
    the list's count).

    Plain rows, not model instances: a thousand workstreams with their owner, sponsor,
    unit and component built as models cost more CPU than all the page's SQL, for a dozen
    columns read once."""
    rows = list(
        Workstream.objects.active()
        .filter(programme=programme)
        .with_published_status()
        .order_by("priority__order", "code")
        .values(
            "pk",
            "priority_id",
            "code",
            "title",
            "phase",
            "axis",
            "weight",
            "public_weather",
            "public_progress",
            "public_update_on",
            "public_summary",
            "component__name",
            "org_unit__name",
            "org_unit__acronym",
            *(f"owner__{name}" for name in _PERSON),
            *(f"sponsor__{name}" for name in _PERSON),
        )
    )
    done_states = [Action.State.DONE]
    remaining_states = [Action.State.TODO, Action.State.IN_PROGRESS]
    by_list = [F("workstream_id"), F("state")]
    by_due_date = [F("due_date").asc(nulls_last=True), F("pk").asc()]  # on every database
    firsts: dict[tuple[int, bool], list[str]] = {}
    counts: dict[tuple[int, str], int] = {}
    listed = (
        Action.objects.filter(
            workstream__in=Workstream.objects.active().filter(programme=programme),
            state__in=done_states + remaining_states,
        )
        .annotate(
            row=Window(
                RowNumber(),
                partition_by=by_list,
                order_by=by_due_date,
            ),
            total=Window(Count("pk"), partition_by=by_list),
        )
        .filter(row__lte=ACTIONS_PER_LIST)
        .order_by("workstream_id", *by_due_date)
        .values_list("workstream_id", "state", "title", "total")
    )
    for workstream_id, state, title, total in listed:
        firsts.setdefault((workstream_id, state == Action.State.DONE), []).append(title)
        counts[workstream_id, state] = total
    # Labels read once: get_FOO_display() rebuilds its choices on every call.
    phases = {value: str(label) for value, label in Workstream.Phase.choices}
    axes = {value: str(label) for value, label in Workstream.Axis.choices}
    result = []
    for w in rows:
        pk = w["pk"]
        published = w["public_update_on"] is not None
        result.append(
            {
                "id": pk,
                "priority_id": w["priority_id"],
                "code": w["code"],
                "title": w["title"],
                "pilot": _person(w, "owner__"),
                "org_unit": _unit(w, "org_unit__"),
                "sponsor": _person(w, "sponsor__"),
                "component": w["component__name"] or "",
                "phase": w["phase"],
                "phase_label": phases.get(w["phase"], w["phase"]),
                "axis": w["axis"],
                "axis_label": axes.get(w["axis"], w["axis"]) if w["axis"] else "",
                "weight": w["weight"],
                "weather": w["public_weather"] if published else None,
                "progress": w["public_progress"] if published else None,
                "update_on": _iso(w["public_update_on"]),
                "summary": (w["public_summary"] or "") if published else "",
                "done": firsts.get((pk, True), [])[:ACTIONS_PER_LIST],
                "done_total": counts.get((pk, Action.State.DONE), 0),
                "remaining": firsts.get((pk, False), [])[:ACTIONS_PER_LIST],
                "remaining_total": sum(counts.get((pk, s), 0) for s in remaining_states),
            }
        )
    return result


def _priorities(programme: Programme, workstreams: list[dict]) -> list[dict]:
    priorities = list(
        Priority.objects.filter(programme=programme)
        .select_related("lead")
        .prefetch_related("mandate_priorities", "domains")
        .order_by("order", "name")
    )
    by_priority: dict[int, list[dict]] = {p.pk: [] for p in priorities}
    for w in workstreams:
        by_priority.setdefault(w["priority_id"], []).append(w)
    sections = []
    for p in priorities:
        rows = by_priority[p.pk]
        weighted = [(w["weight"], w["progress"]) for w in rows if w["progress"] is not None]
        weights = sum(weight for weight, _ in weighted)
        counts = {"on_track": 0, "at_risk": 0, "off_track": 0, "none": 0}
        for w in rows:
            counts[w["weather"] or "none"] += 1
        sections.append(
            {
                "id": p.pk,
                "code": p.code,
                "name": p.name,
                "description": p.description,
                "lead": _name(p.lead),
                "mandate_priorities": [m.name for m in p.mandate_priorities.all()],
                "domains": [str(d) for d in p.domains.all()],
                "progress": (
                    round(sum(weight * value for weight, value in weighted) / weights, 1)
                    if weights
                    else None
                ),
                "weather_counts": counts,
                "workstreams": rows,
            }
        )
    return sections


def _key_milestones(programme: Programme) -> list[dict]:
    """Every key milestone of the programme's active workstreams: the calendar draws
    some of them, the comparison between editions needs them all."""
    states = {value: str(label) for value, label in Milestone.State.choices}
    rows = (
        Milestone.objects.active()
        .filter(workstream__programme=programme, is_key=True)
        .order_by("due_date", "pk")
        .values(
            "pk",
            "title",
            "due_date",
            "baseline_date",
            "state",
            "achieved_on",
            "workstream__code",
            "workstream__priority_id",
        )
    )
    return [
        {
            "id": m["pk"],
            "workstream": m["workstream__code"],
            "priority_id": m["workstream__priority_id"],
            "title": m["title"],
            "due_date": _iso(m["due_date"]),
            "baseline_date": _iso(m["baseline_date"]),
            "state": m["state"],
            "state_label": states.get(m["state"], m["state"]),
            "achieved_on": _iso(m["achieved_on"]),
        }
        for m in rows
    ]


def _counts(workstreams: list[dict], key: str, choices) -> list[dict]:
    counts: dict[str, int] = {}
    for w in workstreams:
        counts[w[key]] = counts.get(w[key], 0) + 1
    return [
        {"value": value, "label": str(label), "count": counts.get(value, 0)}
        for value, label in choices.choices
        if value or counts.get(value)
    ]


def _decisions(programme: Programme) -> list[dict]:
    kinds = {value: str(label) for value, label in Decision.Kind.choices}
    rows = (
        Decision.objects.published()
        .filter(Q(workstream__isnull=True) | Q(workstream__programme=programme))
        .select_related("workstream", "meeting__body")
        .only(
            "date",
            "kind",
            "text",
            "workstream__code",
            "meeting__body__name",
            "meeting__body__short_name",
        )
        .order_by("-date", "-pk")[:DECISIONS_LIMIT]
    )
    return [
        {
            "id": d.pk,
            "date": _iso(d.date),
            "kind_label": kinds.get(d.kind, d.kind),
            "workstream": d.workstream.code if d.workstream else "",
            "body": str(d.meeting.body) if d.meeting else "",
            "text": d.text,
        }
        for d in rows
    ]


def _awaited(programme: Programme, on: dt.date) -> list[dict]:
    """What the élus will be asked to decide: the decision and consultation items of the
    coming meetings of the political bodies (bureau, conseil, séminaire)."""
    rows = (
        AgendaItem.objects.filter(
            meeting__body__kind=Body.Kind.POLITICAL,
            meeting__state=Meeting.State.PLANNED,
            meeting__starts_at__date__gte=on,
            kind__in=[AgendaItem.Kind.DECISION, AgendaItem.Kind.CONSULTATION],
        )
        .filter(Q(workstream__isnull=True) | Q(workstream__programme=programme))
        .select_related("meeting__body", "workstream")
        .order_by("meeting__starts_at", "order", "pk")[:AWAITED_LIMIT]
    )
    return [
        {
            "id": item.pk,
            "date": _iso(timezone.localtime(item.meeting.starts_at).date()),
            "body": str(item.meeting.body),
            "title": item.title,
            "kind_label": str(item.get_kind_display()),
            "workstream": item.workstream.code if item.workstream else "",
        }
        for item in rows
    ]


def _posts(programme: Programme) -> tuple[dict, list[dict]]:
    """Posts created or replaced for the programme's workstreams: counts, then the created
    posts by title and unit (a post, never a person)."""
    positions = Position.objects.filter(
        workstream__programme=programme,
        suppressed_on__isnull=True,
        nature__in=[Position.Nature.CREATION, Position.Nature.REPLACEMENT],
    )
    totals = positions.aggregate(
        created=Count("pk", filter=Q(nature=Position.Nature.CREATION)),
        created_filled=Count("pk", filter=Q(nature=Position.Nature.CREATION, is_filled=True)),
        replaced=Count("pk", filter=Q(nature=Position.Nature.REPLACEMENT)),
        replaced_filled=Count("pk", filter=Q(nature=Position.Nature.REPLACEMENT, is_filled=True)),
    )
    rows = (
        positions.filter(nature=Position.Nature.CREATION)
        .select_related("org_unit", "workstream")
        .order_by("workstream__code", "title", "pk")[:POSTS_LIMIT]
    )
    return totals, [
        {
            "title": p.title,
            "org_unit": str(p.org_unit),
            "workstream": p.workstream.code if p.workstream else "",
            "category": p.category,
            "filled": p.is_filled,
        }
        for p in rows
    ]


# The outline of the organisation cible on the élus' page: its pôles, directions and
# missions, and every unit the programme creates or changes (not "en place"); the current
# services, units and cells below them are counted, and listed on its own page.
OUTLINE_KINDS = frozenset({OrgUnit.Kind.POLE, OrgUnit.Kind.DIRECTION, OrgUnit.Kind.MISSION})


def org_target_rows(*, outline: bool = False) -> list[dict]:
    """The organisation cible: every unit not dissolved, planned ones included, as a flat
    list in tree order with each unit's depth; with `outline`, only the units of
    OUTLINE_KINDS and those not yet in place, each counting the units left out below it."""
    # Plain rows, not model instances: a few hundred units built as models cost more CPU
    # than the page's SQL at scale 10, for six columns read once.
    units = list(
        OrgUnit.objects.target()
        .order_by("kind", "name")
        .values("pk", "parent_id", "kind", "name", "acronym", "state")
    )
    ids = {u["pk"] for u in units}
    children: dict[int | None, list[dict]] = {}
    for unit in units:
        parent = unit["parent_id"]
        children.setdefault(parent if parent in ids else None, []).append(unit)
    flat: list[dict] = []
    # Labels read once: a model's get_FOO_display() rebuilds its choices (lazy, translated
    # on each hash) on every call, which for the few hundred units cost more than the rest.
    kind_labels = {value: str(label) for value, label in OrgUnit.Kind.choices}
    state_labels = {value: str(label) for value, label in OrgUnit.State.choices}

    def shown(unit: dict) -> bool:
        return (
            not outline or unit["kind"] in OUTLINE_KINDS or unit["state"] != OrgUnit.State.CURRENT
        )

    def walk(parent: int | None, depth: int) -> int:
        """Add the units under `parent`; answer how many were left out (outline)."""
        left_out = 0
        for unit in children.get(parent, []):
            if not shown(unit):
                left_out += 1 + walk(unit["pk"], depth)
                continue
            row = {
                "name": unit["name"],
                "acronym": unit["acronym"],
                "kind_label": kind_labels.get(unit["kind"], unit["kind"]),
                "state": unit["state"],
                "state_label": state_labels.get(unit["state"], unit["state"]),
                "depth": depth,
            }
            flat.append(row)
            hidden = row["hidden_below"] = walk(unit["pk"], depth + 1)
            # Worded here, once per unit shown, rather than by a blocktranslate per row.
            row["hidden_label"] = (
                ngettext("— et %(n)s entité rattachée", "— et %(n)s entités rattachées", hidden)
                % {"n": hidden}
                if hidden
                else ""
            )
        return left_out

    walk(None, 0)
    return flat
