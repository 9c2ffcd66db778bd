"""Import workstreams, milestones and actions from a CSV or XLSX file.

All or nothing: the whole file is checked line by line inside one transaction, through the
same services as the pages; if any line has an error, or for a dry run, nothing is kept.
"""

import csv
import datetime as dt
import io
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from priorities.models import Priority
from workstreams import services
from workstreams.models import Action, Workstream

COLUMNS = [
    "type",
    "code",
    "intitule",
    "priorite",
    "pilote",
    "phase",
    "date_debut",
    "echeance",
    "jalon_cle",
    "etat",
    "resume",
]
ROW_TYPES = {"chantier": "workstream", "jalon": "milestone", "action": "action"}
MAX_ROWS = 5000
YES = {"oui", "o", "yes", "y", "1", "vrai", "x"}
NO = {"", "non", "n", "no", "0", "faux"}


@dataclass
class ImportReport:
    dry_run: bool
    rows: int = 0
    created: Counter = field(default_factory=Counter)
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run and self.rows > 0


def _normalise(header: str) -> str:
    text = unicodedata.normalize("NFKD", str(header or "")).encode("ascii", "ignore").decode()
    return text.strip().lower().replace(" ", "_").replace("'", "_")


def _label(value: str) -> str:
    return _normalise(value).replace("_", " ")


def read_rows(uploaded) -> list[dict[str, str]]:
    """The file's rows as dicts keyed by normalised column names. ValidationError if unreadable."""
    name = (uploaded.name or "").lower()
    uploaded.seek(0)
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(uploaded, read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 — any unreadable workbook gets the same message
            raise ValidationError(_("Le classeur XLSX est illisible.")) from None
        sheet = workbook.worksheets[0]
        values = [list(row) for row in sheet.iter_rows(values_only=True)]
        workbook.close()
    elif name.endswith(".csv"):
        raw = uploaded.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_("Le fichier CSV doit être encodé en UTF-8.")) from None
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
        except csv.Error:
            dialect = csv.excel
            dialect.delimiter = ";"
        values = list(csv.reader(io.StringIO(text), dialect))
    else:
        raise ValidationError(_("Seuls les fichiers CSV et XLSX sont acceptés."))
    values = [row for row in values if any(cell not in (None, "") for cell in row)]
    if not values:
        raise ValidationError(_("Le fichier est vide."))
    header = [_normalise(cell) for cell in values[0]]
    missing = [column for column in ("type", "code", "intitule") if column not in header]
    if missing:
        raise ValidationError(
            _("Colonnes obligatoires absentes : %(columns)s.") % {"columns": ", ".join(missing)}
        )
    if len(values) - 1 > MAX_ROWS:
        raise ValidationError(
            _("Le fichier dépasse %(max)s lignes : découpez-le.") % {"max": MAX_ROWS}
        )
    rows = []
    for row in values[1:]:
        cells = {}
        for index, column in enumerate(header):
            cell = row[index] if index < len(row) else None
            cells[column] = cell if isinstance(cell, dt.date) else str(cell or "").strip()
        rows.append(cells)
    return rows


def _date(value, column: str) -> dt.date | None:
    if value in ("", None):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValidationError(
        _("« %(value)s » n'est pas une date (colonne %(column)s) : écrivez JJ/MM/AAAA.")
        % {"value": value, "column": column}
    )


class _Lookups:
    """People and priorities read once per import, not once per line."""

    def __init__(self):
        self.users = {u.username: u for u in get_user_model().objects.filter(is_active=True)}
        self.priorities = {p.code: p for p in Priority.objects.all()}


def _user(lookups: _Lookups, username: str, column: str):
    if not username:
        return None
    user = lookups.users.get(username)
    if user is None:
        raise ValidationError(
            _("Personne inconnue « %(name)s » (colonne %(column)s).")
            % {"name": username, "column": column}
        )
    return user


