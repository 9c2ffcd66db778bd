"""The live point d'étape for the élus and the DG: the page, its slides and its PDF.

One template, two outputs: the page's HTML is what WeasyPrint prints (reporting.pdf), and
the slides show the same sections one per screen. The content is that of
reporting.point_etape, the same an edition freezes.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from core.tasks import publish
from priorities.selection import current_programme
from reporting import pdf_files, presentation, services
from reporting.permissions import can_freeze_edition, require_report_reader
from reporting.point_etape import build_content
from reporting.tasks import pending_key, render_report_pdf

REPORT_TEMPLATE = pdf_files.REPORT_TEMPLATE
SLIDES_TEMPLATE = "reporting/point_etape/slides.html"
PREPARING_TEMPLATE = "reporting/point_etape/pdf_preparing.html"
REFRESH_SECONDS = 10
PENDING_SECONDS = 600  # a task lost with its worker is published again after this


def report_context(content: dict, **extra) -> dict:
    context = {**presentation.context(content), **extra}
    context["slides"] = presentation.slides(
        context["priorities"], with_changes=bool(extra.get("changes"))
    )
    return context


def pdf_response(request: HttpRequest, job: pdf_files.PdfJob, filename: str) -> HttpResponse:
    """The kept PDF (reporting.pdf_files); printed now when it is small, else by a task
    while a page says it is being prepared and reloads itself."""
    pdf = pdf_files.read(job)
    if pdf is None and job.workstreams <= settings.CAP_REPORT_PDF_INLINE_WORKSTREAMS:
        pdf = services.report_pdf_write(job)
    if pdf is None:
        key = pending_key(job.kind, job.ids)
        if cache.add(key, True, PENDING_SECONDS) and not publish(
            render_report_pdf, job.kind, list(job.ids)
        ):
            cache.delete(key)
            return render(request, PREPARING_TEMPLATE, {"job": job, "failed": True}, status=503)
        pdf = pdf_files.read(job)  # written already when tasks run eagerly
    if pdf is None:
        return render(
            request,
            PREPARING_TEMPLATE,
            {"job": job, "refresh": REFRESH_SECONDS, "failed": False},
            status=202,
        )
    response = HttpResponse(pdf, content_type="application/pdf")
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
    require_report_reader(request.user)
    programme = current_programme(request)
    content = build_content(programme)
    job = pdf_files.live_job(programme, content)
    slug = content["programme"]["slug"] if content["programme"] else "programme"
    return pdf_response(request, job, f"{slug}-point-etape-{content['date']}.pdf")
