"""Writes on status updates, and the workstream's stored current status they keep."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workstreams.models import WEATHER_RANK, StatusUpdate, Workstream
from workstreams.services.base import (
    STATUS_UPDATE_FIELDS,
    InvalidTransitionError,
    _assign,
    _ensure_open,
    _lock,
    _save,
)

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
        decisions_pending=bool(current and current.decisions_needed.strip()),
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
