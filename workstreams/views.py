"""Views of the workstreams app: fetch and authorise, validate, call a service, answer."""

import csv
import io

import openpyxl
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workstreams import services
from workstreams.filters import WorkstreamFilter
from workstreams.forms import (
    ActionForm,
    ArchiveForm,
    MilestoneForm,
    MilestonePostponeForm,
    MilestoneReachForm,
    ReturnForm,
    StatusUpdateForm,
    VersionedForm,
    WorkstreamForm,
    WorkstreamImportForm,
)
from workstreams.imports import COLUMNS as IMPORT_COLUMNS
from workstreams.imports import workstreams_import
from workstreams.models import Action, Milestone, StatusUpdate, Weather, Workstream
from workstreams.permissions import (
    can_manage_workstreams,
    can_publish,
    get_workstream_for_user,
    require_section,
    workstream_flags,
)
from workstreams.queries import (
    actions_for_detail,
    decisions_for_detail,
    milestones_for_detail,
    positions_for_detail,
    status_updates_for_detail,
    trend,
    workstream_for_detail,
    workstream_history,
    workstreams_for_list,
)

PAGE_SIZE = 25
OPEN_ACTION_STATES = {Action.State.TODO, Action.State.IN_PROGRESS}
CONFLICT = 409


def _writable(request: HttpRequest, code: str) -> Workstream:
    """The workstream if the user may change its milestones, actions and updates."""
    workstream = get_workstream_for_user(request.user, code, write=True)
    if workstream.is_archived:
        raise PermissionDenied(_("Ce chantier est archivé."))
    return workstream


def _managed(request: HttpRequest, code: str) -> Workstream:
    """The workstream if the user may change its frame (the DG)."""
    workstream = get_workstream_for_user(request.user, code)
    if not can_manage_workstreams(request.user):
        raise PermissionDenied
    return workstream


def _back(workstream: Workstream, anchor: str) -> HttpResponse:
    return redirect(f"{workstream.get_absolute_url()}#{anchor}")


def _apply(form, call):
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


