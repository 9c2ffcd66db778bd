"""Actions of a workstream (what has been done, what remains): add, edit, tick as done."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from workstreams import services
from workstreams.forms import ActionForm, VersionedForm
from workstreams.models import Action, Workstream
from workstreams.view_helpers import apply, back, refuses_closed, render_form, transition, writable


def _action_of(workstream: Workstream, pk: int) -> Action:
    return get_object_or_404(workstream.actions, pk=pk)


@require_http_methods(["GET", "POST"])
@refuses_closed
def action_create(request: HttpRequest, code: str) -> HttpResponse:
    workstream = writable(request, code)
    form = ActionForm(request.POST or None, instance=Action(workstream=workstream))
    if (
        request.method == "POST"
        and form.is_valid()
        and apply(
            form,
            lambda: services.action_create(
                workstream=workstream, data=form.cleaned_data, actor=request.user
            ),
        )
    ):
        messages.success(request, _("L'action a été ajoutée."))
        return back(workstream, "actions")
    return render_form(
        request, "workstreams/action_form.html", {"workstream": workstream, "action": None}, form
    )


@require_http_methods(["GET", "POST"])
@refuses_closed
def action_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    workstream = writable(request, code)
    action = _action_of(workstream, pk)
    form = ActionForm(request.POST or None, instance=action)
    if (
        request.method == "POST"
        and form.is_valid()
        and apply(
            form,
            lambda: services.action_update(
                action=action,
                version=form.cleaned_data["version"],
                data=form.cleaned_data,
                actor=request.user,
            ),
        )
    ):
        messages.success(request, _("L'action a été modifiée."))
        return back(workstream, "actions")
    return render_form(
        request, "workstreams/action_form.html", {"workstream": workstream, "action": action}, form
    )


@require_POST
@refuses_closed
def action_done(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    workstream = writable(request, code)
    action = _action_of(workstream, pk)
    form = VersionedForm(request.POST)
    return transition(
        request,
        workstream,
        form,
        lambda: services.action_done(
            action=action, version=form.cleaned_data["version"], actor=request.user
        ),
        _("L'action est cochée comme faite."),
        "actions",
    )
