"""The live point d'étape for the élus and the DG: the page, its slides and its PDF.

One template, two outputs: the page's HTML is what WeasyPrint prints (reporting.pdf), and
the slides show the same sections one per screen. The content is that of
reporting.point_etape, the same an edition freezes.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET

from priorities.selection import current_programme
from reporting import presentation
from reporting.pdf import render_pdf
from reporting.permissions import can_freeze_edition, require_report_reader
from reporting.point_etape import build_content

REPORT_TEMPLATE = "reporting/point_etape/report.html"
SLIDES_TEMPLATE = "reporting/point_etape/slides.html"


def report_context(content: dict, **extra) -> dict:
    context = {**presentation.context(content), **extra}
    context["slides"] = presentation.slides(content, with_changes=bool(extra.get("changes")))
    return context


def pdf_response(request: HttpRequest, context: dict, filename: str) -> HttpResponse:
    html = render_to_string(REPORT_TEMPLATE, {**context, "for_pdf": True}, request=request)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _live(request: HttpRequest) -> dict:
    require_report_reader(request.user)
    return report_context(
        build_content(current_programme(request)),
        html_url=reverse("progress-report"),
        pdf_url=reverse("progress-report-pdf"),
        slides_url=reverse("progress-report-slides"),
        can_freeze=can_freeze_edition(request.user),
    )


@require_GET
def progress_report(request: HttpRequest) -> HttpResponse:
    return render(request, REPORT_TEMPLATE, _live(request))


@require_GET
def progress_report_slides(request: HttpRequest) -> HttpResponse:
    return render(request, SLIDES_TEMPLATE, _live(request))


@require_GET
def progress_report_pdf(request: HttpRequest) -> HttpResponse:
    context = _live(request)
    content = context["content"]
    slug = content["programme"]["slug"] if content["programme"] else "programme"
    return pdf_response(request, context, f"{slug}-point-etape-{content['date']}.pdf")
