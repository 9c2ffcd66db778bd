"""The iCal feed at a per-user secret URL."""

import datetime as dt

import pytest
from django.utils import timezone
from icalendar import Calendar

from tests import factories


def test_the_feed_lists_milestones_and_meetings_for_a_valid_token(client, dg):
    milestone = factories.MilestoneFactory(
        title="Organisation cible formalisée", due_date=timezone.localdate() + dt.timedelta(days=20)
    )
    factories.MeetingFactory(body__name="Comité de direction")
    response = client.get(f"/calendar/{dg.calendar_token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert f"UID:milestone-{milestone.pk}@cap.invalid" in body
    assert f"[{milestone.workstream.code}] Organisation cible formalisée" in body
    assert "SUMMARY:Comité de direction" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_an_unknown_or_deactivated_token_is_not_found(client, dg):
    assert client.get("/calendar/not-a-token.ics").status_code == 404
    dg.is_active = False
    dg.save()
    assert client.get(f"/calendar/{dg.calendar_token}.ics").status_code == 404


def test_an_elected_officials_token_gives_no_internal_calendar(client, elected):
    assert client.get(f"/calendar/{elected.calendar_token}.ics").status_code == 404


def test_hr_sees_milestones_but_not_the_governance_meetings(client, hr):
    factories.MilestoneFactory(due_date=timezone.localdate() + dt.timedelta(days=3))
    factories.MeetingFactory(body__name="Comité de direction")
    body = client.get(f"/calendar/{hr.calendar_token}.ics").content.decode()
    assert "UID:milestone-" in body
    assert "Comité de direction" not in body


def test_user_text_in_the_feed_is_escaped_per_rfc_5545(client, dg):
    factories.MilestoneFactory(title="Bilan; étape, suite", due_date=timezone.localdate())
    body = client.get(f"/calendar/{dg.calendar_token}.ics").content.decode()
    assert "Bilan\\; étape\\, suite" in body


def _normalised(text: str) -> str:
    """What a calendar can show of a line break: RFC 5545 has only `\\n`."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


@pytest.mark.parametrize(
    "title", ["Bilan\rsuite", "Bilan\r\nsuite", "Bilan\nsuite", "Bilan\r", "\r\n\rBilan;\\N"]
)
def test_a_line_break_in_user_text_never_ends_a_line_of_the_feed(client, dg, title):
    # An Alt+Enter in an imported cell (LF), or a bare CR from an old Mac export.
    milestone = factories.MilestoneFactory(title=title, due_date=timezone.localdate())
    factories.MeetingFactory(body__name="Comité\rde direction", place="Salle\r\n2\r")
    content = client.get(f"/calendar/{dg.calendar_token}.ics").content
    lines = content.split(b"\r\n")
    assert lines[-1] == b""  # the last line ends in CRLF too
    # Every CR and LF of the feed is one of its CRLF line ends: no bare CR, no bare LF.
    assert not any(b"\r" in line or b"\n" in line for line in lines)
    assert all(len(line) <= 75 for line in lines)
    calendar = Calendar.from_ical(content)
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    summary = str(events[f"milestone-{milestone.pk}@cap.invalid"]["SUMMARY"])
    assert summary == _normalised(f"[{milestone.workstream.code}] {title}")
    (meeting,) = [event for uid, event in events.items() if uid.startswith("meeting-")]
    assert str(meeting["SUMMARY"]) == "Comité\nde direction"
    assert str(meeting["DESCRIPTION"]) == "Salle\n2\n"


def test_other_control_characters_in_a_title_are_spaces_in_the_feed(client, dg):
    factories.MilestoneFactory(title="Bilan\x0bsuite\x1f", due_date=timezone.localdate())
    content = client.get(f"/calendar/{dg.calendar_token}.ics").content
    assert b"Bilan suite " in content
    assert not any(byte < 0x20 and byte not in b"\r\n" for byte in content)
