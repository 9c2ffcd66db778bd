"""The CST's rules (DOMAIN.md, social dialogue), each at its boundary with frozen dates:
the convocation delay (15 days, 8 in urgency), the quorum (half the staff representatives,
else a new session within 8 days that sits without one), the new examination 8 to 30 days
after a unanimous unfavourable opinion, and the minutes due within 15 days."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from icalendar import Calendar

from governance import queries, rules
from governance.models import Body, Decision, Meeting
from governance.services import (
    attendance_record,
    decision_record,
    meeting_convene,
    meeting_create,
    meeting_mark_held,
    meeting_publish_minutes,
)
from tests import factories

PARIS = ZoneInfo("Europe/Paris")
SESSION = dt.datetime(2026, 3, 20, 14, 0, tzinfo=PARIS)  # a Friday afternoon


def at(day: dt.date, hour: int = 10):
    return time_machine.travel(
        dt.datetime(day.year, day.month, day.day, hour, tzinfo=PARIS), tick=False
    )


@pytest.fixture
def cst(db):
    return factories.BodyFactory(
        name="Comité social territorial",
        short_name="CST",
        kind=Body.Kind.SOCIAL_DIALOGUE,
        convocation_days=15,
        urgent_convocation_days=8,
        minutes_days=15,
    )


def _session(cst, dg, *, starts_at=SESSION, **data) -> Meeting:
    meeting = meeting_create(
        body=cst,
        data={"starts_at": starts_at, "place": "Salle du conseil", **data},
        items=[{"title": "Nouvel organigramme", "kind": "consultation"}],
        actor=dg,
    )
    return meeting


# --- Convocation: 15 days before, 8 in urgency ----------------------------------------------


@pytest.mark.parametrize(
    ("day", "allowed"),
    [
        (dt.date(2026, 3, 4), True),  # the day before the deadline
        (dt.date(2026, 3, 5), True),  # the deadline: 15 days before the 20th
        (dt.date(2026, 3, 6), False),  # the day after
    ],
)
def test_a_cst_session_is_convened_at_the_latest_15_days_before(cst, dg, day, allowed):
    cst.members.add(dg)
    meeting = _session(cst, dg)
    assert rules.convocation_deadline(meeting) == dt.date(2026, 3, 5)
    with at(day):
        if allowed:
            meeting_convene(meeting=meeting, actor=dg)
            meeting.refresh_from_db()
            assert meeting.convocation_date == day
        else:
            with pytest.raises(ValidationError, match="au plus tard le 05/03/2026"):
                meeting_convene(meeting=meeting, actor=dg)
            meeting.refresh_from_db()
            assert meeting.convocation_date is None


@pytest.mark.parametrize(
    ("day", "allowed"),
    [(dt.date(2026, 3, 11), True), (dt.date(2026, 3, 12), True), (dt.date(2026, 3, 13), False)],
)
def test_in_urgency_the_cst_is_convened_at_the_latest_8_days_before(cst, dg, day, allowed):
    cst.members.add(dg)
    meeting = _session(cst, dg, urgent=True)
    assert rules.convocation_deadline(meeting) == dt.date(2026, 3, 12)
    with at(day):
        if allowed:
            meeting_convene(meeting=meeting, actor=dg)
        else:
            with pytest.raises(ValidationError, match="au plus tard le 12/03/2026"):
                meeting_convene(meeting=meeting, actor=dg)


def test_the_convocation_emails_each_member_the_agenda_and_a_valid_invitation(
    cst, dg, django_capture_on_commit_callbacks
):
    members = factories.UserFactory.create_batch(3)
    cst.members.add(*members)
    meeting = _session(cst, dg)
    with at(dt.date(2026, 3, 1)), django_capture_on_commit_callbacks(execute=True):
        meeting_convene(meeting=meeting, actor=dg)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in members)
    message = mail.outbox[0]
    assert "Nouvel organigramme" in message.body
    (name, content, mimetype) = message.attachments[0]
    assert name == "convocation.ics" and mimetype.startswith("text/calendar")
    calendar = Calendar.from_ical(content)
    assert calendar["METHOD"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == SESSION
    assert str(event["UID"]) == f"meeting-{meeting.pk}@cap.invalid"
    assert "Nouvel organigramme" in str(event["DESCRIPTION"])
    assert str(event["LOCATION"]) == "Salle du conseil"


def test_line_breaks_in_the_invitation_never_end_a_line_and_parse_back(
    cst, dg, django_capture_on_commit_callbacks
):
    # A bare CR, a CRLF and an LF in the place, an agenda item and a member's name.
    member = factories.UserFactory(first_name="Anne\rMarie", last_name="Durand")
    cst.members.add(member)
    meeting = meeting_create(
        body=cst,
        data={"starts_at": SESSION, "place": "Salle\rdu conseil\r\n2e étage"},
        items=[{"title": "Nouvel\norganigramme\r", "kind": "consultation"}],
        actor=dg,
    )
    with at(dt.date(2026, 3, 1)), django_capture_on_commit_callbacks(execute=True):
        meeting_convene(meeting=meeting, actor=dg)
    (_name, content, _mimetype) = mail.outbox[0].attachments[0]
    content = content if isinstance(content, bytes) else content.encode()
    lines = content.split(b"\r\n")
    assert lines[-1] == b""
    assert not any(b"\r" in line or b"\n" in line for line in lines)
    (event,) = Calendar.from_ical(content).walk("VEVENT")
    assert str(event["LOCATION"]) == "Salle\ndu conseil\n2e étage"
    assert str(event["DESCRIPTION"]) == "1. Nouvel\norganigramme\n"


# --- Quorum: half the staff representatives -------------------------------------------------


def _opinion(meeting, dg, workstream, *, kind="favourable", unanimous=False):
    return decision_record(
        meeting=meeting,
        data={
            "kind": kind,
            "text": "Avis du comité sur le nouvel organigramme",
            "workstream": workstream,
            "date": meeting.day,
            "unanimous": unanimous,
        },
        actor=dg,
    )


@pytest.mark.parametrize(
    ("present", "represented", "quorate"),
    [(1, 0, False), (2, 0, True), (1, 1, True), (3, 0, True), (0, 1, False)],
)
def test_an_opinion_needs_half_the_staff_representatives_present_or_represented(
    cst, dg, present, represented, quorate
):
    staff = factories.seat_staff(cst, 4)
    meeting = _session(cst, dg)
    factories.attend(meeting, staff[:present])
    factories.attend(meeting, staff[present : present + represented], status="represented")
    factories.attend(meeting, staff[present + represented :], status="excused")
    workstream = factories.WorkstreamFactory(changes_organisation=True)
    if quorate:
        _opinion(meeting, dg, workstream)
        workstream.refresh_from_db()
        assert workstream.cst_opinion_on == dt.date(2026, 3, 20)
    else:
        with pytest.raises(ValidationError, match="Quorum non atteint"):
            _opinion(meeting, dg, workstream)
        assert not Decision.objects.exists()
        workstream.refresh_from_db()
        assert workstream.cst_opinion_on is None


@pytest.mark.parametrize(
    ("substitutes", "guests", "quorate"),
    # 4 titular staff seats, 1 titular present: a substitute there makes the half (2 of 4),
    # a standing guest does not, and the substitutes never raise the count past the seats.
    [(0, 1, False), (1, 0, True), (0, 3, False), (5, 0, True)],
)
def test_the_quorum_counts_titular_seats_and_substitutes_sitting_in_but_not_guests(
    cst, dg, substitutes, guests, quorate
):
    titulars = factories.seat_staff(cst, 4)
    meeting = _session(cst, dg)
    sitting = []
    for role, count in (("substitute", substitutes), ("guest", guests)):
        for person in factories.UserFactory.create_batch(count):
            cst.members.add(person)
            factories.MembershipFactory(body=cst, user=person, role=role)
            sitting.append(person)
    factories.attend(meeting, [titulars[0], *sitting])
    workstream = factories.WorkstreamFactory(changes_organisation=True)
    if quorate:
        _opinion(meeting, dg, workstream)
        assert Decision.objects.count() == 1
    else:
        with pytest.raises(ValidationError, match="1 représentant\\(s\\) du personnel"):
            _opinion(meeting, dg, workstream)
        assert not Decision.objects.exists()


def test_a_cst_without_staff_representatives_recorded_cannot_give_an_opinion(cst, dg):
    meeting = _session(cst, dg)
    with pytest.raises(ValidationError, match="représentants du personnel"):
        _opinion(meeting, dg, factories.WorkstreamFactory())


@pytest.mark.parametrize(
    ("day", "allowed"),
    [(27, True), (28, True), (29, False)],  # the first session was on the 20th: within 8 days
)
def test_a_session_convened_again_for_want_of_quorum_sits_within_8_days_without_quorum(
    cst, dg, day, allowed
):
    factories.seat_staff(cst, 2)
    first = _session(cst, dg)
    again = SESSION.replace(day=day)
    if not allowed:
        with pytest.raises(ValidationError, match="au plus tard le 28/03/2026"):
            _session(cst, dg, starts_at=again, reconvenes=first)
        return
    second = _session(cst, dg, starts_at=again, reconvenes=first)
    workstream = factories.WorkstreamFactory(changes_organisation=True)
    _opinion(second, dg, workstream)  # nobody present: no quorum needed
    workstream.refresh_from_db()
    assert workstream.cst_opinion_on == second.day


# --- A unanimous unfavourable opinion: a new examination 8 to 30 days later ---------------


@pytest.fixture
def refused_unanimously(cst, dg):
    """The organigramme got a unanimous unfavourable opinion on 20 March 2026."""
    workstream = factories.WorkstreamFactory(changes_organisation=True)
    meeting = factories.quorate(_session(cst, dg))
    _opinion(meeting, dg, workstream, kind="unfavourable", unanimous=True)
    return workstream


def test_a_unanimous_unfavourable_opinion_does_not_let_the_decision_proceed(refused_unanimously):
    refused_unanimously.refresh_from_db()
    # The officialisation and the deliberation read this date: still missing.
    assert refused_unanimously.cst_opinion_on is None


@pytest.mark.parametrize(
    ("day", "allowed", "message"),
    [
        (dt.date(2026, 3, 27), False, "à partir du 28/03/2026"),  # 7 days: too early
        (dt.date(2026, 3, 28), True, None),  # 8 days
        (dt.date(2026, 3, 29), True, None),
        (dt.date(2026, 4, 18), True, None),
        (dt.date(2026, 4, 19), True, None),  # 30 days
        (dt.date(2026, 4, 20), False, "au plus tard le 19/04/2026"),  # 31 days: too late
    ],
)
def test_the_new_examination_takes_place_8_to_30_days_after_the_unanimous_refusal(
    cst, dg, refused_unanimously, day, allowed, message
):
    second = factories.quorate(
        _session(cst, dg, starts_at=dt.datetime(day.year, day.month, day.day, 14, tzinfo=PARIS))
    )
    if allowed:
        _opinion(second, dg, refused_unanimously)
        refused_unanimously.refresh_from_db()
        assert refused_unanimously.cst_opinion_on == day
    else:
        with pytest.raises(ValidationError, match=message):
            _opinion(second, dg, refused_unanimously)
        refused_unanimously.refresh_from_db()
        assert refused_unanimously.cst_opinion_on is None


def test_only_an_unfavourable_opinion_is_said_unanimous(cst, dg):
    meeting = factories.quorate(_session(cst, dg))
    with pytest.raises(ValidationError):
        _opinion(meeting, dg, factories.WorkstreamFactory(), kind="favourable", unanimous=True)


# --- The minutes: out within 15 days, else in the DG's to-dos --------------------------------


@pytest.fixture
def held(cst, dg):
    meeting = _session(cst, dg)
    with at(dt.date(2026, 3, 20), 18):
        meeting_mark_held(meeting=meeting, actor=dg)
    Meeting.objects.filter(pk=meeting.pk).update(minutes="Avis favorable.")
    meeting.refresh_from_db()
    return meeting


@pytest.mark.parametrize(
    ("day", "late"),
    [(dt.date(2026, 4, 3), False), (dt.date(2026, 4, 4), False), (dt.date(2026, 4, 5), True)],
)
def test_the_minutes_are_due_15_days_after_the_session(held, day, late):
    assert rules.minutes_due(held) == dt.date(2026, 4, 4)
    assert rules.minutes_late(held, day) is late
    assert (held in queries.late_minutes(day)) is late


def test_late_minutes_are_in_the_dgs_to_dos_until_they_are_sent(client, held, dg):
    from notifications.reminders import pass_sources

    reminders = [r for source in pass_sources() for r in source(dt.date(2026, 4, 5))]
    late = [r for r in reminders if r.kind == "minutes_late"]
    assert [r.recipient_id for r in late] == [dg.pk] and late[0].due == dt.date(2026, 4, 4)
    client.force_login(dg)
    with at(dt.date(2026, 4, 5)):
        content = client.get("/governance/dg-agenda/").content.decode()
    assert "comptes rendus en retard" in content and str(held) in content
    with at(dt.date(2026, 4, 6)):
        meeting_publish_minutes(meeting=held, actor=dg)
    assert queries.late_minutes(dt.date(2026, 4, 6)) == []


def test_attendance_is_recorded_for_members_only(cst, dg):
    meeting = _session(cst, dg)
    with pytest.raises(ValidationError, match="n'est pas membre"):
        attendance_record(meeting=meeting, statuses={factories.UserFactory(): "present"}, actor=dg)


# --- The opinion's date, where the lower apps' checks read it --------------------------------


def test_a_cst_opinion_on_a_post_a_recruitment_or_a_unit_sets_their_consultation_date(cst, dg):
    meeting = factories.quorate(_session(cst, dg))
    position = factories.PositionFactory()
    recruitment = factories.RecruitmentFactory()
    unit = factories.OrgUnitFactory()
    for subject in ({"position": position}, {"recruitment": recruitment}, {"org_unit": unit}):
        decision_record(
            meeting=meeting,
            data={"kind": "favourable", "text": "Avis favorable", "date": meeting.day, **subject},
            actor=dg,
        )
    for obj in (position, recruitment, unit):
        obj.refresh_from_db()
        assert obj.cst_opinion_on == dt.date(2026, 3, 20), obj
        assert obj.history.latest().history_user == dg
