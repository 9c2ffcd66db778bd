"""The iCal feed at a per-user secret URL."""

import datetime as dt

from django.utils import timezone

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
