"""Writes of the strategic frame: programmes, their components and priorities.

A closed programme is read-only everywhere: `ensure_programme_open` is called by every
service that writes an object belonging to a programme, in this app and in the apps above
(workstreams, recruitment, governance).

Activation refuses while another programme is in progress rather than closing it: closing
is final (a closed programme is never reopened), so it is a decision the DG takes on its
own, through `programme_close`, not a side effect of starting the next one.

Starting a programme from an earlier one copies the structure here (components,
priorities, framework documents); carrying its unfinished workstreams over is the
workstreams app's write, which it registers with `register_carry_over` (this app may not
import the apps above it).
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from organisation.models import Commune
from priorities.models import Component, Priority, Programme

PROGRAMME_FIELDS = (
    "name",
    "short_name",
    "slug",
    "commune",
    "mandate",
    "start_date",
    "end_date",
    "description",
    "is_example",
)
COMPONENT_FIELDS = ("code", "name", "order")
PRIORITY_FIELDS = ("code", "name", "description", "order", "lead")
PRIORITY_M2M = ("mandate_priorities", "domains")


class ProgrammeClosedError(ValidationError):
    """A write on an object of a closed programme."""


def ensure_programme_open(programme: Programme) -> None:
    """Refuse any write on a closed programme, with the message the pages show."""
    if programme.is_closed:
        raise ProgrammeClosedError(
            _("Le programme %(name)s est clôturé : il se consulte mais ne se modifie plus."),
            code="programme_closed",
            params={"name": programme.short_name or programme.name},
        )


def _ensure_open_now(programme: Programme) -> None:
    """`ensure_programme_open` on the programme's stored state, not a copy loaded before
    it was closed."""
    ensure_programme_open(
        Programme.objects.only("name", "short_name", "state").get(pk=programme.pk)
    )


def _save(obj: models.Model, fields: Iterable[str] | None, actor) -> None:
    obj._history_user = actor  # the history's "who", also outside a request
    obj.full_clean()
    if obj._state.adding or fields is None:
        obj.save()
    else:
        obj.save(update_fields=list(fields))


def _assign(obj: models.Model, data: dict[str, Any], fields: Iterable[str]) -> list[str]:
    changed = []
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])
            changed.append(name)
    return changed


def _locked(programme: Programme) -> Programme:
    return Programme.objects.select_for_update().get(pk=programme.pk)


# Programmes --------------------------------------------------------------------------------


def _commune(actor) -> Commune:
    commune = Commune.objects.current()
    if commune.pk is None:
        _save(commune, None, actor)
    return commune


@transaction.atomic
def programme_create(*, data: dict[str, Any], actor) -> Programme:
    """A programme in preparation (activated afterwards by `programme_activate`)."""
    programme = Programme(state=Programme.State.PREPARATION, previous=data.get("previous"))
    _assign(programme, data, PROGRAMME_FIELDS)
    if programme.commune_id is None:
        programme.commune = _commune(actor)
    _save(programme, None, actor)
    if "framework_documents" in data:
        programme.framework_documents.set(data["framework_documents"])
    return programme


@transaction.atomic
def programme_update(*, programme: Programme, data: dict[str, Any], actor) -> Programme:
    programme = _locked(programme)
    ensure_programme_open(programme)
    changed = _assign(programme, data, PROGRAMME_FIELDS)
    if changed:
        _save(programme, changed, actor)
    if "framework_documents" in data:
        programme.framework_documents.set(data["framework_documents"])
    return programme


@transaction.atomic
def programme_activate(*, programme: Programme, actor) -> Programme:
    """Put a programme in preparation in progress. Refused while another one is."""
    programme = _locked(programme)
    ensure_programme_open(programme)
    if programme.state == Programme.State.ACTIVE:
        return programme
    # Locked too, so two activations at once cannot both pass this check.
    running = Programme.objects.select_for_update().filter(state=Programme.State.ACTIVE).first()
    if running is not None:
        raise ValidationError(
            _("Le programme %(name)s est en cours : clôturez-le avant d'en lancer un autre."),
            code="another_active",
            params={"name": running.short_name or running.name},
        )
    programme.state = Programme.State.ACTIVE
    _save(programme, ["state"], actor)
    return programme


@transaction.atomic
def programme_close(*, programme: Programme, actor) -> Programme:
    """Close a programme for good: from now on it is read, never written."""
    programme = _locked(programme)
    ensure_programme_open(programme)
    programme.state = Programme.State.CLOSED
    _save(programme, ["state"], actor)
    return programme


type CarryOver = Callable[..., list[Any]]

_carry_over: list[CarryOver] = []


def register_carry_over(function: CarryOver) -> CarryOver:
    """The workstreams app registers how unfinished workstreams are carried over:
    `function(*, source, target, workstreams, actor)` (list or True for all)."""
    if function not in _carry_over:
        _carry_over.append(function)
    return function


@transaction.atomic
def programme_start_from(
    *,
    source: Programme,
    data: dict[str, Any],
    copy_priorities: bool,
    copy_components: bool,
    carry_over: list | bool = False,
    actor,
) -> Programme:
    """A new programme in preparation started from `source`, which is left untouched
    (it may be closed: it is only read). Its framework documents are linked again; its
    components and priorities copied when asked; its unfinished workstreams carried over
    when asked (all of them with True, or the given ones), each linked to its past by
    `carried_from`."""
    if carry_over and not copy_priorities:
        raise ValidationError(
            _("Pour reprendre des chantiers, copiez aussi les priorités qui les portent."),
            code="carry_over_needs_priorities",
        )
    data = {"mandate": source.mandate, "commune": source.commune, **data, "previous": source}
    target = programme_create(data=data, actor=actor)
    if "framework_documents" not in data:
        target.framework_documents.set(source.framework_documents.all())
    if copy_components:
        for component in source.components.order_by("order", "pk"):
            component_create(
                programme=target,
                data={name: getattr(component, name) for name in COMPONENT_FIELDS},
                actor=actor,
            )
    if copy_priorities:
        same_mandate = target.mandate_id == source.mandate_id
        for priority in source.priorities.prefetch_related(*PRIORITY_M2M).order_by("pk"):
            fields = {name: getattr(priority, name) for name in PRIORITY_FIELDS}
            # Mandate priorities and domains belong to a mandate: kept within the same one.
            links = {name: list(getattr(priority, name).all()) for name in PRIORITY_M2M}
            priority_create(
                programme=target, data={**fields, **(links if same_mandate else {})}, actor=actor
            )
    if carry_over:
        if not _carry_over:
            raise RuntimeError("No carry-over registered: is the workstreams app installed?")
        for function in _carry_over:
            function(source=source, target=target, workstreams=carry_over, actor=actor)
    return target


# Components and priorities -----------------------------------------------------------------


@transaction.atomic
def component_create(*, programme: Programme, data: dict[str, Any], actor) -> Component:
    _ensure_open_now(programme)
    component = Component(programme=programme)
    _assign(component, data, COMPONENT_FIELDS)
    _save(component, None, actor)
    return component


@transaction.atomic
def component_update(*, component: Component, data: dict[str, Any], actor) -> Component:
    component = Component.objects.select_related("programme").get(pk=component.pk)
    ensure_programme_open(component.programme)
    changed = _assign(component, data, COMPONENT_FIELDS)
    if changed:
        _save(component, changed, actor)
    return component


@transaction.atomic
def priority_create(*, programme: Programme, data: dict[str, Any], actor) -> Priority:
    _ensure_open_now(programme)
    priority = Priority(programme=programme)
    _assign(priority, data, PRIORITY_FIELDS)
    _save(priority, None, actor)
    for name in PRIORITY_M2M:
        if name in data:
            getattr(priority, name).set(data[name])
    return priority


@transaction.atomic
def priority_update(*, priority: Priority, data: dict[str, Any], actor) -> Priority:
    priority = Priority.objects.select_related("programme").get(pk=priority.pk)
    ensure_programme_open(priority.programme)
    changed = _assign(priority, data, PRIORITY_FIELDS)
    if changed:
        _save(priority, changed, actor)
    for name in PRIORITY_M2M:
        if name in data:
            getattr(priority, name).set(data[name])
    return priority
