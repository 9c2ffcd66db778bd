"""User text is shown escaped on every page that shows it (issue 5, point 2)."""

import datetime as dt

import pytest
import time_machine
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from tests import factories
from workstreams.models import StatusUpdate

PAYLOAD = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def _existing(*names_and_kwargs) -> list[str]:
    """The URLs that exist today: pages still being written are picked up when they land."""
    urls = []
    for name, kwargs in names_and_kwargs:
        try:
            urls.append(reverse(name, kwargs=kwargs))
        except NoReverseMatch:
            continue
    return urls


@pytest.fixture(autouse=True)
def _during_the_programme():
    # Mid-programme: the milestones (due 31/03/2022) are in the timeline's window.
    with time_machine.travel(dt.datetime(2022, 1, 17, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def hostile_workstream(director, elected, dg):
    workstream = factories.WorkstreamFactory(
        code="CSC-01", title=f"Chantier {PAYLOAD}", owner=director, sponsor=elected
    )
    factories.MilestoneFactory(workstream=workstream, title=f"Jalon {PAYLOAD}", owner=director)
    factories.ActionFactory(workstream=workstream, title=f"Action {PAYLOAD}", owner=director)
    factories.StatusUpdateFactory(
        workstream=workstream,
        done=f"Fait {PAYLOAD}",
        next_steps=f"Ensuite {PAYLOAD}",
        risks=f"Risque {PAYLOAD}",
        decisions_needed=f"Décision {PAYLOAD}",
        public_summary=f"Résumé {PAYLOAD}",
        state=StatusUpdate.State.PUBLISHED,
        published_by=dg,
        published_at=timezone.now(),
    )
    return workstream


def _assert_escaped(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, url
    content = response.content.decode()
    assert ESCAPED in content, url
    assert PAYLOAD not in content, url


def test_staff_pages_show_hostile_text_escaped(client, dg, hostile_workstream):
    client.force_login(dg)
    urls = [
        "/",
        *_existing(
            ("workstreams:workstream-list", {}),
            ("workstreams:workstream-detail", {"code": "CSC-01"}),
            ("workstreams:status-update-create", {"code": "CSC-01"}),
            ("reporting:milestone-timeline", {}),
            ("reporting:activity", {}),
            ("governance:dg-agenda", {}),
        ),
    ]
    for url in urls:
        _assert_escaped(client, url)


def test_the_elected_officials_page_shows_hostile_text_escaped(client, elected, hostile_workstream):
    client.force_login(elected)
    _assert_escaped(client, reverse("reporting:progress"))


def test_the_admin_shows_hostile_text_escaped(client, admin_user, hostile_workstream):
    client.force_login(admin_user)
    for url in (
        reverse("admin:workstreams_workstream_changelist"),
        reverse("admin:workstreams_workstream_change", args=[hostile_workstream.pk]),
        reverse("admin:workstreams_workstream_history", args=[hostile_workstream.pk]),
    ):
        _assert_escaped(client, url)
