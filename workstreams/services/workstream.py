"""Writes on a workstream, and its carry-over into a later programme."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from priorities.models import Programme
from priorities.services import ensure_programme_open, register_carry_over
from workstreams.models import Workstream
from workstreams.services.base import (
    WORKSTREAM_FIELDS,
    WORKSTREAM_M2M,
    _assign,
    _check_officialisation,
    _check_programme,
    _lock,
    _save,
)

# Workstreams -------------------------------------------------------------------------------


@transaction.atomic
def workstream_create(*, data: dict[str, Any], actor) -> Workstream:
    workstream = Workstream()
    _assign(workstream, data, WORKSTREAM_FIELDS)
    _check_programme(workstream)
    _check_officialisation(workstream)
    _save(workstream, WORKSTREAM_FIELDS, actor)
    for name in WORKSTREAM_M2M:
        if name in data:
            getattr(workstream, name).set(data[name])
    return workstream


@transaction.atomic
def workstream_update(
    *, workstream: Workstream, version: int, data: dict[str, Any], actor
) -> Workstream:
    workstream = _lock(workstream, version)
    ensure_programme_open(workstream.programme)
    changed = _assign(workstream, data, WORKSTREAM_FIELDS)
    _check_programme(workstream)
    _check_officialisation(workstream)
    _save(workstream, changed, actor)
    for name in WORKSTREAM_M2M:
        if name in data:
            getattr(workstream, name).set(data[name])
    return workstream


@transaction.atomic
def workstream_archive(*, workstream: Workstream, version: int | None = None, actor) -> Workstream:
    workstream = _lock(workstream, version)
    ensure_programme_open(workstream.programme)
    if workstream.archived_at is None:
        workstream.archived_at = timezone.now()
        _save(workstream, ["archived_at"], actor)
    return workstream


@transaction.atomic
def workstream_record_cst_opinion(
    *, workstream: Workstream, opinion_on: dt.date, reference: str, actor
) -> Workstream:
    """Called by governance when the Comité social territorial gives its opinion."""
    workstream = _lock(workstream, None)
    ensure_programme_open(workstream.programme)
    workstream.cst_opinion_on = opinion_on
    workstream.cst_opinion_ref = reference
    _save(workstream, ["cst_opinion_on", "cst_opinion_ref"], actor)
    return workstream


# Programmes --------------------------------------------------------------------------------

CARRIED_FIELDS = (
    "code",
    "title",
    "summary",
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
    # The opinion was given on the organisation change the workstream still carries.
    "cst_opinion_on",
    "cst_opinion_ref",
)


@register_carry_over
def workstreams_carry_over(
    *, source: Programme, target: Programme, workstreams: list[Workstream] | bool, actor
) -> list[Workstream]:
    """Continue unfinished workstreams of `source` in `target` (called by
    priorities.services.programme_start_from once the priorities and components are
    copied): same code, their priority and component found by code, `carried_from` their
    past. The source's workstreams are only read."""
    unfinished = (
        Workstream.objects.filter(programme=source)
        .active()
        .exclude(phase=Workstream.Phase.CLOSED)
        .select_related("priority", "component")
        .prefetch_related(*WORKSTREAM_M2M)
        .order_by("code")
    )
    if workstreams is True:
        chosen = list(unfinished)
    else:
        wanted = {w.pk for w in workstreams}
        chosen = [w for w in unfinished if w.pk in wanted]
        if len(chosen) != len(wanted):
            raise ValidationError(
                _("Seuls les chantiers non terminés du programme d'origine se reprennent.")
            )
    priorities = {p.code: p for p in target.priorities.all()}
    components = {c.code: c for c in target.components.all()}
    same_mandate = source.mandate_id == target.mandate_id
    carried = []
    for past in chosen:
        data: dict[str, Any] = {name: getattr(past, name) for name in CARRIED_FIELDS}
        data["priority"] = priorities[past.priority.code]
        data["component"] = components.get(past.component.code) if past.component else None
        data["affected_units"] = list(past.affected_units.all())
        if same_mandate:  # domains and mandate priorities belong to a mandate
            data["domains"] = list(past.domains.all())
            data["mandate_priorities"] = list(past.mandate_priorities.all())
        workstream = Workstream(carried_from=past, programme=target)
        _assign(workstream, data, (*WORKSTREAM_FIELDS, *CARRIED_FIELDS))
        _check_programme(workstream)
        _check_officialisation(workstream)
        _save(workstream, (), actor)
        for name in WORKSTREAM_M2M:
            if name in data:
                getattr(workstream, name).set(data[name])
        carried.append(workstream)
    return carried
