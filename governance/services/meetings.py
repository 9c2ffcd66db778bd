"""Writes of meetings: planning, the agenda, the convocation, the attendance, holding it,
the minutes. The pages, the demo and the admin all come here."""

import datetime as dt
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from governance import rules
from governance.convocation import convocation_messages, minutes_messages
from governance.models import AgendaItem, Attendance, Body, Meeting
from governance.services.base import lock, save_new, save_versioned
from workstreams.services import ensure_workstream_open

logger = logging.getLogger(__name__)

MEETING_FIELDS = ("body", "starts_at", "place", "urgent", "reconvenes")


@dataclass(frozen=True)
class Proposal:
    """An agenda item the drafted DG agenda proposes (governance.agenda)."""

    key: str
    title: str
    kind: str
    workstream_id: int | None = None


def _send_after_commit(messages) -> None:
    """Email once the write is committed; a failing mail server leaves the meeting as
    recorded (the page says the convocation date) and is logged, never a 500."""

    def send() -> None:
        for message in messages:
            try:
                message.send()
            except OSError:
                logger.exception("Governance email to %s failed", message.to)

    transaction.on_commit(send)


def _ensure_planned(meeting: Meeting) -> None:
    if meeting.state != Meeting.State.PLANNED:
        raise ValidationError(
            _("Cette réunion est %(state)s : elle ne se modifie plus.")
            % {"state": meeting.get_state_display().lower()}
        )


def check_reconvenes(meeting: Meeting) -> None:
    first = meeting.reconvenes
    if first is None:
        return
    if first.body_id != meeting.body_id or first.pk == meeting.pk:
        raise ValidationError(
            {"reconvenes": _("Une nouvelle convocation reprend une réunion de la même instance.")}
        )
    deadline = rules.reconvene_deadline(first)
    if not timezone.localdate(first.starts_at) < meeting.day <= deadline:
        raise ValidationError(
            {
                "reconvenes": _(
                    "Faute de quorum, l'instance est convoquée de nouveau dans les 8 jours : "
                    "la nouvelle séance se tient au plus tard le %(date)s."
                )
                % {"date": f"{deadline:%d/%m/%Y}"}
            }
        )


@transaction.atomic
def meeting_create(*, body: Body, data: dict, items: list[dict], actor) -> Meeting:
    """A planned meeting and its agenda, in order."""
    meeting = Meeting(body=body, **data)
    meeting.full_clean()
    check_reconvenes(meeting)
    save_new(meeting, actor)
    for order, item_data in enumerate(items, start=1):
        item = AgendaItem(meeting=meeting, order=order, **item_data)
        ensure_workstream_open(item.workstream_id)
        save_new(item, actor)
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, data: dict, actor, version: int | None) -> Meeting:
    meeting = lock(meeting, version)
    _ensure_planned(meeting)
    changed = [name for name in MEETING_FIELDS if name in data]
    for name in changed:
        setattr(meeting, name, data[name])
    check_reconvenes(meeting)
    save_versioned(meeting, changed, actor)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor, version: int | None = None) -> Meeting:
    meeting = lock(meeting, version)
    _ensure_planned(meeting)
    meeting.state = Meeting.State.CANCELLED
    save_versioned(meeting, ["state"], actor)
    return meeting


# The agenda ----------------------------------------------------------------------------


def _next_order(meeting: Meeting) -> int:
    return (meeting.agenda_items.aggregate(m=Max("order"))["m"] or 0) + 1


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, data: dict, actor) -> AgendaItem:
    meeting = lock(meeting, None)
    _ensure_planned(meeting)
    item = AgendaItem(meeting=meeting, order=_next_order(meeting), **data)
    ensure_workstream_open(item.workstream_id)
    save_new(item, actor)
    return item


def _renumber(meeting: Meeting, ordered: list[AgendaItem], actor) -> None:
    for order, item in enumerate(ordered, start=1):
        if item.order != order:
            item.order = order
            item._history_user = actor
            item.save(update_fields=["order"])


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, direction: str, actor) -> AgendaItem:
    """Move an item one place up or down the agenda."""
    meeting = lock(item.meeting, None)
    _ensure_planned(meeting)
    ordered = list(meeting.agenda_items.order_by("order", "pk"))
    index = next(i for i, other in enumerate(ordered) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(ordered):
        ordered[index], ordered[target] = ordered[target], ordered[index]
    _renumber(meeting, ordered, actor)
    return next(other for other in ordered if other.pk == item.pk)


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, actor) -> None:
    meeting = lock(item.meeting, None)
    _ensure_planned(meeting)
    if item.decisions.exists():
        raise ValidationError(
            _("Une décision a été prise sur ce point : il reste à l'ordre du jour.")
        )
    item._history_user = actor
    item.delete()
    _renumber(meeting, list(meeting.agenda_items.order_by("order", "pk")), actor)


@transaction.atomic
def agenda_pull(*, meeting: Meeting, proposals: list[Proposal], actor) -> list[AgendaItem]:
    """Put the chosen items of the drafted DG agenda on the meeting's agenda, in one
    action; an item already there (same title) is not added twice."""
    meeting = lock(meeting, None)
    _ensure_planned(meeting)
    present = set(meeting.agenda_items.values_list("title", flat=True))
    order = _next_order(meeting)
    added = []
    for proposal in proposals:
        title = proposal.title[:250]
        if title in present:
            continue
        item = AgendaItem(
            meeting=meeting,
            order=order,
            title=title,
            kind=proposal.kind,
            workstream_id=proposal.workstream_id,
        )
        ensure_workstream_open(item.workstream_id)
        save_new(item, actor)
        present.add(title)
        added.append(item)
        order += 1
    return added


