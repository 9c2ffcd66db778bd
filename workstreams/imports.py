"""Import workstreams, milestones and actions from a CSV or XLSX file.

All or nothing: the whole file is checked line by line inside one transaction, through the
same services as the pages; if any line has an error, or for a dry run, nothing is kept.
A workstream already there (same code) is compared with its line: identical, it is left
alone; different, the columns the file gives are updated through `workstream_update`. So
the list's export re-imports as it is (nothing to change), and an edited export updates.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from organisation.models import OrgUnit
from priorities.models import Component, Priority, Programme
from workstreams import services
from workstreams.import_files import Sheet, fold, read_sheet
from workstreams.models import Action, Milestone, Workstream

COLUMNS = [
    "type",
    "code",
    "intitule",
    "priorite",
    "pilote",
    "phase",
    "axe",
    "composante",
    "date_debut",
    "echeance",
    "jalon_cle",
    "etat",
    "resume",
]
ROW_TYPES = {"chantier": "workstream", "jalon": "milestone", "action": "action"}
YES = {"oui", "o", "yes", "y", "1", "vrai", "x"}
NO = {"", "non", "n", "no", "0", "faux"}


@dataclass
class ImportReport:
    dry_run: bool
    rows: int = 0
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    errors: list[tuple[int, str]] = field(default_factory=list)
    changes: list[tuple[int, str]] = field(default_factory=list)
    title_rows: list[tuple[int, str]] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    encoding: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run and self.rows > 0

    @property
    def valid_rows(self) -> int:
        return self.rows - len({line for line, _message in self.errors})

    @property
    def nothing_to_change(self) -> bool:
        return self.ok and not self.created and not self.updated


# --- Values a person types ------------------------------------------------------------------


def _date(value, column: str) -> dt.date | None:
    if value in ("", None):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValidationError(
        _("« %(value)s » n'est pas une date (colonne %(column)s) : écrivez JJ/MM/AAAA.")
        % {"value": value, "column": column}
    )


def choice_key(value: str, choices, column: str, default: str) -> str:
    """The stored value of a choice typed as its label or its value, whatever the accents,
    ligatures and case: "Mise en oeuvre", "MISE EN ŒUVRE" and "implementation" are one."""
    if not str(value or "").strip():
        return default
    by_text = {}
    for key, label in choices:
        by_text[fold(label)] = key
        by_text[fold(key)] = key
    key = by_text.get(fold(value))
    if key is None:
        allowed = ", ".join(str(label) for key, label in choices if key)
        raise ValidationError(
            _(
                "Valeur « %(value)s » inconnue (colonne %(column)s) ; valeurs possibles : "
                "%(allowed)s."
            )
            % {"value": value, "column": column, "allowed": allowed}
        )
    return key


class PeopleIndex:
    """Active people found by username, e-mail, "Prénom Nom" or "Nom Prénom", whatever the
    accents and case; a name two people share is refused, naming them."""

    def __init__(self, users):
        self.by_key: dict[str, list] = {}
        for user in users:
            keys = {fold(user.username), fold(user.email)}
            if user.first_name or user.last_name:
                keys |= {
                    fold(f"{user.first_name} {user.last_name}"),
                    fold(f"{user.last_name} {user.first_name}"),
                }
            for key in keys - {""}:
                self.by_key.setdefault(key, []).append(user)

    def find(self, text: str, column: str):
        if not text:
            return None
        found = {user.pk: user for user in self.by_key.get(fold(text), [])}
        if not found:
            raise ValidationError(
                _(
                    "Personne inconnue « %(name)s » (colonne %(column)s) : indiquez son "
                    "identifiant, son adresse e-mail ou « Prénom Nom »."
                )
                % {"name": text, "column": column}
            )
        if len(found) > 1:
            people = sorted(found.values(), key=lambda u: u.username)
            raise ValidationError(
                _(
                    "« %(name)s » désigne plusieurs personnes (colonne %(column)s) : "
                    "%(candidates)s. Indiquez l'identifiant ou l'adresse e-mail."
                )
                % {
                    "name": text,
                    "column": column,
                    "candidates": ", ".join(
                        f"{u.get_full_name() or u.username} ({u.username})" for u in people
                    ),
                }
            )
        return next(iter(found.values()))


class _Lookups:
    """People, units (the commune's), priorities and components (the programme's) read
    once per import, not once per line."""

    def __init__(self, programme: Programme):
        self.programme = programme
        self.people = PeopleIndex(get_user_model().objects.filter(is_active=True))
        priorities = list(Priority.objects.filter(programme=programme))
        self.priorities = {fold(p.code): p for p in priorities}
        for priority in priorities:
            self.priorities.setdefault(fold(priority.name), priority)
        self.components: dict[str, Component] = {}
        for component in Component.objects.filter(programme=programme):
            self.components[fold(component.code)] = component
            self.components.setdefault(fold(component.name), component)
        self.units: dict[str, list[OrgUnit]] = {}
        for unit in OrgUnit.objects.all():
            for key in {fold(unit.name), fold(unit.acronym), fold(str(unit))} - {""}:
                self.units.setdefault(key, []).append(unit)

    def priority(self, text: str) -> Priority:
        priority = self.priorities.get(fold(text))
        if priority is None:
            raise ValidationError(
                _(
                    "Priorité « %(code)s » inconnue : indiquez son code (par exemple CSC) "
                    "ou son nom."
                )
                % {"code": text}
            )
        return priority

    def component(self, text: str) -> Component:
        component = self.components.get(fold(text))
        if component is None:
            names = sorted({str(c) for c in self.components.values()})
            raise ValidationError(
                _(
                    "Composante « %(value)s » inconnue dans ce programme ; valeurs possibles : "
                    "%(allowed)s."
                )
                % {"value": text, "allowed": ", ".join(names) or _("aucune")}
            )
        return component

    def unit(self, text: str) -> OrgUnit:
        units = self.units.get(fold(text), [])
        if len(units) != 1:
            raise ValidationError(
                _("Entité « %(name)s » inconnue ou ambiguë : indiquez son sigle.") % {"name": text}
            )
        return units[0]


# --- One line ----------------------------------------------------------------------------


def _workstream(code: str, programme: Programme) -> Workstream:
    workstream = Workstream.objects.active().filter(programme=programme, code=code).first()
    if workstream is None:
        raise ValidationError(_("Chantier « %(code)s » inconnu.") % {"code": code})
    return workstream


def _given(row: dict, column: str) -> bool:
    """The file has this column and the line fills it: an absent or empty cell leaves the
    existing value alone."""
    return row.get(column) not in (None, "")


def _workstream_data(row: dict, lookups: _Lookups, *, creating: bool) -> dict[str, Any]:
    data: dict[str, Any] = {"title": row["intitule"]}
    if _given(row, "resume"):
        data["summary"] = row["resume"]
    if _given(row, "priorite"):
        data["priority"] = lookups.priority(row["priorite"])
    elif creating:
        raise ValidationError(_("Indiquez la priorité du chantier (son code ou son nom)."))
    if _given(row, "pilote"):
        data["owner"] = lookups.people.find(row["pilote"], "pilote")
    elif creating:
        raise ValidationError(_("Indiquez le pilote du chantier (identifiant, e-mail ou nom)."))
    if _given(row, "entite"):
        data["org_unit"] = lookups.unit(row["entite"])
    elif creating:
        data["org_unit"] = data["owner"].org_unit
    for column, name, options in (
        ("phase", "phase", Workstream.Phase.choices),
        ("axe", "axis", Workstream.Axis.choices),
    ):
        if _given(row, column):
            data[name] = choice_key(row[column], options, column, "")
    if _given(row, "composante"):
        data["component"] = lookups.component(row["composante"])
    for column, name in (("date_debut", "start_date"), ("echeance", "target_date")):
        if _given(row, column):
            data[name] = _date(row[column], column)
    return data


def _differences(obj, data: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in data.items() if getattr(obj, name) != value}


def _change_text(obj, changed: dict[str, Any]) -> str:
    names = ", ".join(str(obj._meta.get_field(name).verbose_name) for name in changed)
    return _("%(object)s : %(fields)s modifié(s).") % {"object": obj, "fields": names}


def _import_workstream(row, code, actor, lookups, report, line) -> str:
    existing = Workstream.objects.filter(programme=lookups.programme, code=code).first()
    data = _workstream_data(row, lookups, creating=existing is None)
    if existing is None:
        data.setdefault("phase", Workstream.Phase.REFLECTION)
        services.workstream_create(data={"code": code, **data}, actor=actor)
        return "created"
    changed = _differences(existing, data)
    if not changed:
        return "unchanged"
    services.workstream_update(
        workstream=existing, version=existing.version, data=changed, actor=actor
    )
    report.changes.append((line, _change_text(existing, changed)))
    return "updated"


def _import_milestone(row, workstream, title, actor, lookups, report, line) -> str:
    due = _date(row.get("echeance"), "echeance")
    if due is None:
        raise ValidationError(_("Un jalon doit avoir une échéance."))
    key = fold(row.get("jalon_cle", ""))
    if key not in YES | NO:
        raise ValidationError(_("Colonne jalon_cle : répondez oui ou non."))
    state = choice_key(
        row.get("etat", ""), Milestone.State.choices, "etat", Milestone.State.PLANNED
    )
    if state != Milestone.State.PLANNED:
        raise ValidationError(
            _(
                "Un jalon s'importe à l'état prévu : marquez-le atteint ou reporté depuis sa "
                "page, qui demande la date."
            )
        )
    data = {"title": title, "due_date": due, "is_key": key in YES}
    if _given(row, "pilote"):
        data["owner"] = lookups.people.find(row["pilote"], "pilote")
    existing = workstream.milestones.filter(title=title, archived_at__isnull=True).first()
    if existing is None:
        services.milestone_create(workstream=workstream, data=data, actor=actor)
        return "created"
    changed = _differences(existing, data)
    if not changed:
        return "unchanged"
    services.milestone_update(
        milestone=existing,
        version=existing.version,
        data=changed,
        # A file has no reason column: the import says where the new date came from.
        reason=_("Échéance modifiée par l'import d'un fichier (ligne %(line)s).") % {"line": line},
        actor=actor,
    )
    report.changes.append((line, _change_text(existing, changed)))
    return "updated"


def _import_action(row, workstream, title, actor, lookups, report, line) -> str:
    data = {"title": title}
    if _given(row, "echeance"):
        data["due_date"] = _date(row["echeance"], "echeance")
    if _given(row, "pilote"):
        data["owner"] = lookups.people.find(row["pilote"], "pilote")
    if _given(row, "etat"):
        data["state"] = choice_key(row["etat"], Action.State.choices, "etat", Action.State.TODO)
    existing = workstream.actions.filter(title=title).first()
    if existing is None:
        services.action_create(workstream=workstream, data=data, actor=actor)
        return "created"
    changed = _differences(existing, data)
    if not changed:
        return "unchanged"
    services.action_update(action=existing, version=existing.version, data=changed, actor=actor)
    report.changes.append((line, _change_text(existing, changed)))
    return "updated"


def _import_row(row: dict, *, has_type: bool, actor, lookups, report, line) -> tuple[str, str]:
    kind = ROW_TYPES.get(fold(row.get("type", ""))) if has_type else "workstream"
    if kind is None:
        raise ValidationError(
            _("Type « %(type)s » inconnu : chantier, jalon ou action.")
            % {"type": row.get("type", "")}
        )
    code, title = str(row.get("code", "")).upper(), row.get("intitule", "")
    if not code:
        raise ValidationError(_("La colonne code est vide."))
    if not title:
        raise ValidationError(_("La colonne intitule est vide."))
    row = {**row, "intitule": str(title)}
    if kind == "workstream":
        return kind, _import_workstream(row, code, actor, lookups, report, line)
    workstream = _workstream(code, lookups.programme)
    handler = _import_milestone if kind == "milestone" else _import_action
    return kind, handler(row, workstream, str(title), actor, lookups, report, line)


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ; ".join(
            f"{name} : {message}" if name != "__all__" else message
            for name, messages in error.message_dict.items()
            for message in messages
        )
    return " ; ".join(error.messages)


@transaction.atomic
def workstreams_import(*, uploaded, programme: Programme, actor, dry_run: bool) -> ImportReport:
    """Check every line against `programme` (its priorities, components and codes); keep
    the whole file only when no line fails and it is not a dry run. Raises ValidationError
    (French) when the file cannot be read or the programme is closed."""
    if programme.is_closed:
        raise ValidationError(
            _("Le programme %(name)s est clôturé : il se consulte mais ne se modifie plus.")
            % {"name": programme.name}
        )
    sheet: Sheet = read_sheet(uploaded)
    report = ImportReport(
        dry_run=dry_run,
        rows=len(sheet.rows),
        title_rows=sheet.title_rows,
        ignored_columns=sheet.ignored_columns,
        encoding=sheet.encoding,
    )
    lookups = _Lookups(programme)
    for line, row in sheet.rows:
        try:
            with transaction.atomic():
                kind, outcome = _import_row(
                    row,
                    has_type=sheet.has_type,
                    actor=actor,
                    lookups=lookups,
                    report=report,
                    line=line,
                )
        except ValidationError as error:
            report.errors.append((line, _messages(error)))
        except services.ConcurrentEditError:
            report.errors.append((line, _("Cet élément a changé pendant l'import : relancez.")))
        except DatabaseError:
            # The savepoint is rolled back; the line is refused, the file is not a 500.
            report.errors.append((line, _("La base de données a refusé cette ligne.")))
        else:
            getattr(report, outcome)[kind] += 1
    if report.errors or dry_run:
        transaction.set_rollback(True)
    return report
