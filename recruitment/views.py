"""Views of the recruitment app: the list and funnel, its export, a recruitment's page,
its stage changes and facts."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from core.exports import Column, export_format, export_response
from core.panels import panels_for
from recruitment import queries
from recruitment.filters import RecruitmentFilter
from recruitment.forms import RecruitmentFactsForm, StageChangeForm
from recruitment.models import Recruitment
from recruitment.permissions import can_edit_recruitments, can_read_recruitments
from recruitment.services import (
    ConcurrentEditError,
    WarningsNeedReason,
    recruitment_change_stage,
    recruitment_update_facts,
)

Stage = Recruitment.Stage
PAGE_SIZE = 50
CONFLICT = 409


def _get_recruitment(user, pk: int, *, write: bool = False) -> Recruitment:
    if not can_read_recruitments(user):
        raise PermissionDenied
    recruitment = get_object_or_404(queries.recruitment_for_page(), pk=pk)
    if write and not can_edit_recruitments(user):
        raise PermissionDenied
    return recruitment


def _filtered(request: HttpRequest) -> RecruitmentFilter:
    """The list's filters, for the page and its export alike."""
    if not can_read_recruitments(request.user):
        raise PermissionDenied
    return RecruitmentFilter(request.GET, queryset=queries.recruitments_for_list(), request=request)


@require_GET
def recruitment_list(request: HttpRequest) -> HttpResponse:
    filterset = _filtered(request)
    page = queries.KeyedPaginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "recruitment/recruitment_list.html",
        {
            "filter": filterset,
            "page": page,
            "rows": queries.with_labels(page, stage=Stage),
            "funnel": queries.stage_funnel(),
            "stage": filterset.form.cleaned_data.get("stage", ""),
            "can_edit": can_edit_recruitments(request.user),
        },
    )


EXPORT_COLUMNS = [
    Column(gettext_lazy("Poste"), lambda r: r.position.title),
    Column(gettext_lazy("Entité"), lambda r: str(r.position.org_unit)),
    Column(
        gettext_lazy("Chantier"),
        lambda r: r.position.workstream.code if r.position.workstream else "",
    ),
    Column(gettext_lazy("Étape"), lambda r: r.get_stage_display()),
    Column(gettext_lazy("Depuis le"), lambda r: r.stage_changed_at),
    Column(gettext_lazy("Voie"), lambda r: r.get_route_display() if r.route else ""),
    Column(gettext_lazy("Chargé de recrutement"), lambda r: str(r.hr_owner or "")),
    Column(gettext_lazy("Date de publication de l'offre"), lambda r: r.publication_date),
    Column(gettext_lazy("Date limite de candidature"), lambda r: r.application_deadline),
    Column(gettext_lazy("Candidatures reçues"), lambda r: r.applications_count),
    Column(gettext_lazy("Date d'arrivée"), lambda r: r.arrival_date),
]


@require_GET
def recruitment_export(request: HttpRequest) -> HttpResponse:
    """The list as filtered on the page, every row (not one page), as CSV or XLSX."""
    filterset = _filtered(request)
    return export_response(
        rows=filterset.qs,
        columns=EXPORT_COLUMNS,
        fmt=export_format(request),
        filename="recrutements",
        sheet_title=_("Recrutements"),
    )


def _where_cleared(recruitment: Recruitment) -> dict[str, tuple[str, str]]:
    """For each stage, the page where what blocks it is cleared."""
    position = recruitment.position
    profile = getattr(position, "job_profile", None)
    facts = ("#facts-title", _("Informations de la procédure"))
    links = dict.fromkeys(Stage.values, facts)
    links[Stage.PROFILE_VALIDATED] = (
        profile.get_absolute_url()
        if profile
        else reverse("recruitment:profile-create") + f"?position={position.pk}",
        _("La fiche de poste et ses visas"),
    )
    links[Stage.DG_ARBITRATION] = (
        reverse("governance:recruitment-arbitration", args=[recruitment.pk]),
        _("La décision d'arbitrage, au registre des décisions"),
    )
    links[Stage.CST_OPINION] = (
        reverse("governance:decision-list"),
        _("L'avis du CST, au registre des décisions"),
    )
    links[Stage.COUNCIL_DELIBERATION] = (
        reverse("recruitment:position-edit", args=[position.pk]),
        _("Le poste (grades, fondement, rémunération)"),
    )
    return links


def _render_detail(request, recruitment, *, stage_form=None, facts_form=None, status=200):
    can_edit = can_edit_recruitments(request.user)
    stage_form = stage_form or StageChangeForm(recruitment=recruitment)
    options = stage_form.options
    links = _where_cleared(recruitment)
    # What Cap says of every later stage, and where each block is cleared.
    refused = [
        (label, [f for f in findings if f.is_block], links[stage])
        for stage, label, findings in options
        if any(f.is_block for f in findings)
    ]
    next_stage, next_label, next_checks = options[0] if options else (None, "", [])
    return render(
        request,
        "recruitment/recruitment_detail.html",
        {
            "recruitment": recruitment,
            "changes": queries.stage_changes_of(recruitment),
            "panels": panels_for("recruitment", recruitment, request.user),
            "can_edit": can_edit,
            "stage_form": stage_form,
            "facts_form": facts_form or RecruitmentFactsForm(instance=recruitment),
            "next_stage": next_stage,
            "next_label": next_label,
            "next_checks": next_checks,
            "next_link": links.get(next_stage),
            "refused": refused,
            "republications": recruitment.republications.all(),
        },
        status=status,
    )


@require_GET
def recruitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _get_recruitment(request.user, pk))


@require_POST
def recruitment_stage(request: HttpRequest, pk: int) -> HttpResponse:
    recruitment = _get_recruitment(request.user, pk, write=True)
    form = StageChangeForm(request.POST, recruitment=recruitment)
    if form.is_valid():
        try:
            recruitment_change_stage(
                recruitment=recruitment,
                to_stage=form.cleaned_data["to_stage"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except WarningsNeedReason as error:
            for message in error.messages:
                form.add_error("reason", message)
            form.add_error(None, _("Cap signale une alerte : écrivez un motif pour confirmer."))
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Étape enregistrée."))
            return redirect("recruitment:recruitment-detail", pk=recruitment.pk)
    return _render_detail(request, recruitment, stage_form=form, status=400)


@require_POST
def recruitment_facts(request: HttpRequest, pk: int) -> HttpResponse:
    recruitment = _get_recruitment(request.user, pk, write=True)
    # The form works on its own copy: a refused save must not alter the page's recruitment.
    form = RecruitmentFactsForm(request.POST, instance=Recruitment.objects.get(pk=pk))
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            recruitment_update_facts(
                recruitment=recruitment,
                actor=request.user,
                data=data,
                version=form.cleaned_data["version"],
            )
        except ConcurrentEditError as error:
            # The person's input stays in the form; the page says why it was not saved.
            form.add_error(None, str(error))
            return _render_detail(request, recruitment, facts_form=form, status=CONFLICT)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Informations du recrutement enregistrées."))
            return redirect("recruitment:recruitment-detail", pk=recruitment.pk)
    return _render_detail(request, recruitment, facts_form=form, status=400)
