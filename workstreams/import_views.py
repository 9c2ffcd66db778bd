"""Import of workstreams, milestones and actions from an XLSX or CSV file."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from workstreams.forms import WorkstreamImportForm
from workstreams.imports import COLUMNS as IMPORT_COLUMNS
from workstreams.imports import workstreams_import
from workstreams.permissions import can_manage_workstreams


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