def _render_form(request, template, context, form) -> HttpResponse:
    status = CONFLICT if getattr(form, "conflict", False) else 200
    return render(request, template, {**context, "form": form}, status=status)


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
    filterset = WorkstreamFilter(request.GET, queryset=workstreams_for_list(), user=request.user)
    paginator = Paginator(filterset.qs, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    rows = list(page.object_list)
    for row in rows:
        row.trend = trend(
            row.current_weather, row.current_progress, row.previous_weather, row.previous_progress
        )
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


EXPORT_FORMATS = {"csv", "xlsx"}


def _cell(value) -> str:
    """A spreadsheet cell that cannot be read as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


@require_GET
def workstream_export(request: HttpRequest) -> HttpResponse:
    """The filtered list (every page) as CSV or XLSX, with the list's own query string."""
    require_section(request.user)
    filterset = WorkstreamFilter(request.GET, queryset=workstreams_for_list(), user=request.user)
    export_format = request.GET.get("format", "csv")
    if export_format not in EXPORT_FORMATS:
        export_format = "csv"
    header = [
        _("Code"),
        _("Intitulé"),
        _("Priorité"),
        _("Phase"),
        _("Météo"),
        _("Avancement (%)"),
        _("Tendance"),
        _("Dernier point"),
        _("Prochain jalon"),
        _("Échéance du prochain jalon"),
        _("Pilote"),
        _("Entité pilote"),
        _("Archivé"),
    ]
    weather_labels = dict(Weather.choices)
    trend_labels = dict(StatusUpdate.Trend.choices)
    rows = []
    for w in filterset.qs:
        row_trend = trend(
            w.current_weather, w.current_progress, w.previous_weather, w.previous_progress
        )
        rows.append(
            [
                w.code,
                w.title,
                w.priority.name,
                w.get_phase_display(),
                str(weather_labels.get(w.current_weather, _("Pas de point"))),
                w.current_progress,
                str(trend_labels.get(row_trend, "")),
                w.last_update_on,
                w.next_milestone_title or "",
                w.next_milestone_on,
                str(w.owner),
                str(w.org_unit or ""),
                _("oui") if w.archived_at else _("non"),
            ]
        )
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    if export_format == "xlsx":
        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet(_("Chantiers"))
        sheet.append([str(h) for h in header])
        for row in rows:
            sheet.append([_cell(v) if isinstance(v, str) else v for v in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # so that Excel reads the accents
        writer = csv.writer(response, delimiter=";")
        writer.writerow([str(h) for h in header])
        for row in rows:
            writer.writerow(
                [v.strftime("%d/%m/%Y") if hasattr(v, "strftime") else _cell(v) for v in row]
            )
    response["Content-Disposition"] = f'attachment; filename="chantiers-{stamp}.{export_format}"'
    return response


@require_GET
def workstream_detail(request: HttpRequest, code: str) -> HttpResponse:
    workstream = get_workstream_for_user(request.user, code, queryset=workstream_for_detail())
    flags = workstream_flags(request.user, workstream)
    updates = status_updates_for_detail(workstream, with_drafts=flags["can_edit"])
    published_or_submitted = [u for u in updates if u.state != StatusUpdate.State.DRAFT]
    milestones = milestones_for_detail(workstream)
    actions = actions_for_detail(workstream)
    return render(
        request,
        "workstreams/workstream_detail.html",
        {
            "workstream": workstream,
            **flags,
            "today": timezone.localdate(),
            "latest": published_or_submitted[0] if published_or_submitted else None,
            "earlier": published_or_submitted[1:],
            "drafts": [u for u in updates if u.state == StatusUpdate.State.DRAFT],
            "milestones": [m for m in milestones if m.archived_at is None],
            "archived_milestones": [m for m in milestones if m.archived_at is not None],
            "actions_todo": [a for a in actions if a.state in OPEN_ACTION_STATES],
            "actions_done": [a for a in actions if a.state not in OPEN_ACTION_STATES],
            "decisions": decisions_for_detail(workstream),
            "positions": positions_for_detail(workstream),
            "history": workstream_history(workstream),
        },
    )


# Workstreams -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def workstream_create(request: HttpRequest) -> HttpResponse:
    require_section(request.user)
    if not can_manage_workstreams(request.user):
        raise PermissionDenied
    form = WorkstreamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        created = _apply(form, lambda: services.workstream_create(data=data, actor=request.user))
        if created is not None:
            messages.success(request, _("Le chantier a été créé."))
            return redirect(created)
    return _render_form(request, "workstreams/workstream_form.html", {"workstream": None}, form)


@require_http_methods(["GET", "POST"])
def workstream_edit(request: HttpRequest, code: str) -> HttpResponse:
    workstream = _managed(request, code)
    if workstream.is_archived:
        raise PermissionDenied(_("Ce chantier est archivé."))
    form = WorkstreamForm(request.POST or None, instance=workstream)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        saved = _apply(
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
    return _render_form(
        request, "workstreams/workstream_form.html", {"workstream": workstream}, form
    )


@require_POST
def workstream_archive(request: HttpRequest, code: str) -> HttpResponse:
    workstream = _managed(request, code)
    form = ArchiveForm(request.POST)
    if form.is_valid() and _apply(
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
    return request.POST.get("action") == "submit"


@require_http_methods(["GET", "POST"])
def status_update_create(request: HttpRequest, code: str) -> HttpResponse:
    workstream = _writable(request, code)
    previous = services.status_update_previous(workstream)
    form = StatusUpdateForm(request.POST or None, previous=previous)
    if request.method == "POST" and form.is_valid():
        submit = _wants_submit(request)
        if _apply(
            form,
            lambda: services.status_update_create(
                workstream=workstream, data=form.cleaned_data, submit=submit, actor=request.user
            ),
        ):
            messages.success(
                request,
                _("Le point d'avancement a été soumis à la DG.")
                if submit
                else _("Le point d'avancement est enregistré comme brouillon."),
            )
            return _back(workstream, "points")
    return _render_form(
        request,
        "workstreams/statusupdate_form.html",
        {"workstream": workstream, "update": None, "previous": previous},
        form,
    )


def _update_of(workstream: Workstream, pk: int) -> StatusUpdate:
    return get_object_or_404(workstream.status_updates.select_related("author"), pk=pk)


@require_http_methods(["GET", "POST"])
def status_update_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    workstream = _writable(request, code)
    update = _update_of(workstream, pk)
    if update.state == StatusUpdate.State.PUBLISHED:
        raise PermissionDenied(_("Un point publié ne se modifie plus."))
    form = StatusUpdateForm(request.POST or None, instance=update)
    if request.method == "POST" and form.is_valid():
        submit = _wants_submit(request)
        if _apply(
            form,
            lambda: services.status_update_edit(
                update=update,
                version=form.cleaned_data["version"],
                data=form.cleaned_data,
                submit=submit,
                actor=request.user,
            ),
        ):
            messages.success(
                request,
                _("Le point d'avancement a été soumis à la DG.")
                if submit
                else _("Le brouillon a été enregistré."),
            )
            return _back(workstream, "points")
    return _render_form(
        request,
        "workstreams/statusupdate_form.html",
        {"workstream": workstream, "update": update, "previous": None},
        form,
    )


def _transition(request, workstream, form, call, success: str, anchor: str) -> HttpResponse:
    if form.is_valid() and _apply(form, call):
        messages.success(request, success)
    else:
        errors = [str(e) for e in form.non_field_errors()]
        errors += [str(e) for name, errs in form.errors.items() if name != "__all__" for e in errs]
        messages.error(request, " ".join(errors) or _("Cette opération n'a pas pu être faite."))
    return _back(workstream, anchor)


@require_POST
def status_update_submit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    workstream = _writable(request, code)
    update = _update_of(workstream, pk)
    form = VersionedForm(request.POST)
    return _transition(
        request,
        workstream,
        form,
        lambda: services.status_update_submit(
            update=update, version=form.cleaned_data["version"], actor=request.user
        ),
        _("Le point d'avancement a été soumis à la DG."),
        "points",
    )


def _publishable(request: HttpRequest, code: str, pk: int) -> tuple[Workstream, StatusUpdate]:
    workstream = get_workstream_for_user(request.user, code)
    if not can_publish(request.user):
        raise PermissionDenied
    return workstream, _update_of(workstream, pk)


@require_POST
def status_update_publish(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    workstream, update = _publishable(request, code, pk)
    form = VersionedForm(request.POST)
    return _transition(
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
def status_update_return(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    workstream, update = _publishable(request, code, pk)
    form = ReturnForm(request.POST)
    return _transition(
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


# Milestones --------------------------------------------------------------------------------


def _milestone_of(workstream: Workstream, pk: int) -> Milestone:
    return get_object_or_404(workstream.milestones, pk=pk)


@require_http_methods(["GET", "POST"])
def milestone_create(request: HttpRequest, code: str) -> HttpResponse:
    workstream = _writable(request, code)
    form = MilestoneForm(request.POST or None, instance=Milestone(workstream=workstream))
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(
            form,
            lambda: services.milestone_create(
                workstream=workstream, data=form.cleaned_data, actor=request.user
            ),
        )
    ):
        messages.success(request, _("Le jalon a été ajouté."))
        return _back(workstream, "jalons")
    return _render_form(
        request,
        "workstreams/milestone_form.html",
        {"workstream": workstream, "milestone": None},
        form,
    )


@require_http_methods(["GET", "POST"])
def milestone_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    workstream = _writable(request, code)
    milestone = _milestone_of(workstream, pk)
    form = MilestoneForm(request.POST or None, instance=milestone)
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(
            form,
            lambda: services.milestone_update(
                milestone=milestone,
                version=form.cleaned_data["version"],
                data=form.cleaned_data,
                actor=request.user,
            ),
        )
    ):
        messages.success(request, _("Le jalon a été modifié."))
        return _back(workstream, f"jalon-{milestone.pk}")
    return _render_form(
        request,
        "workstreams/milestone_form.html",
        {"workstream": workstream, "milestone": milestone},
        form,
    )


def _milestone_state_change(request, workstream, milestone, form, call, success, title):
    """Inline forms of the detail page: redirect back, or show the errors with the input."""
    if form.is_valid() and _apply(form, call):
        messages.success(request, success)
        return _back(workstream, f"jalon-{milestone.pk}")
    return _render_form(
        request,
        "workstreams/milestone_state_form.html",
        {"workstream": workstream, "milestone": milestone, "title": title},
        form,
    )


@require_POST
def milestone_reach(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    workstream = _writable(request, code)
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
def milestone_postpone(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    workstream = _writable(request, code)
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
            actor=request.user,
        ),
        _("Le jalon est reporté ; son échéance initiale est conservée."),
        _("Reporter le jalon"),
    )


@require_POST
def milestone_archive(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    workstream = _writable(request, code)
    milestone = _milestone_of(workstream, pk)
    form = ArchiveForm(request.POST)
    return _transition(
        request,
        workstream,
        form,
        lambda: services.milestone_archive(
            milestone=milestone, version=form.cleaned_data["version"], actor=request.user
        ),
        _("Le jalon a été archivé : il reste consultable avec son historique."),
        "jalons",
    )


# Actions -----------------------------------------------------------------------------------


def _action_of(workstream: Workstream, pk: int) -> Action:
    return get_object_or_404(workstream.actions, pk=pk)


@require_http_methods(["GET", "POST"])
def action_create(request: HttpRequest, code: str) -> HttpResponse:
    workstream = _writable(request, code)
    form = ActionForm(request.POST or None, instance=Action(workstream=workstream))
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(
            form,
            lambda: services.action_create(
                workstream=workstream, data=form.cleaned_data, actor=request.user
            ),
        )
    ):
        messages.success(request, _("L'action a été ajoutée."))
        return _back(workstream, "actions")
    return _render_form(
        request, "workstreams/action_form.html", {"workstream": workstream, "action": None}, form
    )


@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    workstream = _writable(request, code)
    action = _action_of(workstream, pk)
    form = ActionForm(request.POST or None, instance=action)
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(
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
        return _back(workstream, "actions")
    return _render_form(
        request, "workstreams/action_form.html", {"workstream": workstream, "action": action}, form
    )


@require_POST
def action_done(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    workstream = _writable(request, code)
    action = _action_of(workstream, pk)
    form = VersionedForm(request.POST)
    return _transition(
        request,
        workstream,
        form,
        lambda: services.action_done(
            action=action, version=form.cleaned_data["version"], actor=request.user
        ),
        _("L'action est cochée comme faite."),
        "actions",
    )


@require_http_methods(["GET", "POST"])
def workstream_import(request: HttpRequest) -> HttpResponse:
    """Import workstreams, milestones and actions: a dry run first, then all or nothing."""
    if not can_manage_workstreams(request.user):
        raise PermissionDenied
    report = None
    form = WorkstreamImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = workstreams_import(
                uploaded=form.cleaned_data["file"],
                actor=request.user,
                dry_run=form.cleaned_data["dry_run"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            if report.written:
                messages.success(
                    request,
                    _("Import terminé : %(n)s ligne(s) enregistrée(s).") % {"n": report.rows},
                )
                return redirect("workstreams:workstream-list")
    status = (
        400 if request.method == "POST" and (form.errors or (report and not report.ok)) else 200
    )
    return render(
        request,
        "workstreams/workstream_import.html",
        {"form": form, "report": report, "columns": IMPORT_COLUMNS},
        status=status,
    )
