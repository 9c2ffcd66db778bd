"""From a point d'étape's content (reporting.point_etape) to what its templates draw.

Everything here is computed from the content alone, so a frozen edition draws the same
diagram and calendar forever."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from reporting import charts
from workstreams.models import Milestone

CALENDAR_LIMIT = 24  # key milestones drawn on the calendar; the table lists the same ones
KEYS_PER_WORKSTREAM = 6  # key milestones listed under each workstream


def parse(day: str | None) -> dt.date | None:
    return dt.date.fromisoformat(day) if day else None


def short_date(day: dt.date) -> str:
    """03/07/2021: what the date filter writes for "d/m/Y" (the same in every language),
    without its locale lookups, for the thousands of dates a point d'étape prints."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


# --- The frame: documents → projet d'administration → programme → priorities ------------


def _colours(fill: str, stroke: str, text: str = charts.INK, weight: str = "400") -> dict:
    return {"fill": fill, "stroke": stroke, "text": text, "weight": weight}


FRAME_COLOURS = {
    "document": _colours(charts.WHITE, charts.BLUE),
    "programme": _colours(charts.BLUE, charts.BLUE, charts.WHITE, "700"),
    "component": _colours("#e8edf3", charts.BLUE),
    "priority": _colours("#fff1e0", "#a44c00"),
}


@dataclass
class FrameBox:
    x: int
    y: int
    width: int
    height: int
    lines: list[str]
    kind: str  # "document", "programme", "component", "priority"

    @property
    def colours(self) -> dict[str, str]:
        """Presentation attributes, not CSS: WeasyPrint's SVG reads only those."""
        return FRAME_COLOURS[self.kind]

    @property
    def text_x(self) -> int:
        return self.x + self.width // 2

    @property
    def first_line_y(self) -> int:
        return self.y + self.height // 2 - 8 * (len(self.lines) - 1) + 5


@dataclass
class FrameArrow:
    x1: int
    y1: int
    x2: int
    y2: int


@dataclass
class FrameDiagram:
    width: int
    height: int
    boxes: list[FrameBox] = field(default_factory=list)
    arrows: list[FrameArrow] = field(default_factory=list)
    headings: list[dict] = field(default_factory=list)


