"""Issue 11, point 4: an élu opens one workstream as published, with its key milestones,
and every published status says its date and warns when it is older than the stale delay."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests import factories
from workstreams.models import StatusUpdate

URL = reverse("reporting:progress-workstream", args=["CSC-01"])
PUBLISHED_ON = dt.date(2021, 9, 1)  # CAP_STALE_UPDATE_DAYS = 14: stale from 16/09/2021


@pytest.fixture
def workstream(elected):
    workstream = factories.WorkstreamFactory(
        code="CSC-01", title="Direction Solidarité", sponsor=elected
    )
    factories.StatusUpdateFactory(
        workstream=workstream,
        date=PUBLISHED_ON,
        state=StatusUpdate.State.PUBLISHED,
        published_at=timezone.now(),
        public_summary="Organigramme présenté en CODIR.",
        done="TEXTE-INTERNE",
    )
    factories.StatusUpdateFactory(
        workstream=workstream,
        date=PUBLISHED_ON + dt.timedelta(days=3),
        public_summary="SOUMIS-NON-PUBLIE",
    )
    factories.MilestoneFactory(
        workstream=workstream,
        title="Avis du CST",
        is_key=True,
        baseline_date=dt.date(2021, 9, 1),
        due_date=dt.date(2021, 9, 10),
    )
    factories.MilestoneFactory(workstream=workstream, title="JALON-SECONDAIRE")
    return workstream


@time_machine.travel(dt.date(2021, 9, 15))
def test_an_elu_reads_the_published_status_and_the_key_milestones_only(client, elected, workstream):
    client.force_login(elected)
    content = client.get(URL).content.decode()
    assert "Organigramme présenté en CODIR." in content
    assert "Point publié du 01/09/2021" in content
    assert "SOUMIS-NON-PUBLIE" not in content and "TEXTE-INTERNE" not in content
    assert "Avis du CST" in content and "JALON-SECONDAIRE" not in content
    # Lateness and slippage are two labelled figures.
    assert "en retard de 5 j" in content
    assert "glissement +9 j par rapport à l&#x27;échéance initiale" in content


@pytest.mark.parametrize(
    ("today", "stale"),
    [
        (dt.date(2021, 9, 14), False),  # 13 days old
        (dt.date(2021, 9, 15), False),  # 14 days old: the limit itself
        (dt.date(2021, 9, 16), True),  # 15 days old
    ],
)
def test_a_published_status_older_than_the_stale_delay_shows_a_warning(
    client, elected, workstream, today, stale
):
    with time_machine.travel(today):
        client.force_login(elected)  # a session of that day (sessions expire when idle)
        pages = [client.get(URL), client.get("/progress/")]
    for response in pages:
        content = response.content.decode()
        assert "Point publié du 01/09/2021" in content
        assert ("Ancien de plus de 14 jours : à actualiser" in content) is stale


def test_the_page_reads_a_fixed_number_of_queries(
    client, elected, workstream, django_assert_num_queries
):
    factories.MilestoneFactory.create_batch(5, workstream=workstream, is_key=True)
    client.force_login(elected)
    # 1 session, 2 the user (with the unread count), 3 the current programme, 4 the
    # workstream with its published status, priority and people, 5 its key milestones;
    # the session is not written (SESSION_REFRESH_SECONDS).
    with django_assert_num_queries(5):
        response = client.get(URL)
    assert len(response.context["milestones"]) == 6


def test_another_programmes_or_an_unknown_workstream_is_not_found(client, elected, workstream):
    client.force_login(elected)
    assert client.get(reverse("reporting:progress-workstream", args=["NOPE-01"])).status_code == 404


def test_a_director_uses_the_workstream_page_not_the_elus_one(client, director, workstream):
    client.force_login(director)
    assert client.get(URL).status_code == 403


def test_the_elus_pages_link_each_workstream_to_its_page(client, elected, workstream):
    client.force_login(elected)
    assert URL in client.get("/progress/").content.decode()
