"""What the workstreams views share: fetch and authorise, turn a service's refusal into
form errors, answer with the form or a redirect."""

import functools

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, Subquery, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from priorities.models import Priority, Programme
from priorities.selection import current_programme, is_current, session_programme_id
from priorities.services import ProgrammeClosedError, ensure_programme_open
from workstreams import services
from workstreams.filters import component_choices
from workstreams.models import Workstream
from workstreams.permissions import can_manage_workstreams, get_workstream_for_user

CONFLICT = 409


def _ranked_by_programme(request: HttpRequest, code: str):
    """The pk of the workstream `code` this request means: of the programme named by
    `?programme=<slug>`, else of the current programme (the session's choice), else of
    the active one, else of the latest programme having that code. Codes are unique within
    a programme only, and a bookmark of `/workstreams/<code>/` must keep answering."""
    whens = []
    slug = request.GET.get("programme")
    if slug:
        whens.append(When(programme__slug=slug, then=Value(0)))
    chosen = session_programme_id(request)
    if chosen is not None:
        whens.append(When(programme_id=chosen, then=Value(1)))
    whens.append(When(programme__state=Programme.State.ACTIVE, then=Value(2)))
    return (
        Workstream.objects.filter(code=code)
        .alias(rank=Case(*whens, default=Value(3), output_field=IntegerField()))
        .order_by("rank", "-programme__start_date", "-programme_id")
        .values("pk")[:1]
    )


def workstream_for_request(
    request: HttpRequest, code: str, *, write: bool = False, queryset=None
) -> Workstream:
    """`get_workstream_for_user` for the workstream `code` of the programme this request
    means (see `_ranked_by_programme`), its programme loaded, in one query."""
    base = queryset if queryset is not None else Workstream.objects.all()
    base = base.select_related("programme__commune").filter(
        pk=Subquery(_ranked_by_programme(request, code))
    )
    return get_workstream_for_user(request.user, code, write=write, queryset=base)


def scoped_filter(request: HttpRequest, filterset_class, queryset):
    """A workstream FilterSet over the current programme's workstreams only, its priority
    and component choices those of that programme; each row's programme joined, so that
    its links pin it when it is not the active one (Workstream.get_absolute_url)."""
    programme = current_programme(request)
    queryset = queryset.filter(programme=programme).select_related("programme")
    filterset = filterset_class(request.GET, queryset=queryset, user=request.user)
    if "priority" in filterset.filters:
        filterset.filters["priority"].queryset = Priority.objects.filter(
            programme=programme
        ).order_by("order", "name")
    if "component" in filterset.filters:
        filterset.filters["component"].extra["choices"] = functools.partial(
            component_choices, programme
        )
    return filterset


def in_current_programme(request: HttpRequest, workstream: Workstream) -> bool:
    return is_current(request, workstream.programme)


def refuse_closed(workstream: Workstream) -> None:
    """A write page about a workstream of a closed programme: refused with the
    programme's French message (`refuses_closed` turns it into a message and a redirect)."""
    try:
        ensure_programme_open(workstream.programme)
    except ProgrammeClosedError as error:
        error.workstream = workstream
        raise


def refuses_closed(view):
    """Wraps a write view: a ProgrammeClosedError (from `refuse_closed` or from a service)
    goes back to the workstream's page with the French message, nothing written."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except ProgrammeClosedError as error:
            messages.error(request, " ".join(error.messages))
            workstream = getattr(error, "workstream", None)
            if workstream is not None:
                return redirect(workstream)
            return redirect("workstreams:workstream-list")

    return wrapper


def writable(request: HttpRequest, code: str) -> Workstream:
    """The workstream if the user may change its milestones, actions and updates."""
    workstream = workstream_for_request(request, code, write=True)
    if workstream.is_archived:
        raise PermissionDenied(_("Ce chantier est archivé."))
    refuse_closed(workstream)
    return workstream


def managed(request: HttpRequest, code: str) -> Workstream:
    """The workstream if the user may change its frame (the DG)."""
    workstream = workstream_for_request(request, code)
    if not can_manage_workstreams(request.user):
        raise PermissionDenied
    refuse_closed(workstream)
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
