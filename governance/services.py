"""Writes of the governance app.

A decision about a workstream or a recruitment records the fact the lower app's rules need
on the lower object, through that app's own service (DESIGN.md §2): a CST opinion sets the
workstream's or recruitment's consultation date; a DG arbitration sets the recruitment's.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from governance.models import OPINION_KINDS, AgendaItem, Body, Decision, Meeting
from notifications.kinds import register_kind
from notifications.services import notify
from organisation.services import org_unit_record_cst_opinion
from recruitment.services import recruitment_record_arbitration, recruitment_update_facts
from workstreams.services import ensure_workstream_open, workstream_record_cst_opinion


def _ensure_open(workstream_id: int | None = None, agenda_item: AgendaItem | None = None) -> None:
    """A decision or agenda item about a workstream of a closed programme is refused: the
    programme is read-only, its governance record included."""
    ensure_workstream_open(workstream_id)
    if agenda_item is not None:
        ensure_workstream_open(agenda_item.workstream_id)


DECISION_ASSIGNED = register_kind("decision_assigned", _lazy("Décision à suivre confiée"))


def _tell_owner(decision: Decision, actor) -> None:
    """The person the decision is assigned to is told (not when they recorded it)."""
    if decision.owner_id == actor.pk:
        return
    url = (
        reverse("governance:meeting-detail", args=[decision.meeting_id])
        if decision.meeting_id
        else reverse("governance:decision-list")
    )
    notify(
        recipients=[decision.owner],
        kind=DECISION_ASSIGNED,
        subject=_("Une décision vous est confiée : %(text)s")
        % {"text": Truncator(decision.text).chars(80)},
        body=_("%(kind)s du %(date)s, dont vous assurez le suivi :\n%(text)s")
        % {
            "kind": decision.get_kind_display(),
            "date": decision.date.strftime("%d/%m/%Y"),
            "text": decision.text,
        },
        url=url,
        about=decision,
        event=f"owner-{decision.owner_id}",
    )


@transaction.atomic
def decision_record(*, meeting: Meeting, data: dict, actor) -> Decision:
    """Record a decision taken at `meeting`. `full_clean()` refuses an incoherent subject
    (an agenda item of another meeting, an opinion about nothing, a validation of a
    recruitment) with a French message before anything is written."""
    decision = Decision(meeting=meeting, **data)
    _ensure_open(decision.workstream_id, decision.agenda_item)
    decision.full_clean()
    decision._history_user = actor
    decision.save()
    if decision.owner_id is not None:
        _tell_owner(decision, actor)
    reference = _("%(kind)s, %(meeting)s") % {
        "kind": decision.get_kind_display(),
        "meeting": meeting,
    }
    if meeting.body.kind == Body.Kind.SOCIAL_DIALOGUE and decision.kind in OPINION_KINDS:
        if decision.workstream:
            workstream_record_cst_opinion(
                workstream=decision.workstream,
                opinion_on=decision.date,
                reference=reference,
                actor=actor,
            )
        if decision.org_unit:
            org_unit_record_cst_opinion(
                unit=decision.org_unit, opinion_on=decision.date, actor=actor
            )
        if decision.recruitment:
            recruitment_update_facts(
                recruitment=decision.recruitment,
                actor=actor,
                data={"cst_opinion_on": decision.date, "cst_opinion_ref": reference},
            )
    if (
        decision.kind == Decision.Kind.ARBITRATION
        and decision.recruitment
        and meeting.body.kind == Body.Kind.ADMINISTRATIVE
    ):
        recruitment_record_arbitration(
            recruitment=decision.recruitment,
            reference=reference,
            decided_on=decision.date,
            actor=actor,
        )
    return decision


def arbitration_decisions():
    """The decisions of the register that may grant a recruitment's DG arbitration: an
    arbitrage of CODIR or the weekly DG meeting (an administrative body), not archived."""
    return Decision.objects.filter(
        kind=Decision.Kind.ARBITRATION,
        meeting__body__kind=Body.Kind.ADMINISTRATIVE,
        archived_at__isnull=True,
    )


@transaction.atomic
def decision_attach_recruitment(*, decision: Decision, recruitment, actor) -> Decision:
    """The DG points a recruitment to the decision of the register that arbitrated it: the
    decision now names the recruitment, whose arbitration fact is recorded from it (the
    reference and date come from the decision, never typed)."""
    decision = arbitration_decisions().select_for_update().get(pk=decision.pk)
    _ensure_open(decision.workstream_id, decision.agenda_item)
    if decision.recruitment_id not in (None, recruitment.pk):
        raise ValidationError(_("Cette décision arbitre déjà un autre recrutement."))
    decision.recruitment = recruitment
    decision.full_clean()
    decision._history_user = actor
    decision.save(update_fields=["recruitment"])
    meeting = decision.meeting
    recruitment_record_arbitration(
        recruitment=recruitment,
        reference=_("%(kind)s, %(meeting)s")
        % {
            "kind": decision.get_kind_display(),
            "meeting": meeting,
        },
        decided_on=decision.date,
        actor=actor,
    )
    return decision


@transaction.atomic
def decision_set_follow_up(*, decision: Decision, follow_up: str, actor) -> Decision:
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _ensure_open(decision.workstream_id, decision.agenda_item)
    decision.follow_up = follow_up
    decision.full_clean()
    decision._history_user = actor
    decision.save(update_fields=["follow_up"])
    return decision


# Creations: the pages create these through the admin; the demo tells its story through
# these (the same validation, the history's "who" and "when").


@transaction.atomic
def body_create(*, data: dict, members: list, actor) -> Body:
    body = Body(**data)
    body.full_clean()
    body._history_user = actor
    body.save()
    body.members.set(members)
    return body


@transaction.atomic
def meeting_create(*, body: Body, data: dict, items: list[dict], actor) -> Meeting:
    """A planned meeting and its agenda, in order."""
    meeting = Meeting(body=body, **data)
    meeting.full_clean()
    meeting._history_user = actor
    meeting.save()
    for order, item_data in enumerate(items, start=1):
        item = AgendaItem(meeting=meeting, order=order, **item_data)
        _ensure_open(item.workstream_id)
        item.full_clean()
        item._history_user = actor
        item.save()
    return meeting


@transaction.atomic
def meeting_record_held(*, meeting: Meeting, minutes: str, outcomes: dict, actor) -> Meeting:
    """The meeting took place: its minutes, and what came of each agenda item (by pk)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.state = Meeting.State.HELD
    meeting.minutes = minutes
    meeting.full_clean()
    meeting._history_user = actor
    meeting.save(update_fields=["state", "minutes"])
    for item in meeting.agenda_items.filter(pk__in=outcomes):
        _ensure_open(item.workstream_id)
        item.outcome = outcomes[item.pk]
        item.full_clean()
        item._history_user = actor
        item.save(update_fields=["outcome"])
    return meeting