def frame_diagram(content: dict) -> FrameDiagram | None:
    """Four columns: the documents that frame the programme, the administration and
    adaptation projects, the programme with its components, its priorities."""
    programme = content.get("programme")
    if programme is None:
        return None
    columns: list[list[tuple[list[str], str]]] = [[], [], [], []]
    for document in content["frame"]:
        columns[document["column"]].append((charts.wrap(document["title"], 24), "document"))
    columns[2].append((charts.wrap(programme["name"], 24, 3), "programme"))
    columns[2] += [(charts.wrap(name, 24), "component") for name in content["components"]]
    columns[3] = [(charts.wrap(p["name"], 26), "priority") for p in content["priorities"]]
    width_of, gap_x, left, top, gap_y = 210, 60, 10, 40, 12
    heights = {1: 34, 2: 50, 3: 66}
    diagram = FrameDiagram(width=left * 2 + width_of * 4 + gap_x * 3, height=0)
    titles = [
        _("Cadre politique et stratégique"),
        _("Projets de l'administration"),
        _("Le programme et ses composantes"),
        _("Ses priorités"),
    ]
    bottoms = []
    for index, column in enumerate(columns):
        x = left + index * (width_of + gap_x)
        diagram.headings.append({"x": x + width_of // 2, "y": 20, "text": titles[index]})
        y = top
        for lines, kind in column:
            height = heights.get(len(lines), 66)
            diagram.boxes.append(FrameBox(x, y, width_of, height, lines, kind))
            y += height + gap_y
        bottoms.append(y)
    diagram.height = max(bottoms + [top + 60]) + 10
    middle = top + (diagram.height - top) // 2 - 10
    for index in range(3):
        if columns[index] and columns[index + 1]:
            x1 = left + index * (width_of + gap_x) + width_of + 6
            diagram.arrows.append(FrameArrow(x1, middle, x1 + gap_x - 14, middle))
    return diagram


# --- The calendar of key milestones ------------------------------------------------------


@dataclass
class _Priority:
    pk: int
    name: str


@dataclass
class _Workstream:
    code: str
    priority: _Priority


@dataclass
class CalendarMilestone:
    """A key milestone of the content, shaped as charts.gantt reads a Milestone."""

    title: str
    due_date: dt.date
    baseline_date: dt.date
    state: str
    state_label: str
    achieved_on: dt.date | None
    workstream: _Workstream

    @property
    def slippage_days(self) -> int:
        return (self.due_date - self.baseline_date).days

    def get_state_display(self) -> str:
        return self.state_label


def calendar_milestones(content: dict) -> list[CalendarMilestone]:
    """At most CALENDAR_LIMIT key milestones around the point d'étape's date (the latest
    passed and the next ones), grouped by priority in the programme's order."""
    names = {p["id"]: p["name"] for p in content["priorities"]}
    order = {p["id"]: index for index, p in enumerate(content["priorities"])}
    rows = content["milestones"]
    past = [m for m in rows if m["due_date"] < content["date"]][-(CALENDAR_LIMIT // 3) :]
    coming = [m for m in rows if m["due_date"] >= content["date"]]
    chosen = past + coming[: CALENDAR_LIMIT - len(past)]
    chosen.sort(key=lambda m: (order.get(m["priority_id"], 0), m["due_date"], m["id"]))
    return [
        CalendarMilestone(
            title=m["title"],
            due_date=parse(m["due_date"]),
            baseline_date=parse(m["baseline_date"]),
            state=m["state"],
            state_label=m["state_label"],
            achieved_on=parse(m["achieved_on"]),
            workstream=_Workstream(
                code=m["workstream"],
                priority=_Priority(m["priority_id"], names.get(m["priority_id"], "")),
            ),
        )
        for m in chosen
    ]


def calendar_chart(milestones: list[CalendarMilestone], on: dt.date):
    if not milestones:
        return None
    days = [m.due_date for m in milestones] + [m.baseline_date for m in milestones] + [on]
    start = min(days).replace(day=1)
    end = charts.add_months(max(days), 1)
    return charts.gantt(milestones, start=start, end=end, today=on)


def milestone_states() -> dict[str, str]:
    return {value: str(label) for value, label in Milestone.State.choices}


def priorities(content: dict) -> list[dict]:
    """The priorities as their sections draw them: each workstream with its heading's id,
    the date of its published point and its first key milestones. Copies: the content
    stays as it was built or frozen."""
    key_by_workstream: dict[str, list[dict]] = {}
    for m in content["milestones"]:
        key_by_workstream.setdefault(m["workstream"], []).append(m)
    published = _("Point publié du %(date)s")
    return [
        {
            **p,
            "workstreams": [
                {
                    **w,
                    # The heading's id as text: a number printed by a template goes
                    # through the locale's number formatting, twice per workstream.
                    "anchor": f"pe-ws-{w['id']}",
                    # Worded here once per workstream rather than by a blocktranslate.
                    "published_label": (
                        published % {"date": short_date(parse(w["update_on"]))}
                        if w["update_on"]
                        else ""
                    ),
                    "key_milestones": key_by_workstream.get(w["code"], [])[:KEYS_PER_WORKSTREAM],
                }
                for w in p["workstreams"]
            ],
        }
        for p in content["priorities"]
    ]


def context(content: dict) -> dict:
    """What the point d'étape's templates need besides the content itself."""
    on = parse(content["date"])
    milestones = calendar_milestones(content)
    return {
        "content": content,
        "on": on,
        "frame": frame_diagram(content),
        "calendar": milestones,
        "calendar_chart": calendar_chart(milestones, on),
        "priorities": priorities(content),
        "published_count": sum(
            1 for p in content["priorities"] for w in p["workstreams"] if w["update_on"]
        ),
        "workstream_count": sum(len(p["workstreams"]) for p in content["priorities"]),
    }


@dataclass
class Slide:
    number: int
    kind: str  # a partial of templates/reporting/point_etape/sections.html
    label_id: str  # the id of the slide's heading
    priority: dict | None = None


def slides(sections: list[dict], *, with_changes: bool) -> list[Slide]:
    """The slides of the presentation mode, one section of the page each, in its order;
    `sections` are the priorities as `priorities()` draws them."""
    kinds = [("cover", "pe-cover")]
    if with_changes:
        kinds.append(("changes", "pe-changes"))
    kinds += [("frame", "pe-frame"), ("domains", "pe-domains"), ("overview", "pe-overview")]
    rows = [Slide(0, kind, label) for kind, label in kinds]
    rows += [Slide(0, "priority", f"pe-priority-{p['id']}", p) for p in sections]
    rows += [
        Slide(0, kind, f"pe-{kind}") for kind in ("calendar", "decisions", "posts", "organisation")
    ]
    for number, slide in enumerate(rows, start=1):
        slide.number = number
    return rows