# Convocation, attendance, holding, minutes -----------------------------------------------


@transaction.atomic
def meeting_convene(*, meeting: Meeting, actor, today: dt.date | None = None) -> Meeting:
    """Send the convocation (agenda and invitation) to every member; the body's
    convocation delay (the CST's 15 days, 8 in urgency) is enforced."""
    today = today or timezone.localdate()
    meeting = lock(meeting, None)
    _ensure_planned(meeting)
    if meeting.day < today:
        raise ValidationError(_("La réunion est passée : elle ne peut plus être convoquée."))
    if not meeting.agenda_items.exists():
        raise ValidationError(_("Établissez l'ordre du jour avant de convoquer : il l'accompagne."))
    if rules.convocation_too_late(meeting, today):
        deadline = rules.convocation_deadline(meeting)
        raise ValidationError(
            _(
                "Trop tard pour convoquer : cette instance doit être convoquée %(days)s jours "
                "avant la séance, soit au plus tard le %(deadline)s. Reportez la réunion%(hint)s."
            )
            % {
                "days": rules.convocation_days(meeting),
                "deadline": f"{deadline:%d/%m/%Y}",
                "hint": _(" ou convoquez-la en urgence si l'urgence le justifie")
                if not meeting.urgent and meeting.body.urgent_convocation_days
                else "",
            }
        )
    if not meeting.body.members.exists():
        raise ValidationError(_("Cette instance n'a aucun membre à convoquer."))
    meeting.convocation_date = today
    save_versioned(meeting, ["convocation_date"], actor)
    _send_after_commit(convocation_messages(meeting))
    return meeting


@transaction.atomic
def attendance_record(*, meeting: Meeting, statuses: dict, actor) -> list[Attendance]:
    """`statuses` maps each member to present, excused, represented or absent."""
    meeting = lock(meeting, None)
    if meeting.state == Meeting.State.CANCELLED:
        raise ValidationError(_("Cette réunion est annulée."))
    members = set(meeting.body.members.values_list("pk", flat=True))
    existing = {a.user_id: a for a in meeting.attendances.all()}
    saved = []
    for user, status in statuses.items():
        if user.pk not in members:
            raise ValidationError(_("%(user)s n'est pas membre de l'instance.") % {"user": user})
        attendance = existing.get(user.pk) or Attendance(meeting=meeting, user=user)
        if attendance.pk and attendance.status == status:
            continue
        attendance.status = status
        save_new(attendance, actor)
        saved.append(attendance)
    return saved


@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, actor, today: dt.date | None = None) -> Meeting:
    today = today or timezone.localdate()
    meeting = lock(meeting, None)
    _ensure_planned(meeting)
    if meeting.day > today:
        raise ValidationError(
            _("La réunion est prévue le %(date)s : elle ne peut pas encore être tenue.")
            % {"date": f"{meeting.day:%d/%m/%Y}"}
        )
    meeting.state = Meeting.State.HELD
    save_versioned(meeting, ["state"], actor)
    return meeting


@transaction.atomic
def meeting_write_minutes(
    *, meeting: Meeting, minutes: str, actor, version: int | None = None
) -> Meeting:
    meeting = lock(meeting, version)
    if meeting.state != Meeting.State.HELD:
        raise ValidationError(_("Le compte rendu s'écrit une fois la réunion tenue."))
    meeting.minutes = minutes
    save_versioned(meeting, ["minutes"], actor)
    return meeting


@transaction.atomic
def meeting_publish_minutes(
    *, meeting: Meeting, actor, today: dt.date | None = None, send: bool = True
) -> Meeting:
    """Send the minutes (relevé de décisions) to the members; the date is kept, and the
    CST's delay (15 days) is then met or not. The demo, replaying the past, sends none."""
    today = today or timezone.localdate()
    meeting = lock(meeting, None)
    if meeting.state != Meeting.State.HELD:
        raise ValidationError(_("Le compte rendu se diffuse une fois la réunion tenue."))
    if not meeting.minutes.strip():
        raise ValidationError(_("Écrivez le compte rendu avant de le diffuser."))
    meeting.minutes_published_on = today
    save_versioned(meeting, ["minutes_published_on"], actor)
    if send:
        decisions = list(meeting.decisions.filter(archived_at__isnull=True).order_by("pk"))
        _send_after_commit(minutes_messages(meeting, decisions))
    return meeting


@transaction.atomic
def meeting_record_held(*, meeting: Meeting, minutes: str, outcomes: dict, actor) -> Meeting:
    """The meeting took place: its minutes, and what came of each agenda item (by pk). The
    demo tells its past meetings through this, in one step."""
    meeting = lock(meeting, None)
    meeting.state = Meeting.State.HELD
    meeting.minutes = minutes
    save_versioned(meeting, ["state", "minutes"], actor)
    for item in meeting.agenda_items.filter(pk__in=outcomes):
        ensure_workstream_open(item.workstream_id)
        item.outcome = outcomes[item.pk]
        save_versioned(item, ["outcome"], actor)
    return meeting


@transaction.atomic
def agenda_item_record_outcome(
    *, item: AgendaItem, outcome: str, actor, version: int | None = None
) -> AgendaItem:
    """What came of an agenda item (the "suite donnée"), written once the meeting is held;
    `version` is the form's (a concurrent save raises ConcurrentEditError)."""
    item = lock(item, version)
    if item.meeting.state != Meeting.State.HELD:
        raise ValidationError(_("La suite donnée à un point s'écrit une fois la réunion tenue."))
    ensure_workstream_open(item.workstream_id)
    item.outcome = outcome
    save_versioned(item, ["outcome"], actor)
    return item
