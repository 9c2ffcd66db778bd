"""Views of the workstreams app: fetch and authorise, validate, call a service, answer."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.panels import panels_for
from priorities.selection import current_programme
from workstreams import services
from workstreams.filters import WorkstreamFilter
from workstreams.forms import (
    ArchiveForm,
    ReturnForm,
    StatusUpdateForm,
    VersionedForm,
    WorkstreamForm,
)
from workstreams.models import Action, StatusUpdate, Workstream
from workstreams.permissions import (
    can_manage_workstreams,
    can_publish,
    can_see_update,
    require_section,
    status_updates_visible_to,
    workstream_flags,
)
from workstreams.queries import (
    actions_for_detail,
    dg_names,
    milestones_for_detail,
    status_updates_for_detail,
    workstream_for_detail,
    workstream_history,
    workstreams_for_list,
)
from workstreams.view_helpers import (
    apply,
    back,
    in_current_programme,
    managed,
    refuse_closed,
    refuses_closed,
    render_form,
    scoped_filter,
    transition,
    workstream_for_request,
    writable,
)

PAGE_SIZE = 25
OPEN_ACTION_STATES = {Action.State.TODO, Action.State.IN_PROGRESS}


# List and detail ---------------------------------------------------------------------------

SORTABLE_COLUMNS = (
    ("code", _lazy("Code")),
    ("title", _lazy("Intitulé")),
    ("priority", _lazy("Priorité")),
    ("weather", _lazy("Météo")),
    ("progress", _lazy("Avancement")),
    ("next_milestone", _lazy("Prochain jalon")),
    ("last_update", _lazy("Dernier point et tendance")),
)


def _sort_columns(current: str) -> list[dict]:
    """Each header links to its sort, the other way round when it is the current one."""
    columns = []
    for key, label in SORTABLE_COLUMNS:
        aria_sort = {key: "ascending", f"-{key}": "descending"}.get(current, "")
        columns.append(
            {"label": label, "next": f"-{key}" if current == key else key, "aria_sort": aria_sort}
        )
    return columns


@require_GET
def workstream_list(request: HttpRequest) -> HttpResponse:
    require_section(request.user)
    filterset = scoped_filter(request, WorkstreamFilter, workstreams_for_list())
    paginator = Paginator(filterset.qs, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    rows = list(page.object_list)
    for row in rows:
        row.trend = row.current_trend or None
    current_sort = filterset.form.cleaned_data.get("sort") or "code"
    return render(
        request,
        "workstreams/workstream_list.html",
        {
            "filter": filterset,
            "page": page,
            "rows": rows,
            "columns": _sort_columns(current_sort),
            "today": timezone.localdate(),
            "can_manage": can_manage_workstreams(request.user),
        },
    )


@require_GET
def workstream_detail(request: HttpRequest, code: str) -> HttpResponse:
    workstream = workstream_for_request(
        request, code, queryset=workstream_for_detail().select_related("carried_from__programme")
    )
    flags = workstream_flags(request.user, workstream)
    # Written only in the programme one consults, and never in a closed one: the buttons
    # of another programme's workstream would post to the consulted programme's address.
    in_current = in_current_programme(request, workstream)
    if workstream.programme.is_closed or not in_current:
        flags = dict.fromkeys(flags, False)
    updates = status_updates_for_detail(workstream, viewer=request.user)
    published_or_submitted = [u for u in updates if u.state != StatusUpdate.State.DRAFT]
    milestones = milestones_for_detail(workstream)
    actions = actions_for_detail(workstream)
    return render(
        request,
        "workstreams/workstream_detail.html",
        {
            "workstream": workstream,
            **flags,
            "in_current_programme": in_current,
            "today": timezone.localdate(),
            "latest": published_or_submitted[0] if published_or_submitted else None,
            "earlier": published_or_submitted[1:],
            "drafts": [u for u in updates if u.state == StatusUpdate.State.DRAFT],
            "milestones": [m for m in milestones if m.archived_at is None],
            "archived_milestones": [m for m in milestones if m.archived_at is not None],
            "actions_todo": [a for a in actions if a.state in OPEN_ACTION_STATES],
            "actions_done": [a for a in actions if a.state not in OPEN_ACTION_STATES],
            "panels": panels_for("workstream", workstream, request.user),
            "history": workstream_history(workstream, viewer=request.user),
        },
    )


# Workstreams -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def workstream_create(request: HttpRequest) -> HttpResponse:
    require_section(request.user)
    if not can_manage_workstreams(request.user):
        raise PermissionDenied
    form = WorkstreamForm(request.POST or None, programme=current_programme(request))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        created = apply(form, lambda: services.workstream_create(data=data, actor=request.user))
        if created is not None:
            messages.success(request, _("Le chantier a été créé."))
            return redirect(created)
    return render_form(request, "workstreams/workstream_form.html", {"workstream": None}, form)


@require_http_methods(["GET", "POST"])
@refuses_closed
def workstream_edit(request: HttpRequest, code: str) -> HttpResponse:
    workstream = managed(request, code)
    if workstream.is_archived:
        raise PermissionDenied(_("Ce chantier est archivé."))
    form = WorkstreamForm(request.POST or None, instance=workstream, programme=workstream.programme)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        saved = apply(
            form,
            lambda: services.workstream_update(
                workstream=workstream,
                version=form.cleaned_data["version"],
                data=data,
                actor=request.user,
            ),
        )
        if saved is not None:
            messages.success(request, _("Le chantier a été modifié."))
            return redirect(saved)
    return render_form(
        request, "workstreams/workstream_form.html", {"workstream": workstream}, form
    )


@require_POST
@refuses_closed
def workstream_archive(request: HttpRequest, code: str) -> HttpResponse:
    workstream = managed(request, code)
    form = ArchiveForm(request.POST)
    if form.is_valid() and apply(
        form,
        lambda: services.workstream_archive(
            workstream=workstream, version=form.cleaned_data["version"], actor=request.user
        ),
    ):
        messages.success(request, _("Le chantier a été archivé : il reste consultable."))
    else:
        messages.error(request, " ".join(form.non_field_errors()) or _("Archivage impossible."))
    return redirect(workstream)


# Status updates ----------------------------------------------------------------------------


def _wants_submit(request: HttpRequest) -> bool:
    """The second button: save the draft, then the confirmation page of the submission.
    Enter (the first button, and any form sent without one) only saves the draft."""
    return request.POST.get("action") == "submit"


def _after_draft_saved(request, workstream: Workstream, update: StatusUpdate, message: str):
    if _wants_submit(request):
        return redirect("workstreams:status-update-submit", code=workstream.code, pk=update.pk)
    messages.success(request, message)
    return back(workstream, f"point-{update.pk}")


@require_http_methods(["GET", "POST"])
@refuses_closed
def status_update_create(request: HttpRequest, code: str) -> HttpResponse:
    workstream = writable(request, code)
    # "Nouveau point" continues the workstream's draft (at most one: a constraint).
    draft = services.status_update_open_draft(workstream)
    if draft is not None:
        if can_see_update(request.user, draft):
            messages.info(request, _("Vous reprenez le brouillon en cours de ce chantier."))
            return redirect("workstreams:status-update-edit", code=workstream.code, pk=draft.pk)
        messages.error(request, str(services.ONE_DRAFT_OF_SOMEONE_ELSE))
        return back(workstream, "points")
    previous = services.status_update_previous(workstream)
    form = StatusUpdateForm(request.POST or None, previous=previous)
    if request.method == "POST" and form.is_valid():
        created = apply(
            form,
            lambda: services.status_update_create(
                workstream=workstream, data=form.cleaned_data, submit=False, actor=request.user
            ),
        )
        if created is not None:
            return _after_draft_saved(
                request,
                workstream,
                created,
                _("Le point d'avancement est enregistré comme brouillon."),
            )
    return render_form(
        request,
        "workstreams/statusupdate_form.html",
        {"workstream": workstream, "update": None, "previous": previous},
        form,
    )


def _update_of(request: HttpRequest, workstream: Workstream, pk: int) -> StatusUpdate:
    """The update, 404 for a draft the user may not see (another director's, say)."""
    updates = workstream.status_updates.select_related("author")
    return get_object_or_404(status_updates_visible_to(request.user, updates), pk=pk)


@require_http_methods(["GET", "POST"])
@refuses_closed
def status_update_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    workstream = writable(request, code)
    update = _update_of(request, workstream, pk)
    if update.state == StatusUpdate.State.PUBLISHED:
        raise PermissionDenied(_("Un point publié ne se modifie plus."))
    form = StatusUpdateForm(request.POST or None, instance=update)
    if request.method == "POST" and form.is_valid():
        # A submitted update saved again stays with the DG; a draft stays a draft until
        # its confirmation page submits it.
        keep_submitted = update.state == StatusUpdate.State.SUBMITTED
        saved = apply(
            form,
            lambda: services.status_update_edit(
                update=update,
                version=form.cleaned_data["version"],
                data=form.cleaned_data,
                submit=keep_submitted,
                actor=request.user,
            ),
        )
        if saved is not None:
            if keep_submitted:
                messages.success(request, _("Le point soumis à la DG a été modifié."))
                return back(workstream, f"point-{saved.pk}")
            return _after_draft_saved(
                request, workstream, saved, _("Le brouillon a été enregistré.")
            )
    return render_form(
        request,
        "workstreams/statusupdate_form.html",
        {"workstream": workstream, "update": update, "previous": None},
        form,
    )


@require_http_methods(["GET", "POST"])
@refuses_closed
def status_update_submit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """The second step: what submitting does, then the button that does it."""
    workstream = writable(request, code)
    update = _update_of(request, workstream, pk)
    if request.method == "GET":
        if update.state != StatusUpdate.State.DRAFT:
            messages.info(request, _("Ce point n'est plus un brouillon : il a déjà été soumis."))
            return back(workstream, f"point-{update.pk}")
        return render(
            request,
            "workstreams/statusupdate_submit.html",
            {"workstream": workstream, "update": update, "dgs": dg_names()},
        )
    form = VersionedForm(request.POST)
    return transition(
        request,
        workstream,
        form,
        lambda: services.status_update_submit(
            update=update, version=form.cleaned_data["version"], actor=request.user
        ),
        _(
            "Le point d'avancement a été soumis à la DG, qui est prévenue. Vous pouvez le "
            "retirer tant qu'elle ne l'a pas publié ou renvoyé."
        ),
        f"point-{update.pk}",
    )


@require_POST
@refuses_closed
def status_update_withdraw(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """The author takes back a submitted update before the DG acts on it."""
    workstream = writable(request, code)
    update = _update_of(request, workstream, pk)
    if update.author_id != request.user.pk:
        raise PermissionDenied(_("Seul l'auteur d'un point peut le retirer."))
    form = VersionedForm(request.POST)
    return transition(
        request,
        workstream,
        form,
        lambda: services.status_update_withdraw(
            update=update, version=form.cleaned_data["version"], actor=request.user
        ),
        _("Le point est retiré : c'est de nouveau un brouillon, que vous pouvez reprendre."),
        f"point-{update.pk}",
    )


def _publishable(request: HttpRequest, code: str, pk: int) -> tuple[Workstream, StatusUpdate]:
    workstream = workstream_for_request(request, code)
    if not can_publish(request.user):
        raise PermissionDenied
    refuse_closed(workstream)
    return workstream, _update_of(request, workstream, pk)


@require_POST
@refuses_closed
def status_update_publish(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    workstream, update = _publishable(request, code, pk)
    form = VersionedForm(request.POST)
    return transition(
        request,
        workstream,
        form,
        lambda: services.status_update_publish(
            update=update, version=form.cleaned_data["version"], actor=request.user
        ),
        _("Le point d'avancement est publié : les élus le voient désormais."),
        "points",
    )


@require_POST
@refuses_closed
def status_update_return(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    workstream, update = _publishable(request, code, pk)
    form = ReturnForm(request.POST)
    return transition(
        request,
        workstream,
        form,
        lambda: services.status_update_return(
            update=update,
            version=form.cleaned_data["version"],
            comment=form.cleaned_data["return_comment"],
            actor=request.user,
        ),
        _("Le point d'avancement a été renvoyé à son auteur avec votre commentaire."),
        "points",
    )
