"""Views of the recruitment app: the list and funnel, a recruitment's page, its stage changes."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from recruitment.forms import RecruitmentFactsForm, StageChangeForm
from recruitment.models import Recruitment
from recruitment.permissions import can_edit_recruitments, can_read_recruitments
from recruitment.rules import check_transition
from recruitment.services import (
    WarningsNeedReason,
    recruitment_change_stage,
    recruitment_update_facts,
)


def _get_recruitment(user, pk: int, *, write: bool = False) -> Recruitment:
    if not can_read_recruitments(user):
        raise PermissionDenied
    recruitment = get_object_or_404(
        Recruitment.objects.select_related(
            "position__org_unit",
            "position__workstream",
            "position__job_profile",
            "position__contract_legal_basis",
            "hr_owner",
        ),
        pk=pk,
    )
    if write and not can_edit_recruitments(user):
        raise PermissionDenied
    return recruitment


@require_GET
def recruitment_list(request: HttpRequest) -> HttpResponse:
    if not can_read_recruitments(request.user):
        raise PermissionDenied
    recruitments = Recruitment.objects.select_related(
        "position__org_unit", "position__workstream", "hr_owner"
    )
    stage = request.GET.get("stage", "")
    if stage in Recruitment.Stage.values:
        recruitments = recruitments.filter(stage=stage)
    funnel_counts = dict(
        Recruitment.objects.values_list("stage").annotate(n=Count("pk")).values_list("stage", "n")
    )
    funnel = [
        (value, label, funnel_counts.get(value, 0)) for value, label in Recruitment.Stage.choices
    ]
    page = Paginator(recruitments, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "recruitment/recruitment_list.html",
        {"page": page, "funnel": funnel, "stage": stage},
    )


def _render_detail(request, recruitment, *, stage_form=None, facts_form=None, status=200):
    can_edit = can_edit_recruitments(request.user)
    stage_form = stage_form or StageChangeForm(recruitment=recruitment)
    # What Cap would say of the next step: shown before anyone tries it.
    choices = [value for value, _label in stage_form.fields["to_stage"].choices]
    next_checks = check_transition(recruitment, choices[0]) if choices else []
    return render(
        request,
        "recruitment/recruitment_detail.html",
        {
            "recruitment": recruitment,
            "changes": recruitment.stage_changes.select_related("actor"),
            "decisions": recruitment.decisions.select_related("meeting__body"),
            "can_edit": can_edit,
            "stage_form": stage_form,
            "facts_form": facts_form or RecruitmentFactsForm(instance=recruitment),
            "next_stage": choices[0] if choices else None,
            "next_checks": next_checks,
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
    form = RecruitmentFactsForm(request.POST, instance=Recruitment.objects.get(pk=pk))
    if form.is_valid():
        recruitment_update_facts(
            recruitment=recruitment, actor=request.user, data=form.cleaned_data
        )
        messages.success(request, _("Informations du recrutement enregistrées."))
        return redirect("recruitment:recruitment-detail", pk=recruitment.pk)
    return _render_detail(request, recruitment, facts_form=form, status=400)
