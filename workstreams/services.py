"""Every write on workstreams, milestones, actions and status updates.

Keyword-only `<entity>_<action>(*, …, actor)` functions, atomic, validated with
`full_clean()` before saving. Edits take the `version` the form was loaded with: the row is
locked (`select_for_update`), and a version that moved on means someone else saved in
between, so the edit is refused with `ConcurrentEditError` instead of silently overwriting
(the history keeps every save, which a bulk `update()` would skip).
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from priorities.models import Priority, Programme
from priorities.services import ensure_programme_open, register_carry_over
from workstreams.models import WEATHER_RANK, Action, Milestone, StatusUpdate, Workstream

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


# Status updates ----------------------------------------------------------------------------


def trend(
    weather: str | None, progress: int | None, previous_weather: str | None, previous_progress
) -> StatusUpdate.Trend | None:
    """Better, same or worse than the previous update: weather first, then progress."""
    if not weather or not previous_weather:
        return None
    rank, previous_rank = WEATHER_RANK.get(weather), WEATHER_RANK.get(previous_weather)
    if rank is None or previous_rank is None:
        return None
    if rank != previous_rank:
        return StatusUpdate.Trend.BETTER if rank < previous_rank else StatusUpdate.Trend.WORSE
    if progress is None or previous_progress is None or progress == previous_progress:
        return StatusUpdate.Trend.SAME
    return StatusUpdate.Trend.BETTER if progress > previous_progress else StatusUpdate.Trend.WORSE


def _refresh_status(workstream_id: int) -> None:
    """Store the workstream's current status: its current update (the first of
    `StatusUpdate.objects.current_of`), its latest published one and the trend between the
    current update and the previous non-draft one.

    Called by every service that writes a status update, in its transaction. The workstream
    row is locked first, so two updates of one workstream committed at once are read in
    turn and the last one to commit sees the other. A queryset update: the pointers are
    derived from the updates, whose own history records every change, so they are left out
    of the workstream's history and `version` (a director's point never conflicts with the
    DG editing the workstream; tests/trust/test_audit.py lists this write)."""
    Workstream.objects.select_for_update().filter(pk=workstream_id).values_list("pk").get()
    latest_two = list(StatusUpdate.objects.current_of(workstream_id)[:2])
    current = latest_two[0] if latest_two else None
    previous = latest_two[1] if len(latest_two) > 1 else None
    published = (
        StatusUpdate.objects.published()
        .filter(workstream_id=workstream_id)
        .order_by("-date", "-pk")
        .only("weather", "progress", "date")
        .first()
    )
    current_trend = (
        trend(current.weather, current.progress, previous.weather, previous.progress)
        if current is not None and previous is not None
        else None
    )
    Workstream.objects.filter(pk=workstream_id).update(
        current_update=current,
        published_update=published,
        current_trend=current_trend or "",
        current_weather=current.weather if current else "",
        current_progress=current.progress if current else None,
        last_update_on=current.date if current else None,
        public_weather=published.weather if published else "",
        public_progress=published.progress if published else None,
        public_update_on=published.date if published else None,
    )


def workstreams_refresh_status(*, workstream_ids: Iterable[int]) -> None:
    """Recompute the stored status of these workstreams: for the demo and volume data,
    which restore past updates through the ORM (architecture.md)."""
    for workstream_id in workstream_ids:
        with transaction.atomic():
            _refresh_status(workstream_id)


def status_update_previous(workstream: Workstream) -> StatusUpdate | None:
    """The update a new one starts from: the latest one, whatever its state."""
    return workstream.status_updates.order_by("-date", "-pk").first()


@transaction.atomic
def status_update_create(
    *, workstream: Workstream, data: dict[str, Any], submit: bool, actor
) -> StatusUpdate:
    _ensure_open(workstream.pk)
    if workstream.is_archived:
        raise ValidationError(_("Ce chantier est archivé : il ne reçoit plus de point."))
    update = StatusUpdate(workstream=workstream, author=actor, date=timezone.localdate())
    _assign(update, data, STATUS_UPDATE_FIELDS)
    if submit:
        update.state = StatusUpdate.State.SUBMITTED
        update.submitted_at = timezone.now()
    _save(update, (), actor)
    _refresh_status(update.workstream_id)
    return update


@transaction.atomic
def status_update_edit(
    *, update: StatusUpdate, version: int, data: dict[str, Any], submit: bool, actor
) -> StatusUpdate:
    update = _lock(update, version)
    _ensure_open(update.workstream_id)
    if update.state == StatusUpdate.State.PUBLISHED:
        raise InvalidTransitionError(_("Un point publié ne se modifie plus."))
    changed = _assign(update, data, STATUS_UPDATE_FIELDS)
    if submit:
        changed += _to_submitted(update)
    else:
        update.state = StatusUpdate.State.DRAFT
        changed.append("state")
    _save(update, changed, actor)
    _refresh_status(update.workstream_id)
    return update


def _to_submitted(update: StatusUpdate) -> list[str]:
    update.state = StatusUpdate.State.SUBMITTED
    update.submitted_at = timezone.now()
    # The DG's comment was answered by this new submission.
    update.return_comment = ""
    return ["state", "submitted_at", "return_comment"]


@transaction.atomic
def status_update_submit(*, update: StatusUpdate, version: int, actor) -> StatusUpdate:
    update = _lock(update, version)
    _ensure_open(update.workstream_id)
    if update.state != StatusUpdate.State.DRAFT:
        raise InvalidTransitionError(_("Seul un brouillon peut être soumis à la DG."))
    _save(update, _to_submitted(update), actor)
    _refresh_status(update.workstream_id)
    return update


@transaction.atomic
def status_update_publish(*, update: StatusUpdate, version: int, actor) -> StatusUpdate:
    update = _lock(update, version)
    _ensure_open(update.workstream_id)
    if update.state != StatusUpdate.State.SUBMITTED:
        raise InvalidTransitionError(_("Seul un point soumis à la DG peut être publié."))
    update.state = StatusUpdate.State.PUBLISHED
    update.published_at = timezone.now()
    update.published_by = actor
    _save(update, ["state", "published_at", "published_by"], actor)
    _refresh_status(update.workstream_id)
    return update


@transaction.atomic
def status_update_return(
    *, update: StatusUpdate, version: int, comment: str, actor
) -> StatusUpdate:
    update = _lock(update, version)
    _ensure_open(update.workstream_id)
    if update.state != StatusUpdate.State.SUBMITTED:
        raise InvalidTransitionError(_("Seul un point soumis à la DG peut être renvoyé."))
    if not comment.strip():
        raise ValidationError({"return_comment": _("Expliquez ce qui doit être repris.")})
    update.state = StatusUpdate.State.DRAFT
    update.return_comment = comment.strip()
    _save(update, ["state", "return_comment"], actor)
    _refresh_status(update.workstream_id)
    return update


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
