"""Writes of decisions.

A decision about a workstream, a post, a recruitment or a unit records the fact the lower
app's rules need on the lower object, through that app's own service (DESIGN.md §2): a CST
opinion sets the consultation date the officialisation, deliberation and post-deletion
checks read; a DG arbitration sets the recruitment's. The CST's own rules (quorum, a new
examination after a unanimous unfavourable opinion) are checked first: governance.rules.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from governance import rules
from governance.models import (
    OPINION_KINDS,
    AgendaItem,
    Attendance,
    Body,
    College,
    Decision,
    FollowUpAction,
    Meeting,
    MemberRole,
)
from governance.services.base import lock, save_versioned
from notifications.kinds import register_kind
from notifications.services import notify
from organisation.services import org_unit_record_cst_opinion
from recruitment.services import (
    position_record_cst_opinion,
    recruitment_record_arbitration,
    recruitment_record_cst_opinion,
)
from workstreams.services import ensure_workstream_open, workstream_record_cst_opinion

SUBJECTS = ("workstream", "position", "recruitment", "org_unit")


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


def decision_prepare(*, meeting: Meeting, data: dict) -> Decision:
    """The decision `data` describes, checked but not saved: `full_clean()` refuses an
    incoherent subject (an agenda item of another meeting, an opinion about nothing, a
    validation of a recruitment), and a CST opinion its quorum and the new examination a
    unanimous refusal requires. The admin's form runs this to show the same refusals."""
    decision = Decision(meeting=meeting, **data)
    _ensure_open(decision.workstream_id, decision.agenda_item)
    if decision.agenda_item is not None:
        # Recorded from its agenda item: the item's workstream is the decision's subject.
        decision.workstream = decision.workstream or decision.agenda_item.workstream
    if decision.unanimous and decision.kind != Decision.Kind.UNFAVOURABLE:
        raise ValidationError(
            {"unanimous": _("Seul un avis défavorable peut être dit unanime ici.")}
        )
    decision.full_clean()
    if _is_cst_opinion(decision):
        check_quorum(meeting)
        check_reexamination(decision, meeting)
    return decision


def _is_cst_opinion(decision: Decision) -> bool:
    return (
        decision.meeting.body.kind == Body.Kind.SOCIAL_DIALOGUE and decision.kind in OPINION_KINDS
    )


@transaction.atomic
def decision_record(*, meeting: Meeting, data: dict, actor) -> Decision:
    """Record a decision taken at `meeting` (checked by `decision_prepare`), and write the
    facts the lower apps' rules read (`_write_facts`)."""
    decision = decision_prepare(meeting=meeting, data=data)
    decision._history_user = actor
    decision.save()
    if decision.owner_id is not None:
        _tell_owner(decision, actor)
    _write_facts(decision, actor)
    return decision


def _writes_cst_opinion(decision: Decision) -> bool:
    """A CST opinion writes its date on its subjects, but not a unanimous refusal, which
    holds the decision back until the new examination."""
    unanimous_refusal = decision.unanimous and decision.kind == Decision.Kind.UNFAVOURABLE
    return decision.meeting is not None and _is_cst_opinion(decision) and not unanimous_refusal


def _writes_arbitration(decision: Decision) -> bool:
    """A DG arbitration (CODIR, the weekly meeting) writes its date on its recruitment."""
    return (
        decision.kind == Decision.Kind.ARBITRATION
        and decision.recruitment_id is not None
        and decision.meeting is not None
        and decision.meeting.body.kind == Body.Kind.ADMINISTRATIVE
    )


def _fact_fields(decision: Decision) -> tuple[str, ...]:
    """The subjects on which the decision wrote a fact."""
    if _writes_cst_opinion(decision):
        return SUBJECTS
    if _writes_arbitration(decision):
        return ("recruitment",)
    return ()


def _write_facts(decision: Decision, actor) -> None:
    """Write the facts the lower apps' rules read: a CST opinion's date, a DG arbitration.
    Recording a decision and correcting one both come here."""
    if _writes_cst_opinion(decision):
        record_cst_opinion(decision, actor)
    if _writes_arbitration(decision):
        recruitment_record_arbitration(
            recruitment=decision.recruitment,
            reference=_reference(decision),
            decided_on=decision.date,
            actor=actor,
        )


# What the decision page corrects after the decision is recorded; its meeting, agenda item,
# kind and unanimity stay (the CST's checks were made on them).
DECISION_CORRECTABLE_FIELDS = ("text", "owner", "date", *SUBJECTS)
DECISION_EDITABLE_FIELDS = (*DECISION_CORRECTABLE_FIELDS, "published")

