"""Import of workstreams, milestones and actions from an XLSX or CSV file: the page, the
confirmation of a successful dry run (the file kept, not chosen twice) and the template."""

import csv
import io

import openpyxl
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.exports import XLSX_TYPE, export_format
from priorities.models import Programme
from priorities.selection import current_programme
from priorities.services import ensure_programme_open
from workstreams.forms import WorkstreamImportForm
from workstreams.import_files import discard_upload, stage_upload, staged_upload
from workstreams.imports import COLUMNS as IMPORT_COLUMNS
from workstreams.imports import ImportReport, workstreams_import
from workstreams.models import Action, Milestone, Workstream
from workstreams.permissions import can_manage_workstreams


def _require_manager(request: HttpRequest) -> None:
    if not can_manage_workstreams(request.user):
        raise PermissionDenied


def _programme(request: HttpRequest) -> Programme | None:
    """The programme the import writes into: the one the person is looking at."""
    return current_programme(request)


def _render(request, form, report: ImportReport | None, token: str = "") -> HttpResponse:
    failed = request.method == "POST" and (form.errors or (report and not report.ok))
    context = {
        "form": form,
        "report": report,
        "columns": IMPORT_COLUMNS,
        "token": token,
        "programme": _programme(request),
    }
    return render(
        request,
        "workstreams/workstream_import.html",
        context,
        status=400 if failed else 200,
    )


def _run(request, uploaded, *, dry_run: bool) -> ImportReport:
    programme = _programme(request)
    if programme is None:
        raise ValidationError(_("Aucun programme en cours : créez-en un avant d'importer."))
    ensure_programme_open(programme)  # a closed programme is read, never imported into
    return workstreams_import(
        uploaded=uploaded, programme=programme, actor=request.user, dry_run=dry_run
    )


def _done(request, report: ImportReport) -> HttpResponse:
    messages.success(
        request,
        _("Import terminé : %(n)s ligne(s) lue(s), %(c)s création(s), %(u)s modification(s).")
        % {
            "n": report.rows,
            "c": sum(report.created.values()),
            "u": sum(report.updated.values()),
        },
    )
    return redirect("workstreams:workstream-list")


