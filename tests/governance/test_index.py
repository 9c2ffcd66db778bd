"""The governance index: the bodies with their next meeting, and the calendar of the last
30 and next 90 days, paged, opening on the meetings to come."""

import datetime as dt

import pytest
from django.utils import timezone

from governance import queries
from governance.models import Meeting
from tests import factories


@pytest.fixture
def codir(db):
    return factories.BodyFactory(name="Comité de direction", short_name="CODIR")


def _meetings(body, days) -> list[Meeting]:
    now = timezone.now()
    return [factories.MeetingFactory(body=body, starts_at=now + dt.timedelta(days=d)) for d in days]


def test_each_body_shows_its_next_planned_meeting(client, dg, codir):
    later, sooner = _meetings(codir, (20, 5))
    factories.MeetingFactory(
        body=codir, starts_at=timezone.now() + dt.timedelta(days=2), state="cancelled"
    )
    idle = factories.BodyFactory(name="Conseil municipal")
    client.force_login(dg)
    content = client.get("/governance/").content.decode()
    row = content[content.index("Comité de direction") :].split("</tr>")[0]
    assert f'href="/governance/meetings/{sooner.pk}/"' in row
    assert f"/governance/meetings/{later.pk}/" not in row
    idle_row = content[content.index(idle.name) :].split("</tr>")[0]
    assert "Aucune prévue" in idle_row


def test_the_calendar_opens_on_the_meetings_to_come_and_pages_through_the_period(
    client, dg, codir, monkeypatch
):
    monkeypatch.setattr(queries, "CALENDAR_PAGE_SIZE", 3)
    past = _meetings(codir, (-20, -10, -5, -1))
    coming = _meetings(codir, (1, 30, 60, 85))
    _meetings(codir, (-40, 100))  # outside the period
    client.force_login(dg)
    opened = client.get("/governance/").content.decode()
    # Four past meetings: the first to come is the second page's second row.
    assert "8 réunions sur la période." in opened and "Page 2 sur 3" in opened
    assert f'href="/governance/meetings/{coming[0].pk}/"' in opened
    assert f'href="/governance/meetings/{past[3].pk}/"' in opened
    assert f'href="/governance/meetings/{past[0].pk}/"' not in opened
    seen = "".join(client.get("/governance/", {"page": n}).content.decode() for n in (1, 2, 3))
    for meeting in past + coming:
        assert f'href="/governance/meetings/{meeting.pk}/"' in seen
    assert "Prévue" in seen
    # A page out of range or not a number: the nearest one, never an error.
    assert client.get("/governance/?page=99").status_code == 200
    assert "Page 3 sur 3" in client.get("/governance/?page=99").content.decode()
    assert "Page 1 sur 3" in client.get("/governance/?page=x").content.decode()


def test_the_index_runs_the_same_queries_for_few_and_many_meetings(
    client, dg, codir, django_assert_num_queries
):
    factories.default_programme()  # the header's current programme, with its commune
    client.force_login(dg)
    for days in ((-3, 4), range(-29, 89, 2)):
        _meetings(codir, days)
        # 1 session, 2 user, 3 the calendar counted, 4 its page, 5 the late minutes, 6 the
        # current programme (header), 7 the bodies with their next meeting.
        with django_assert_num_queries(7):
            assert client.get("/governance/").status_code == 200
