"""What every workstreams service shares: the fields each writes, the errors, the lock
and version check, the validated save, and the checks of a workstream's programme."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from priorities.models import Priority, Programme
from priorities.services import ensure_programme_open
from workstreams.models import Workstream

OFFICIALISATION_NEEDS_CST = _(
    "Ce chantier modifie l'organisation des services : il ne peut être officialisé "
    "qu'après l'avis du Comité social territorial."
)

WORKSTREAM_FIELDS = (
    "code",
    "title",
    "summary",
    "priority",
    "component",
    "owner",
    "org_unit",
    "sponsor",
    "changes_organisation",
    "phase",
    "axis",
    "start_date",
    "target_date",
    "transversal",
    "weight",
)
WORKSTREAM_M2M = ("domains", "mandate_priorities", "affected_units")
STATUS_UPDATE_FIELDS = (
    "weather",
    "progress",
    "done",
    "next_steps",
    "risks",
    "decisions_needed",
    "public_summary",
)
MILESTONE_FIELDS = ("title", "due_date", "is_key", "owner")
ACTION_FIELDS = ("title", "owner", "due_date", "state")


class ConcurrentEditError(Exception):
    """Someone else saved the same object since the form was loaded."""

    message = _(
        "Quelqu'un d'autre a modifié cet élément pendant que vous le modifiiez. "
        "Votre saisie n'a pas été enregistrée : elle est conservée ci-dessous. "
        "Rechargez la page pour voir la version à jour, puis reportez vos changements."
    )

    def __str__(self) -> str:
        return str(self.message)


class InvalidTransitionError(ValidationError):
    """A state change that the current state does not allow."""


def _lock[M: models.Model](obj: M, version: int | None) -> M:
    """Lock the row, check nobody saved since `version`, return the fresh row."""
    fresh = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if version is not None and fresh.version != version:
        raise ConcurrentEditError
    return fresh


def _save(obj: models.Model, fields: Iterable[str], actor) -> None:
    obj._history_user = actor  # the history's "who", also outside a request
    obj.full_clean()
    if obj._state.adding:
        obj.save()
    else:
        obj.version += 1
        obj.save(update_fields=[*fields, "version"])


def _assign(obj: models.Model, data: dict[str, Any], fields: Iterable[str]) -> list[str]:
    changed = []
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])
            changed.append(name)
    return changed


def ensure_workstream_open(workstream_id: int | None) -> None:
    """Refuse a write about a workstream of a closed programme (ProgrammeClosedError); the
    apps above call it for what they record about a workstream. None: about no workstream."""
    if workstream_id is not None:
        ensure_programme_open(Programme.objects.get(workstreams__pk=workstream_id))


_ensure_open = ensure_workstream_open


def _check_programme(workstream: Workstream) -> None:
    """The workstream belongs to its priority's programme (set here, never typed), and so
    does its component; the programme is open."""
    priority: Priority | None = workstream.priority if workstream.priority_id else None
    if priority is None:
        return  # full_clean() says the priority is required
    if workstream.programme_id is None:
        workstream.programme = priority.programme
    elif priority.programme_id != workstream.programme_id:
        raise ValidationError(
            {"priority": _("Cette priorité appartient à un autre programme que le chantier.")}
        )
    # The stored state: the priority may have been loaded before its programme was closed.
    ensure_programme_open(Programme.objects.get(pk=workstream.programme_id))
    component = workstream.component
    if component is not None and component.programme_id != workstream.programme_id:
        raise ValidationError(
            {"component": _("Cette composante appartient à un autre programme que le chantier.")}
        )


def _check_officialisation(workstream: Workstream) -> None:
    if (
        workstream.changes_organisation
        and workstream.phase == Workstream.Phase.OFFICIALISATION
        and workstream.cst_opinion_on is None
    ):
        raise ValidationError({"phase": OFFICIALISATION_NEEDS_CST})
