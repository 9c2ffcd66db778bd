"""The point d'étape for the elected officials: print-ready HTML and PDF.

Only what the DG has published reaches it: the public summary, weather and progress of
published status updates, and the decisions marked as published.
"""

import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from governance.models import Decision
from organisation.permissions import can_open_section
from priorities.models import Programme
from priorities.selection import current_programme
from reporting import queries
from workstreams.models import WEATHER_DISPLAY, Weather


@dataclass
class PointDEtape:
    programme: Programme | None
    date: dt.date
    sections: list[queries.PrioritySection]
    decisions: list
    weather_counts: Counter
    published_count: int
    total_count: int


def point_d_etape(programme: Programme | None) -> PointDEtape:
    """Everything the report on `programme` shows, in a fixed number of queries: its
    workstreams, and the published decisions about them or about no workstream."""
    workstreams, sections = queries.published_by_priority(programme)
    decisions = list(
        Decision.objects.published()
        .filter(Q(workstream__isnull=True) | Q(workstream__programme=programme))
        .select_related("workstream", "meeting__body")
        .order_by("-date", "-pk")[:50]
    )
    published = [w for w in workstreams if w.public_update_on]
    return PointDEtape(
        programme=programme,
        date=timezone.localdate(),
        sections=sections,
        decisions=decisions,
        weather_counts=Counter(w.public_weather for w in published),
        published_count=len(published),
        total_count=len(workstreams),
    )


def _authorise(request: HttpRequest) -> None:
    if not can_open_section(request.user, "progress"):
        raise PermissionDenied


@require_GET
def progress_report(request: HttpRequest) -> HttpResponse:
    _authorise(request)
    report = point_d_etape(current_programme(request))
    return render(
        request,
        "reporting/progress_report.html",
        {
            "report": report,
            "weather_rows": [
                (value, label, report.weather_counts.get(value, 0))
                for value, label in Weather.choices
            ],
        },
    )


def _short_name(report: PointDEtape) -> str:
    return report.programme.short_name if report.programme else _("Programme")


def _pdf(report: PointDEtape) -> bytes:
    # reportlab's standard fonts use WinAnsi, which covers French (é, œ, ’, –).
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=_("%(programme)s — Point d'étape") % {"programme": _short_name(report)},
        lang="fr",
        author=_("Direction générale"),
        # Uncompressed page streams: the text stays searchable by plain tools.
        pageCompression=0,
    )

    def para(text: str, style: str = "BodyText") -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), styles[style])

    story = [
        para(report.programme.name if report.programme else _("Programme"), "Title"),
        para(
            _("Point d'étape au %(date)s") % {"date": report.date.strftime("%d/%m/%Y")}, "Heading2"
        ),
        para(
            _(
                "%(published)s chantiers sur %(total)s ont un point publié : %(green)s en vert, "
                "%(orange)s en orange, %(red)s en rouge."
            )
            % {
                "published": report.published_count,
                "total": report.total_count,
                "green": report.weather_counts.get(Weather.ON_TRACK, 0),
                "orange": report.weather_counts.get(Weather.AT_RISK, 0),
                "red": report.weather_counts.get(Weather.OFF_TRACK, 0),
            }
        ),
        Spacer(1, 0.4 * cm),
    ]
    for section in report.sections:
        story.append(para(section.priority.name, "Heading2"))
        if not section.workstreams:
            story.append(para(_("Aucun chantier.")))
            continue
        rows = [[_("Chantier"), _("Météo"), _("Avancement"), _("Synthèse")]]
        for w in section.workstreams:
            if w.public_update_on:
                weather = str(WEATHER_DISPLAY.get(w.public_weather, WEATHER_DISPLAY["none"])[1])
                progress = f"{w.public_progress} %"
                summary = w.public_summary or ""
            else:
                weather, progress, summary = "—", "—", _("Pas encore de point publié.")
            rows.append(
                [
                    para(f"{w.code} — {w.title}"),
                    para(weather),
                    para(progress),
                    para(summary),
                ]
            )
        table = Table(rows, colWidths=[5 * cm, 2 * cm, 2.3 * cm, 7.7 * cm], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf3")),
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#9aa3ad")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story += [table, Spacer(1, 0.3 * cm)]
    story.append(para(_("Décisions publiées"), "Heading2"))
    if report.decisions:
        for d in report.decisions:
            subject = f" — {d.workstream.code}" if d.workstream else ""
            story.append(para(f"{d.date:%d/%m/%Y} · {d.get_kind_display()}{subject} : {d.text}"))
    else:
        story.append(para(_("Aucune décision publiée.")))
    doc.build(story)
    return buffer.getvalue()


@require_GET
def progress_report_pdf(request: HttpRequest) -> HttpResponse:
    _authorise(request)
    report = point_d_etape(current_programme(request))
    response = HttpResponse(_pdf(report), content_type="application/pdf")
    slug = report.programme.slug if report.programme else "programme"
    filename = f"{slug}-point-etape-{report.date:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
