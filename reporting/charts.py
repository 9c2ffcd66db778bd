"""Server-rendered SVG charts: this module computes the geometry, the templates under
`templates/reporting/charts/` draw it. No chart library, no script; colours come with text
(a count in each cell, an icon and a word per weather, a value per bar) and each chart has
a table equivalent on the page."""

import datetime as dt
import math
import textwrap
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from workstreams.models import WEATHER_DISPLAY, Milestone

INK = "#1b1b1b"
WHITE = "#ffffff"
TRACK = "#f3f5f8"
LINE = "#c9ced6"
BLUE = "#1d4e89"

# Five steps per weather, from "none" to "many"; the last two carry white text.
PALETTES = {
    "on_track": [TRACK, "#d3ecd9", "#a8d5b3", "#18753c", "#0f5028"],
    "at_risk": [TRACK, "#fde4c8", "#f8c08a", "#a44c00", "#6f3300"],
    "off_track": [TRACK, "#fbd3d3", "#f19a9c", "#c9191e", "#8e1014"],
    "none": [TRACK, "#e2e5ea", "#c9ced6", "#545454", "#333333"],
}
MILESTONE_COLOURS = {
    "planned": BLUE,
    "achieved": "#18753c",
    "missed": "#c9191e",
    "postponed": "#a44c00",
}


def wrap(text: str, width: int, lines: int = 2) -> list[str]:
    """Split a label into at most `lines` lines for SVG <tspan>s."""
    return textwrap.wrap(str(text), width=width, max_lines=lines, placeholder="…") or [""]


# --- Heatmap -------------------------------------------------------------------------


@dataclass
class HeatCell:
    x: int
    y: int
    width: int
    height: int
    count: int
    fill: str
    text_fill: str
    href: str
    label: str


@dataclass
class HeatmapChart:
    width: int
    height: int
    header_height: int
    label_width: int
    column_width: int
    row_height: int
    columns: list[dict]
    rows: list[dict] = field(default_factory=list)


def heatmap(rows, columns: list[str], href) -> HeatmapChart:
    """`rows`: objects with `.priority` and `.cells` [(weather, count)]; `href(row, weather)`."""
    label_width, column_width, row_height, header_height = 300, 120, 48, 40
    highest = max((count for row in rows for _, count in row.cells), default=0)
    chart = HeatmapChart(
        width=label_width + column_width * (len(columns) + 1),
        height=header_height + row_height * len(rows) + 4,
        header_height=header_height,
        label_width=label_width,
        column_width=column_width,
        row_height=row_height,
        columns=[
            {
                "x": label_width + i * column_width + column_width // 2,
                "icon": WEATHER_DISPLAY[w][0],
                "word": WEATHER_DISPLAY[w][1],
            }
            for i, w in enumerate(columns)
        ],
    )
    chart.columns.append(
        {
            "x": label_width + len(columns) * column_width + column_width // 2,
            "icon": "",
            "word": _("Total"),
        }
    )
    for r, row in enumerate(rows):
        y = header_height + r * row_height
        cells = []
        for c, (weather, count) in enumerate(row.cells):
            step = 0 if not count else min(4, max(1, math.ceil(4 * count / highest)))
            cells.append(
                HeatCell(
                    x=label_width + c * column_width + 2,
                    y=y + 2,
                    width=column_width - 4,
                    height=row_height - 4,
                    count=count,
                    fill=PALETTES[weather][step],
                    text_fill=WHITE if step >= 3 else INK,
                    href=href(row, weather),
                    label=_("%(priority)s, %(weather)s : %(count)s chantier(s)")
                    % {
                        "priority": row.priority.name,
                        "weather": WEATHER_DISPLAY[weather][1],
                        "count": count,
                    },
                )
            )
        chart.rows.append(
            {
                "source": row,
                "y": y,
                "text_y": y + row_height // 2,
                "lines": wrap(row.priority.name, 38),
                "cells": cells,
                "total": row.workstreams,
                "total_x": label_width + len(columns) * column_width + column_width // 2,
                "total_href": href(row, None),
            }
        )
    return chart


# --- Weather bar: the programme's workstreams by weather, one stacked bar -------------


@dataclass
class WeatherSegment:
    weather: str
    icon: str
    word: str
    count: int
    x: float
    width: float
    fill: str
    text_fill: str
    href: str
    label: str


@dataclass
class WeatherBar:
    width: int
    height: int
    total: int
    segments: list[WeatherSegment]


def weather_bar(cells: list[tuple[str, int]], href) -> WeatherBar:
    """One bar split by weather, each segment in its weather's colour with its icon and
    count written on it (a narrow segment keeps its label in the legend beside the chart);
    `href(weather)` is the filtered list behind each segment."""
    width, height = 600, 36
    total = sum(count for _, count in cells)
    segments, x = [], 0.0
    for weather, count in cells:
        share = width * count / total if total else 0
        icon, word = WEATHER_DISPLAY[weather]
        segments.append(
            WeatherSegment(
                weather=weather,
                icon=icon,
                word=str(word),
                count=count,
                x=round(x, 1),
                width=round(share, 1),
                fill=PALETTES[weather][3],
                text_fill=WHITE,
                href=href(weather),
                label=_("%(weather)s : %(count)s chantier(s)") % {"weather": word, "count": count},
            )
        )
        x += share
    return WeatherBar(width=width, height=height, total=total, segments=segments)


# --- Horizontal bars -----------------------------------------------------------------


@dataclass
class Bar:
    y: int
    label_lines: list[str]
    value: float | None
    width: float
    text: str


@dataclass
class BarChart:
    width: int
    height: int
    label_width: int
    bar_width: int
    row_height: int
    bars: list[Bar]
    ticks: list[dict]