def _choice(value: str, choices, column: str, default: str) -> str:
    if not value:
        return default
    by_label = {_label(label): key for key, label in choices}
    by_label.update({key: key for key, _unused in choices})
    key = by_label.get(_label(value)) or by_label.get(value)
    if key is None:
        allowed = ", ".join(str(label) for _key, label in choices)
        raise ValidationError(
            _(
                "Valeur « %(value)s » inconnue (colonne %(column)s) ; valeurs possibles : "
                "%(allowed)s."
            )
            % {"value": value, "column": column, "allowed": allowed}
        )
    return key


def _workstream(code: str) -> Workstream:
    workstream = Workstream.objects.active().filter(code=code).first()
    if workstream is None:
        raise ValidationError(_("Chantier « %(code)s » inconnu.") % {"code": code})
    return workstream


def _import_row(row: dict, actor, lookups: _Lookups) -> str:
    kind = ROW_TYPES.get(_label(row.get("type", "")))
    if kind is None:
        raise ValidationError(
            _("Type « %(type)s » inconnu : chantier, jalon ou action.") % {"type": row.get("type")}
        )
    code, title = row.get("code", ""), row.get("intitule", "")
    if not code:
        raise ValidationError(_("La colonne code est vide."))
    if not title:
        raise ValidationError(_("La colonne intitule est vide."))
    if kind == "workstream":
        if Workstream.objects.filter(code=code).exists():
            raise ValidationError(_("Le chantier « %(code)s » existe déjà.") % {"code": code})
        priority = lookups.priorities.get(row.get("priorite", ""))
        if priority is None:
            raise ValidationError(
                _("Priorité « %(code)s » inconnue : indiquez son code (par exemple CSC).")
                % {"code": row.get("priorite", "")}
            )
        owner = _user(lookups, row.get("pilote", ""), "pilote")
        if owner is None:
            raise ValidationError(_("Indiquez le pilote du chantier (identifiant)."))
        services.workstream_create(
            data={
                "code": code,
                "title": title,
                "summary": row.get("resume", ""),
                "priority": priority,
                "owner": owner,
                "org_unit": owner.org_unit,
                "phase": _choice(
                    row.get("phase", ""),
                    Workstream.Phase.choices,
                    "phase",
                    Workstream.Phase.REFLECTION,
                ),
                "start_date": _date(row.get("date_debut"), "date_debut"),
                "target_date": _date(row.get("echeance"), "echeance"),
            },
            actor=actor,
        )
    elif kind == "milestone":
        due = _date(row.get("echeance"), "echeance")
        if due is None:
            raise ValidationError(_("Un jalon doit avoir une échéance."))
        key = _label(row.get("jalon_cle", ""))
        if key not in YES | NO:
            raise ValidationError(_("Colonne jalon_cle : répondez oui ou non."))
        services.milestone_create(
            workstream=_workstream(code),
            data={
                "title": title,
                "due_date": due,
                "is_key": key in YES,
                "owner": _user(lookups, row.get("pilote", ""), "pilote"),
            },
            actor=actor,
        )
    else:
        services.action_create(
            workstream=_workstream(code),
            data={
                "title": title,
                "due_date": _date(row.get("echeance"), "echeance"),
                "owner": _user(lookups, row.get("pilote", ""), "pilote"),
                "state": _choice(
                    row.get("etat", ""), Action.State.choices, "etat", Action.State.TODO
                ),
            },
            actor=actor,
        )
    return kind


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ; ".join(
            f"{name} : {message}" if name != "__all__" else message
            for name, messages in error.message_dict.items()
            for message in messages
        )
    return " ; ".join(error.messages)


@transaction.atomic
def workstreams_import(*, uploaded, actor, dry_run: bool) -> ImportReport:
    """Check every line; keep the whole file only when no line fails and it is not a dry run."""
    report = ImportReport(dry_run=dry_run)
    rows = read_rows(uploaded)
    report.rows = len(rows)
    lookups = _Lookups()
    for line, row in enumerate(rows, start=2):
        try:
            with transaction.atomic():
                report.created[_import_row(row, actor, lookups)] += 1
        except ValidationError as error:
            report.errors.append((line, _messages(error)))
    if report.errors or dry_run:
        transaction.set_rollback(True)
    return report