ARCHIVED = _lazy("Cette décision est archivée : elle ne se modifie plus.")
FACT_ON_SUBJECT = _lazy(
    "Cette décision a déjà enregistré sa date sur « %(subject)s » : son objet ne peut plus "
    "en être retiré. Archivez-la et enregistrez une nouvelle décision sur le bon objet."
)


def _value(decision: Decision, name: str):
    field = Decision._meta.get_field(name)
    return getattr(decision, field.attname)


@transaction.atomic
def decision_edit(*, decision: Decision, data: dict, actor, version: int | None = None) -> Decision:
    """Correct a recorded decision: its wording, who follows it up, its date, its subject,
    and its publication to the élus. A new owner is told, as on recording; a new date or a
    subject added re-writes the facts the decision wrote below (`_write_facts`), and a CST
    opinion on a new subject checks the new examination first. A subject on which a fact
    was written cannot be taken away (the fact would stay there): archive and record anew.
    `version` is the form's: a concurrent save raises ConcurrentEditError."""
    decision = lock(decision, version)
    if decision.archived_at is not None:
        raise ValidationError(ARCHIVED)
    _ensure_open(decision.workstream_id, decision.agenda_item)
    before = {name: _value(decision, name) for name in DECISION_EDITABLE_FIELDS}
    # Read before the change: an arbitration wrote on the recruitment it named then.
    facts = _fact_fields(decision)
    for name in DECISION_EDITABLE_FIELDS:
        if name in data:
            setattr(decision, name, data[name])
    changed = [name for name in DECISION_EDITABLE_FIELDS if _value(decision, name) != before[name]]
    if not changed:
        return decision
    _ensure_open(decision.workstream_id)
    for name in facts:
        if name in changed and before[name] is not None:
            old = Decision._meta.get_field(name).related_model._default_manager.get(pk=before[name])
            raise ValidationError({name: FACT_ON_SUBJECT % {"subject": old}})
    subject_changed = any(name in changed for name in SUBJECTS)
    decision.full_clean()
    if subject_changed and decision.meeting is not None and _is_cst_opinion(decision):
        check_reexamination(decision, decision.meeting)
    save_versioned(decision, changed, actor)
    if "owner" in changed and decision.owner_id is not None:
        _tell_owner(decision, actor)
    if "date" in changed or subject_changed:
        _write_facts(decision, actor)
    return decision


@transaction.atomic
def decision_archive(*, decision: Decision, actor, version: int | None = None) -> Decision:
    """The decision no longer applies: out of the register's open follow-up, the élus'
    "décisions attendues", the meeting page and the arbitrations to choose from; still in
    the register under its "archivées" filter, with its history."""
    decision = lock(decision, version)
    if decision.archived_at is not None:
        raise ValidationError(ARCHIVED)
    decision.archived_at = timezone.now()
    save_versioned(decision, ["archived_at"], actor)
    return decision


def _reference(decision: Decision) -> str:
    return _("%(kind)s, %(meeting)s") % {
        "kind": decision.get_kind_display(),
        "meeting": decision.meeting,
    }


def arbitration_decisions():
    """The decisions of the register that may grant a recruitment's DG arbitration: an
    arbitrage of CODIR or the weekly DG meeting (an administrative body), not archived."""
    return Decision.objects.filter(
        kind=Decision.Kind.ARBITRATION,
        meeting__body__kind=Body.Kind.ADMINISTRATIVE,
        archived_at__isnull=True,
    )


def check_quorum(meeting: Meeting) -> None:
    """Half the staff representatives must be there before the CST gives an opinion, unless
    the session was convened again for want of quorum (it then sits without one)."""
    if meeting.reconvenes_id is not None:
        return
    seats = dict(
        meeting.body.memberships.filter(college=College.STAFF)
        .exclude(role=MemberRole.GUEST)
        .values_list("user_id", "role")
    )
    # The seats are the titular representatives'; a substitute there sits in place of one.
    staff = {user for user, role in seats.items() if role == MemberRole.TITULAR}
    if not staff:
        raise ValidationError(
            _(
                "Les représentants du personnel de cette instance ne sont pas indiqués : le "
                "quorum ne peut pas être vérifié. Renseignez les collèges sur la page de "
                "l'instance."
            )
        )
    present = min(
        len(staff),
        Attendance.objects.filter(
            meeting=meeting, user_id__in=seats, status__in=rules.PRESENT_STATUSES
        ).count(),
    )
    if not rules.quorum(staff_seats=len(staff), staff_present=present):
        raise ValidationError(
            _(
                "Quorum non atteint : %(present)s représentant(s) du personnel présent(s) ou "
                "représenté(s) sur %(seats)s ; il en faut au moins la moitié. Enregistrez les "
                "présences, ou convoquez de nouveau l'instance dans les 8 jours."
            )
            % {"present": present, "seats": len(staff)}
        )