@require_http_methods(["GET", "POST"])
def workstream_import(request: HttpRequest) -> HttpResponse:
    """Import workstreams, milestones and actions: a dry run first, then all or nothing."""
    _require_manager(request)
    report, token = None, ""
    form = WorkstreamImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            report = _run(request, uploaded, dry_run=form.cleaned_data["dry_run"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            if report.written:
                return _done(request, report)
            if report.dry_run and report.ok and report.rows:
                token = stage_upload(uploaded=uploaded, user=request.user)
    return _render(request, form, report, token)


@require_POST
def workstream_import_confirm(request: HttpRequest) -> HttpResponse:
    """Import the file the person's successful dry run kept. 404 for a token that is not
    theirs, unknown or expired."""
    _require_manager(request)
    token = request.POST.get("token", "")
    uploaded = staged_upload(token=token, user=request.user)
    try:
        report = _run(request, uploaded, dry_run=False)
    except ValidationError as error:  # the dry run read the same bytes: not expected
        report = None
        messages.error(request, " ".join(error.messages))
    # Used or refused, the kept file has served: a corrected file is chosen again.
    discard_upload(token)
    if report is None:
        return redirect("workstreams:workstream-import")
    if report.written:
        return _done(request, report)
    return _render(request, WorkstreamImportForm(), report)


def template_rows(priority_code: str, username: str) -> list[list[str]]:
    """The header and one example line per kind, valid as they are for this programme."""
    code = f"{priority_code}-99"
    return [
        IMPORT_COLUMNS,
        [
            "chantier",
            code,
            _("Maison des droits"),
            priority_code,
            username,
            str(Workstream.Phase.REFLECTION.label),
            str(Workstream.Axis.PRIORITISATION.label),
            "",
            "01/09/2026",
            "30/06/2027",
            "",
            "",
            _("Un lieu unique pour l'accès au droit."),
        ],
        [
            "jalon",
            code,
            _("Ouverture au public"),
            "",
            username,
            "",
            "",
            "",
            "",
            "15/03/2027",
            _("oui"),
            str(Milestone.State.PLANNED.label),
            "",
        ],
        [
            "action",
            code,
            _("Visiter deux maisons des droits voisines"),
            "",
            username,
            "",
            "",
            "",
            "",
            "31/10/2026",
            "",
            str(Action.State.TODO.label),
            "",
        ],
    ]


def _labels(choices) -> str:
    return ", ".join(str(label) for key, label in choices if key)


def template_help(priorities, components) -> list[list[str]]:
    """The second sheet: each column, what it takes, and the allowed values."""
    return [
        [_("Colonne"), _("Pour"), _("Valeurs acceptées")],
        ["type", _("toutes les lignes"), _("chantier, jalon ou action")],
        ["code", _("toutes les lignes"), _("le code du chantier, par exemple CSC-03")],
        [
            "intitule",
            _("toutes les lignes"),
            _("l'intitulé (un jalon ou une action déjà là, de même intitulé, est mis à jour)"),
        ],
        [
            "priorite",
            _("chantier (obligatoire)"),
            ", ".join(f"{p.code} ({p.name})" for p in priorities) or _("code ou nom"),
        ],
        [
            "pilote",
            _("chantier (obligatoire), jalon, action"),
            _("identifiant, adresse e-mail, « Prénom Nom » ou « Nom Prénom »"),
        ],
        ["phase", _("chantier"), _labels(Workstream.Phase.choices)],
        ["axe", _("chantier"), _labels(Workstream.Axis.choices)],
        [
            "composante",
            _("chantier"),
            ", ".join(f"{c.code} ({c.name})" for c in components) or _("aucune"),
        ],
        ["date_debut", _("chantier"), _("date JJ/MM/AAAA")],
        ["echeance", _("chantier, jalon (obligatoire), action"), _("date JJ/MM/AAAA")],
        ["jalon_cle", _("jalon"), _("oui ou non")],
        [
            "etat",
            _("jalon, action"),
            _("jalon : %(m)s ; action : %(a)s")
            % {
                "m": Milestone.State.PLANNED.label,
                "a": _labels(Action.State.choices),
            },
        ],
        ["resume", _("chantier"), _("texte libre")],
        [
            "",
            "",
            _(
                "Accents, majuscules et ligatures sont indifférents (« Mise en oeuvre » = "
                "« Mise en œuvre »). Un chantier se déclare avant ses jalons et ses actions. "
                "Une ligne de titre au-dessus de l'en-tête et les lignes vides sont ignorées."
            ),
        ],
    ]


@require_GET
def workstream_import_template(request: HttpRequest) -> HttpResponse:
    """A file to fill in: the header, an example line per kind and (XLSX) the allowed
    values on a second sheet."""
    _require_manager(request)
    programme = _programme(request)
    priorities = list(programme.priorities.order_by("order", "code")) if programme else []
    components = list(programme.components.order_by("order", "name")) if programme else []
    rows = template_rows(priorities[0].code if priorities else "CSC", request.user.username)
    fmt = export_format(request)
    if fmt == "xlsx":
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = str(_("Import"))
        for row in rows:
            sheet.append(row)
        sheet.freeze_panes = "A2"
        help_sheet = workbook.create_sheet(str(_("Valeurs possibles")))
        for row in template_help(priorities, components):
            help_sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # French Excel reads the accents of a UTF-8 file with a BOM
        writer = csv.writer(response, delimiter=";")
        writer.writerows(rows)
    response["Content-Disposition"] = f'attachment; filename="modele-import-chantiers.{fmt}"'
    return response
