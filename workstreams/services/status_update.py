"""Writes on status updates, and the workstream's stored current status they keep."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workstreams import handover
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


def status_update_open_draft(workstream: Workstream | int) -> StatusUpdate | None:
    """The workstream's draft, if it has one: at most one (the constraint
    workstreams_statusupdate_one_draft); "Nouveau point" continues it."""
    return StatusUpdate.objects.filter(
        workstream=workstream, state=StatusUpdate.State.DRAFT
    ).first()


ONE_DRAFT = _(
    "Ce chantier a déjà un brouillon de point d'avancement : reprenez-le plutôt que d'en "
    "commencer un second."
)
ONE_DRAFT_OF_SOMEONE_ELSE = _(
    "Ce chantier a déjà un brouillon de point d'avancement, écrit par une autre personne : "
    "demandez-lui de le soumettre avant d'en écrire un nouveau."
)
RETURN_WOULD_DUPLICATE = _(
    "Ce point ne peut pas être renvoyé : un point plus récent de ce chantier est en "
    "brouillon, et un chantier n'a qu'un brouillon à la fois. Publiez ce point, ou laissez-"
    "le en attente et commentez le suivant quand il vous sera soumis."
)
WITHDRAW_WOULD_DUPLICATE = _(
    "Ce point ne peut pas être retiré : un point plus récent de ce chantier est déjà en "
    "brouillon. Reprenez ce brouillon, ou soumettez-le d'abord."
)


@transaction.atomic
def status_update_create(
    *, workstream: Workstream, data: dict[str, Any], submit: bool, actor
) -> StatusUpdate:
    _ensure_open(workstream.pk)
    if workstream.is_archived:
        raise ValidationError(_("Ce chantier est archivé : il ne reçoit plus de point."))
    # Read after locking the workstream: two "new point" saves at once are taken in turn.
    Workstream.objects.select_for_update().filter(pk=workstream.pk).values_list("pk").get()
    if status_update_open_draft(workstream.pk) is not None:
        raise ValidationError(ONE_DRAFT)
    update = StatusUpdate(workstream=workstream, author=actor, date=timezone.localdate())
    _assign(update, data, STATUS_UPDATE_FIELDS)
    if submit:
        update.state = StatusUpdate.State.SUBMITTED
        update.submitted_at = timezone.now()
    _save(update, (), actor)
    _refresh_status(update.workstream_id)
    if submit:
        handover.update_submitted(update=update, actor=actor)
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
    # Submitting a draft hands it to the DG; a submitted one saved again stays with her.
    submitting = submit and update.state == StatusUpdate.State.DRAFT
    if submitting:
        changed += _to_submitted(update)
    elif not submit and update.state != StatusUpdate.State.DRAFT:
        # Saving a submitted update as a draft takes it back from the DG: a withdrawal.
        changed += _to_draft(update)
    _save(update, changed, actor)
    _refresh_status(update.workstream_id)
    if submitting:
        handover.update_submitted(update=update, actor=actor)
    return update


def _to_draft(update: StatusUpdate, refusal=WITHDRAW_WOULD_DUPLICATE) -> list[str]:
    """Back to a draft (withdrawn, returned): refused with `refusal` when the workstream
    already has another draft, which would be a second one."""
    others = StatusUpdate.objects.filter(
        workstream_id=update.workstream_id, state=StatusUpdate.State.DRAFT
    ).exclude(pk=update.pk)
    if others.exists():
        raise InvalidTransitionError(refusal)
    update.state = StatusUpdate.State.DRAFT
    update.submitted_at = None
    return ["state", "submitted_at"]


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
    handover.update_submitted(update=update, actor=actor)
    return update


@transaction.atomic
def status_update_withdraw(*, update: StatusUpdate, version: int, actor) -> StatusUpdate:
    """The author takes a submitted update back, until the DG publishes or returns it: it
    is a draft again (the history keeps the submission and the withdrawal)."""
    update = _lock(update, version)
    _ensure_open(update.workstream_id)
    if update.state != StatusUpdate.State.SUBMITTED:
        raise InvalidTransitionError(
            _("Ce point n'attend plus la DG : elle l'a déjà publié ou renvoyé.")
        )
    if update.author_id != actor.pk:
        raise InvalidTransitionError(_("Seul l'auteur d'un point peut le retirer."))
    _save(update, _to_draft(update), actor)
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
    handover.update_published(update=update, actor=actor)
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
    changed = _to_draft(update, RETURN_WOULD_DUPLICATE)
    update.return_comment = comment.strip()
    _save(update, [*changed, "return_comment"], actor)
    _refresh_status(update.workstream_id)
    handover.update_returned(update=update, actor=actor)
    return update