def _subject_filter(decision: Decision) -> Q | None:
    for name in SUBJECTS:
        value = getattr(decision, f"{name}_id")
        if value is not None:
            return Q(**{f"{name}_id": value})
    return None


def pending_reexamination(decision: Decision) -> Decision | None:
    """The unanimous unfavourable CST opinion on the same subject that awaits its new
    examination: the subject's latest CST opinion, when it is one."""
    subject = _subject_filter(decision)
    if subject is None:
        return None
    latest = (
        Decision.objects.filter(
            subject,
            kind__in=OPINION_KINDS,
            meeting__body__kind=Body.Kind.SOCIAL_DIALOGUE,
            archived_at__isnull=True,
        )
        .exclude(pk=decision.pk)
        .select_related("meeting")
        .order_by("-date", "-pk")
        .first()
    )
    if latest and latest.kind == Decision.Kind.UNFAVOURABLE and latest.unanimous:
        return latest
    return None


def check_reexamination(decision: Decision, meeting: Meeting) -> None:
    """After a unanimous unfavourable opinion, the question comes back in a new session 8 to
    30 days later; the decision cannot proceed before that session's opinion."""
    first = pending_reexamination(decision)
    if first is None:
        return
    earliest, latest = rules.reexamination_window(first.date)
    day = meeting.day
    if day < earliest:
        raise ValidationError(
            _(
                "Avis défavorable unanime du %(first)s : la question doit être examinée de "
                "nouveau au moins 8 jours plus tard, soit à partir du %(earliest)s."
            )
            % {"first": f"{first.date:%d/%m/%Y}", "earliest": f"{earliest:%d/%m/%Y}"}
        )
    if day > latest:
        raise ValidationError(
            _(
                "Avis défavorable unanime du %(first)s : le nouvel examen devait avoir lieu "
                "au plus tard le %(latest)s (30 jours). Une administratrice archive l'avis "
                "défavorable pour reprendre la consultation depuis le début."
            )
            % {"first": f"{first.date:%d/%m/%Y}", "latest": f"{latest:%d/%m/%Y}"}
        )


def record_cst_opinion(decision: Decision, actor) -> None:
    """Write the opinion's date where the lower apps' checks read it."""
    reference = _reference(decision)
    if decision.workstream:
        workstream_record_cst_opinion(
            workstream=decision.workstream,
            opinion_on=decision.date,
            reference=reference,
            actor=actor,
        )
    if decision.org_unit:
        org_unit_record_cst_opinion(unit=decision.org_unit, opinion_on=decision.date, actor=actor)
    if decision.position:
        position_record_cst_opinion(
            position=decision.position, opinion_on=decision.date, reference=reference, actor=actor
        )
    if decision.recruitment:
        recruitment_record_cst_opinion(
            recruitment=decision.recruitment,
            opinion_on=decision.date,
            reference=reference,
            actor=actor,
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
    save_versioned(decision, ["recruitment"], actor)
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
    save_versioned(decision, ["follow_up"], actor)
    return decision


# Follow-up actions ---------------------------------------------------------------------


@transaction.atomic
def follow_up_action_add(*, decision: Decision, data: dict, actor) -> FollowUpAction:
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _ensure_open(decision.workstream_id)
    action = FollowUpAction(decision=decision, **data)
    action.full_clean()
    action._history_user = actor
    action.save()
    return action


@transaction.atomic
def follow_up_action_mark_done(
    *, action: FollowUpAction, done_on: dt.date, actor, version: int | None = None
) -> FollowUpAction:
    action = lock(action, version)
    _ensure_open(action.decision.workstream_id)
    action.done_on = done_on
    save_versioned(action, ["done_on"], actor)
    # Every action done: the decision is carried out.
    if not action.decision.actions.filter(done_on__isnull=True).exists():
        decision_set_follow_up(
            decision=action.decision, follow_up=Decision.FollowUp.DONE, actor=actor
        )
    return action
