"""Writes on milestones and actions."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workstreams.models import Action, Milestone, Workstream
from workstreams.services.base import (
    ACTION_FIELDS,
    MILESTONE_FIELDS,
    InvalidTransitionError,
    _assign,
    _ensure_open,
    _lock,
    _save,
)

# Milestones --------------------------------------------------------------------------------


@transaction.atomic
def milestone_create(*, workstream: Workstream, data: dict[str, Any], actor) -> Milestone:
    _ensure_open(workstream.pk)
    milestone = Milestone(workstream=workstream)
    _assign(milestone, data, MILESTONE_FIELDS)
    # The first promised date: kept as is afterwards, so that slippage shows.
    milestone.baseline_date = milestone.due_date
    _save(milestone, (), actor)
    return milestone


@transaction.atomic
def milestone_update(
    *, milestone: Milestone, version: int, data: dict[str, Any], actor
) -> Milestone:
    milestone = _lock(milestone, version)
    _ensure_open(milestone.workstream_id)
    changed = _assign(milestone, data, MILESTONE_FIELDS)
    _save(milestone, changed, actor)
    return milestone


@transaction.atomic
def milestone_reach(
    *, milestone: Milestone, version: int, achieved_on: dt.date, actor
) -> Milestone:
    milestone = _lock(milestone, version)
    _ensure_open(milestone.workstream_id)
    if milestone.state == Milestone.State.ACHIEVED:
        raise InvalidTransitionError(_("Ce jalon est déjà atteint."))
    if achieved_on > timezone.localdate():
        raise ValidationError({"achieved_on": _("Un jalon ne peut être atteint dans le futur.")})
    milestone.state = Milestone.State.ACHIEVED
    milestone.achieved_on = achieved_on
    _save(milestone, ["state", "achieved_on"], actor)
    return milestone


@transaction.atomic
def milestone_postpone(
    *, milestone: Milestone, version: int, new_due_date: dt.date, actor
) -> Milestone:
    milestone = _lock(milestone, version)
    _ensure_open(milestone.workstream_id)
    if milestone.state == Milestone.State.ACHIEVED:
        raise InvalidTransitionError(_("Un jalon atteint ne se reporte pas."))
    if new_due_date <= milestone.due_date:
        raise ValidationError(
            {"due_date": _("La nouvelle échéance doit suivre l'échéance actuelle.")}
        )
    milestone.state = Milestone.State.POSTPONED
    milestone.due_date = new_due_date  # baseline_date is left alone: the slippage shows
    _save(milestone, ["state", "due_date"], actor)
    return milestone


@transaction.atomic
def milestone_miss(*, milestone: Milestone, version: int | None = None, actor) -> Milestone:
    """The milestone will not be reached as planned: it stays, marked missed."""
    milestone = _lock(milestone, version)
    _ensure_open(milestone.workstream_id)
    if milestone.state in (Milestone.State.ACHIEVED, Milestone.State.MISSED):
        raise InvalidTransitionError(_("Ce jalon est déjà atteint ou manqué."))
    milestone.state = Milestone.State.MISSED
    _save(milestone, ["state"], actor)
    return milestone


@transaction.atomic
def milestone_archive(*, milestone: Milestone, version: int | None = None, actor) -> Milestone:
    milestone = _lock(milestone, version)
    _ensure_open(milestone.workstream_id)
    if milestone.archived_at is None:
        milestone.archived_at = timezone.now()
        _save(milestone, ["archived_at"], actor)
    return milestone


# Actions -----------------------------------------------------------------------------------


def _sync_done_on(action: Action) -> list[str]:
    if action.state == Action.State.DONE and action.done_on is None:
        action.done_on = timezone.localdate()
    elif action.state != Action.State.DONE:
        action.done_on = None
    return ["done_on"]


@transaction.atomic
def action_create(*, workstream: Workstream, data: dict[str, Any], actor) -> Action:
    _ensure_open(workstream.pk)
    action = Action(workstream=workstream)
    _assign(action, data, ACTION_FIELDS)
    _sync_done_on(action)
    _save(action, (), actor)
    return action


@transaction.atomic
def action_update(*, action: Action, version: int, data: dict[str, Any], actor) -> Action:
    action = _lock(action, version)
    _ensure_open(action.workstream_id)
    changed = _assign(action, data, ACTION_FIELDS) + _sync_done_on(action)
    _save(action, changed, actor)
    return action


@transaction.atomic
def action_done(*, action: Action, version: int, actor) -> Action:
    action = _lock(action, version)
    _ensure_open(action.workstream_id)
    if action.state == Action.State.DONE:
        raise InvalidTransitionError(_("Cette action est déjà faite."))
    action.state = Action.State.DONE
    action.done_on = timezone.localdate()
    _save(action, ["state", "done_on"], actor)
    return action