def bar_chart(
    items: list[tuple[str, float | None]], *, maximum: float | None = None, unit: str = ""
) -> BarChart:
    """One bar per (label, value); `maximum` defaults to the largest value (100 for %)."""
    label_width, bar_width, row_height, top = 210, 250, 34, 22
    highest = maximum or max((v or 0 for _, v in items), default=0) or 1
    bars = []
    for i, (label, value) in enumerate(items):
        if value is None:
            text = str(_("non renseigné"))
        else:
            shown = f"{value:g}".replace(".", ",")
            text = f"{shown}{unit}"
        bars.append(
            Bar(
                y=top + i * row_height,
                label_lines=wrap(label, 28),
                value=value,
                width=round(bar_width * (value or 0) / highest, 1),
                text=text,
            )
        )
    if maximum:
        fractions = (0, 0.25, 0.5, 0.75, 1)
    else:
        # Counts: whole numbers only.
        highest = max(highest, 1)
        fractions = (0, 0.5, 1) if highest % 2 == 0 else (0, 1)
    ticks = [
        {"x": label_width + bar_width * f, "text": f"{highest * f:g}{unit}"} for f in fractions
    ]
    return BarChart(
        width=label_width + bar_width + 110,  # room for « non renseigné »
        height=top + row_height * len(items) + 6,
        label_width=label_width,
        bar_width=bar_width,
        row_height=row_height,
        bars=bars,
        ticks=ticks,
    )


# --- Gantt-like milestone timeline ---------------------------------------------------


@dataclass
class GanttRow:
    y: int
    kind: str  # "group" or "milestone"
    text: str
    milestone: object = None
    due_x: float = 0
    baseline_x: float = 0
    due_clipped: str = ""
    baseline_clipped: str = ""
    colour: str = BLUE
    slipped: bool = False
    description: str = ""

    # Offsets inside the row, for templates/reporting/charts/gantt.html.
    @property
    def text_y(self) -> int:
        return self.y + 16

    @property
    def line_y(self) -> int:
        return self.y + 11


@dataclass
class GanttChart:
    width: int
    height: int
    label_width: int
    plot_width: int
    top: int
    ticks: list[dict]
    rows: list[GanttRow]
    today_x: float | None

    @property
    def frame_top(self) -> int:
        return self.top - 6

    @property
    def frame_bottom(self) -> int:
        return self.height - 8

    @property
    def frame_height(self) -> int:
        return self.frame_bottom - self.frame_top

    @property
    def tick_y(self) -> int:
        return self.frame_top - 8

    @property
    def before_x(self) -> int:
        return self.label_width + 4

    @property
    def after_x(self) -> int:
        return self.label_width + self.plot_width - 14


def _month_starts(start: dt.date, end: dt.date, step: int) -> list[dt.date]:
    months = []
    current = dt.date(start.year, start.month, 1)
    if current < start:
        current = add_months(current, 1)
    while current <= end:
        months.append(current)
        current = add_months(current, step)
    return months


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def gantt(milestones, *, start: dt.date, end: dt.date, today: dt.date) -> GanttChart:
    """Milestones grouped by priority (they arrive ordered by priority), one row each.

    The template templates/reporting/charts/gantt.html draws it; the page shows one page of
    workstreams at a time, so the rows are few."""
    label_width, plot_width, row_height, top = 340, 720, 24, 44
    span = max((end - start).days, 1)

    def x_of(day: dt.date) -> tuple[float, str]:
        clipped = "before" if day < start else "after" if day > end else ""
        day = min(max(day, start), end)
        return round(label_width + plot_width * (day - start).days / span, 1), clipped

    months = (end.year - start.year) * 12 + end.month - start.month
    step = 1 if months <= 14 else 3 if months <= 42 else 12
    ticks = [
        {"x": x_of(day)[0], "text": date_format(day, "m/Y")}
        for day in _month_starts(start, end, step)
    ]
    rows: list[GanttRow] = []
    current_group = None
    y = top
    describe = str(
        _("%(code)s — %(title)s : échéance %(due)s, initialement %(baseline)s, %(state)s")
    )
    # The states' labels translated once, not rebuilt by get_state_display() on each row.
    states = {value: str(label).lower() for value, label in Milestone.State.choices}
    for milestone in milestones:
        priority = milestone.workstream.priority
        if priority.pk != current_group:
            current_group = priority.pk
            rows.append(GanttRow(y=y, kind="group", text=priority.name))
            y += row_height
        due_x, due_clipped = x_of(milestone.due_date)
        baseline_x, baseline_clipped = x_of(milestone.baseline_date)
        label = f"{milestone.workstream.code} — {milestone.title}"
        rows.append(
            GanttRow(
                y=y,
                kind="milestone",
                text=label if len(label) <= 52 else label[:51] + "…",
                milestone=milestone,
                due_x=due_x,
                baseline_x=baseline_x,
                due_clipped=due_clipped,
                baseline_clipped=baseline_clipped,
                colour=MILESTONE_COLOURS.get(milestone.state, BLUE),
                slipped=milestone.slippage_days != 0,
                description=describe
                % {
                    "code": milestone.workstream.code,
                    "title": milestone.title,
                    "due": milestone.due_date.strftime("%d/%m/%Y"),
                    "baseline": milestone.baseline_date.strftime("%d/%m/%Y"),
                    "state": states.get(milestone.state, milestone.state),
                },
            )
        )
        y += row_height
    today_x = x_of(today)[0] if start <= today <= end else None
    return GanttChart(
        width=label_width + plot_width + 20,
        height=y + 8,
        label_width=label_width,
        plot_width=plot_width,
        top=top,
        ticks=ticks,
        rows=rows,
        today_x=today_x,
    )
