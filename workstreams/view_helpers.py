"""What the workstreams views share: fetch and authorise, turn a service's refusal into
form errors, answer with the form or a redirect."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from workstreams import services
from workstreams.models import Workstream
from workstreams.permissions import can_manage_workstreams, get_workstream_for_user

CONFLICT = 409


def writable(request: HttpRequest, code: str) -> Workstream:
    """The workstream if the user may change its milestones, actions and updates."""
    workstream = get_workstream_for_user(request.user, code, write=True)
    if workstream.is_archived:
        raise PermissionDenied(_("Ce chantier est archivé."))
    return workstream


def managed(request: HttpRequest, code: str) -> Workstream:
    """The workstream if the user may change its frame (the DG)."""
    workstream = get_workstream_for_user(request.user, code)
    if not can_manage_workstreams(request.user):
        raise PermissionDenied
    return workstream


def back(workstream: Workstream, anchor: str) -> HttpResponse:
    return redirect(f"{workstream.get_absolute_url()}#{anchor}")


def apply(form, call):
    """Run a service; turn its refusals into form errors. The saved object, or None."""
    try:
        return call()
    except services.ConcurrentEditError as error:
        form.add_error(None, str(error))
        form.conflict = True
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field_name, errors in error.error_dict.items():
                target = field_name if field_name in form.fields else None
                for item in errors:
                    form.add_error(target, item)
        else:
            form.add_error(None, error)
    return None


def render_form(request, template, context, form) -> HttpResponse:
    status = CONFLICT if getattr(form, "conflict", False) else 200
    return render(request, template, {**context, "form": form}, status=status)


def transition(request, workstream, form, call, success: str, anchor: str) -> HttpResponse:
    """A one-button change of state: back to the page with a message either way."""
    if form.is_valid() and apply(form, call):
        messages.success(request, success)
    else:
        errors = [str(e) for e in form.non_field_errors()]
        errors += [str(e) for name, errs in form.errors.items() if name != "__all__" for e in errs]
        messages.error(request, " ".join(errors) or _("Cette opération n'a pas pu être faite."))
    return back(workstream, anchor)
