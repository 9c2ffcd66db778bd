"""Writes on milestones and actions."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workstreams import handover
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


MOVE_REASON_REQUIRED = _(
    "Indiquez le motif du changement d'échéance : il est conservé avec le glissement."
)


def _moved(milestone: Milestone, previous_due: dt.date, reason: str) -> list[str]:
    """A new due date needs its reason, kept on the milestone (and so in its history)."""
    if milestone.due_date == previous_due:
        return []
    if not reason.strip():
        raise ValidationError({"move_reason": MOVE_REASON_REQUIRED})
    milestone.move_reason = reason.strip()
    return ["move_reason"]


@transaction.atomic
def milestone_update(
    *, milestone: Milestone, version: int, data: dict[str, Any], actor, reason: str = ""
) -> Milestone:
    """Edit a milestone; a change of its due date needs `reason` (the baseline stays)."""
    milestone = _lock(milestone, version)
    _ensure_open(milestone.workstream_id)
    previous_due = milestone.due_date
    changed = _assign(milestone, data, MILESTONE_FIELDS)
    changed += _moved(milestone, previous_due, reason)
    _save(milestone, changed, actor)
    if milestone.due_date != previous_due:
        handover.milestone_moved(
            milestone=milestone,
            previous_due=previous_due,
            reason=milestone.move_reason,
            actor=actor,
        )
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
    *, milestone: Milestone, version: int, new_due_date: dt.date, reason: str, actor
) -> Milestone:
    milestone = _lock(milestone, version)
    _ensure_open(milestone.workstream_id)
    if milestone.state == Milestone.State.ACHIEVED:
        raise InvalidTransitionError(_("Un jalon atteint ne se reporte pas."))
    if new_due_date <= milestone.due_date:
        raise ValidationError(
            {"due_date": _("La nouvelle échéance doit suivre l'échéance actuelle.")}
        )
    previous_due = milestone.due_date
    milestone.state = Milestone.State.POSTPONED
    milestone.due_date = new_due_date  # baseline_date is left alone: the slippage shows
    changed = _moved(milestone, previous_due, reason)
    _save(milestone, ["state", "due_date", *changed], actor)
    handover.milestone_moved(
        milestone=milestone, previous_due=previous_due, reason=milestone.move_reason, actor=actor
    )
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
