"""The editions of the point d'étape: frozen by the DG, read and printed forever, each
compared with the one before it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from priorities.selection import current_programme
from reporting import edition_queries, pdf_files, services
from reporting.edition_diff import compare
from reporting.forms import EditionForm, ShareForm
from reporting.permissions import (
    can_freeze_edition,
    get_edition_for_user,
    require_edition_author,
    require_report_reader,
)
from reporting.report import REPORT_TEMPLATE, SLIDES_TEMPLATE, pdf_response, report_context


@require_GET
def edition_list(request: HttpRequest) -> HttpResponse:
    require_report_reader(request.user)
    programme = current_programme(request)
    return render(
        request,
        "reporting/point_etape/edition_list.html",
        {
            "programme": programme,
            "editions": edition_queries.editions_of(programme, request.user),
            "can_freeze": can_freeze_edition(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def edition_new(request: HttpRequest) -> HttpResponse:
    require_edition_author(request.user)
    programme = current_programme(request)
    form = EditionForm(
        request.POST or None, initial={"date": timezone.localdate(), "shared_with_elected": True}
    )
    status = 200
    if request.method == "POST":
        if programme is None:
            form.add_error(None, _("Aucun programme à figer."))
        elif form.is_valid():
            try:
                edition = services.edition_freeze(
                    programme=programme,
                    date=form.cleaned_data["date"],
                    occasion=form.cleaned_data["occasion"],
                    shared_with_elected=form.cleaned_data["shared_with_elected"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Le point d'étape est figé : %s.") % edition)
                return redirect(edition.get_absolute_url())
        status = 400
    return render(
        request,
        "reporting/point_etape/edition_form.html",
        {"form": form, "programme": programme},
        status=status,
    )


def _edition_context(request: HttpRequest, pk: int) -> dict:
    edition = get_edition_for_user(request.user, pk)
    previous = edition_queries.previous_edition(edition, request.user)
    return report_context(
        edition.content,
        edition=edition,
        previous=previous,
        changes=compare(previous.content, edition.content) if previous else None,
        html_url=reverse("reporting:edition-detail", args=[edition.pk]),
        pdf_url=reverse("reporting:edition-pdf", args=[edition.pk]),
        slides_url=reverse("reporting:edition-slides", args=[edition.pk]),
        can_freeze=can_freeze_edition(request.user),
        share_form=ShareForm(
            initial={"shared": not edition.shared_with_elected, "version": edition.version}
        ),
    )


@require_GET
def edition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, REPORT_TEMPLATE, _edition_context(request, pk))


@require_GET
def edition_slides(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, SLIDES_TEMPLATE, _edition_context(request, pk))


@require_GET
def edition_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    edition = get_edition_for_user(request.user, pk)
    job = pdf_files.edition_job(edition, edition_queries.previous_edition(edition, request.user))
    slug = edition.content["programme"]["slug"] if edition.content["programme"] else "programme"
    return pdf_response(request, job, f"{slug}-point-etape-{edition.date}-{edition.pk}.pdf")


@require_POST
def edition_share(request: HttpRequest, pk: int) -> HttpResponse:
    require_edition_author(request.user)
    edition = get_edition_for_user(request.user, pk)
    form = ShareForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("La demande de partage est incomplète : rien n'a changé."))
        return redirect(edition.get_absolute_url())
    try:
        edition = services.edition_share(
            edition=edition,
            shared=form.cleaned_data["shared"],
            version=form.cleaned_data["version"],
            actor=request.user,
        )
    except services.StaleEditionError:
        context = _edition_context(request, pk)
        context["stale"] = True
        return render(request, REPORT_TEMPLATE, context, status=409)
    if edition.shared_with_elected:
        messages.success(request, _("L'édition est partagée avec les élus."))
    else:
        messages.success(request, _("L'édition n'est plus partagée avec les élus."))
    return redirect(edition.get_absolute_url())
