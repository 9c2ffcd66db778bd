"""Milestones (jalons) of a workstream: add, edit, reach, postpone, archive."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from workstreams import services
from workstreams.forms import ArchiveForm, MilestoneForm, MilestonePostponeForm, MilestoneReachForm
from workstreams.models import Milestone, Workstream
from workstreams.view_helpers import apply, back, refuses_closed, render_form, transition, writable


def _milestone_of(workstream: Workstream, pk: int) -> Milestone:
    return get_object_or_404(workstream.milestones, pk=pk)


@require_http_methods(["GET", "POST"])
@refuses_closed
def milestone_create(request: HttpRequest, code: str) -> HttpResponse:
    workstream = writable(request, code)
    form = MilestoneForm(request.POST or None, instance=Milestone(workstream=workstream))
    if (
        request.method == "POST"
        and form.is_valid()
        and apply(
            form,
            lambda: services.milestone_create(
                workstream=workstream, data=form.cleaned_data, actor=request.user
            ),
        )
    ):
        messages.success(request, _("Le jalon a été ajouté."))
        return back(workstream, "jalons")
    return render_form(
        request,
        "workstreams/milestone_form.html",
        {"workstream": workstream, "milestone": None},
        form,
    )


@require_http_methods(["GET", "POST"])
@refuses_closed
def milestone_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    workstream = writable(request, code)
    milestone = _milestone_of(workstream, pk)
    form = MilestoneForm(request.POST or None, instance=milestone)
    if (
        request.method == "POST"
        and form.is_valid()
        and apply(
            form,
            lambda: services.milestone_update(
                milestone=milestone,
                version=form.cleaned_data["version"],
                data=form.cleaned_data,
                reason=form.cleaned_data.get("move_reason", ""),
                actor=request.user,
            ),
        )
    ):
        messages.success(request, _("Le jalon a été modifié."))
        return back(workstream, f"jalon-{milestone.pk}")
    return render_form(
        request,
        "workstreams/milestone_form.html",
        {"workstream": workstream, "milestone": milestone},
        form,
    )


def _milestone_state_change(request, workstream, milestone, form, call, success, title):
    """Inline forms of the detail page: redirect back, or show the errors with the input."""
    if form.is_valid() and apply(form, call):
        messages.success(request, success)
        return back(workstream, f"jalon-{milestone.pk}")
    return render_form(
        request,
        "workstreams/milestone_state_form.html",
        {"workstream": workstream, "milestone": milestone, "title": title},
        form,
    )


@require_POST
@refuses_closed
def milestone_reach(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    workstream = writable(request, code)
    milestone = _milestone_of(workstream, pk)
    form = MilestoneReachForm(request.POST)
    return _milestone_state_change(
        request,
        workstream,
        milestone,
        form,
        lambda: services.milestone_reach(
            milestone=milestone,
            version=form.cleaned_data["version"],
            achieved_on=form.cleaned_data["achieved_on"],
            actor=request.user,
        ),
        _("Le jalon est marqué atteint."),
        _("Marquer le jalon atteint"),
    )


@require_POST
@refuses_closed
def milestone_postpone(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    workstream = writable(request, code)
    milestone = _milestone_of(workstream, pk)
    form = MilestonePostponeForm(request.POST)
    return _milestone_state_change(
        request,
        workstream,
        milestone,
        form,
        lambda: services.milestone_postpone(
            milestone=milestone,
            version=form.cleaned_data["version"],
            new_due_date=form.cleaned_data["due_date"],
            reason=form.cleaned_data["move_reason"],
            actor=request.user,
        ),
        _("Le jalon est reporté ; son échéance initiale est conservée."),
        _("Reporter le jalon"),
    )


@require_POST
@refuses_closed
def milestone_archive(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    workstream = writable(request, code)
    milestone = _milestone_of(workstream, pk)
    form = ArchiveForm(request.POST)
    return transition(
        request,
        workstream,
        form,
        lambda: services.milestone_archive(
            milestone=milestone, version=form.cleaned_data["version"], actor=request.user
        ),
        _("Le jalon a été archivé : il reste consultable avec son historique."),
        "jalons",
    )
