"""Which programme a request is about: the session's choice, else the active one, else
the most recent; switching is a POST that goes back to a safe page."""

import datetime as dt

import pytest
from django.test import RequestFactory

from priorities.models import Programme
from priorities.selection import SESSION_KEY, current_programme
from tests import factories

pytestmark = pytest.mark.django_db


def _request(session: dict | None = None):
    request = RequestFactory().get("/")
    request.session = session if session is not None else {}
    return request


def test_without_a_choice_the_active_programme_is_current(programmes):
    assert current_programme(_request()) == programmes["new"]


def test_the_programme_chosen_in_the_session_is_current(programmes):
    request = _request({SESSION_KEY: programmes["old"].pk})
    assert current_programme(request) == programmes["old"]


def test_a_deleted_programme_in_the_session_falls_back_to_the_active_one(programmes):
    deleted = factories.ProgrammeFactory(slug="ephemere")
    request = _request({SESSION_KEY: deleted.pk})
    deleted.delete()
    assert current_programme(request) == programmes["new"]


def test_a_malformed_session_value_falls_back_to_the_active_one(programmes):
    assert current_programme(_request({SESSION_KEY: "pas-un-nombre"})) == programmes["new"]


def test_without_an_active_programme_the_most_recent_is_current(db):
    factories.ProgrammeFactory(slug="ancien", start_date=dt.date(2015, 1, 1))
    recent = factories.ProgrammeFactory(slug="recent", start_date=dt.date(2024, 1, 1))
    assert current_programme(_request()) == recent


def test_without_any_programme_there_is_no_current_one(db):
    assert current_programme(_request()) is None


def test_the_current_programme_is_read_once_per_request(programmes, django_assert_num_queries):
    request = _request()
    with django_assert_num_queries(1):  # the programme and its commune, in one query
        current_programme(request)
        current = current_programme(request)
        assert current.commune.name


def test_switching_stores_the_choice_and_goes_back_to_next(programmes, director, client_for):
    client = client_for(director)
    response = client.post(
        "/programmes/cap-2021/switch/", {"next": "/workstreams/?phase=reflection"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/workstreams/?phase=reflection"
    assert client.session[SESSION_KEY] == programmes["old"].pk
    page = client.get("/programmes/")
    assert page.context["current_programme"] == programmes["old"]


def test_switching_never_redirects_to_another_site(programmes, director, client_for):
    response = client_for(director).post(
        "/programmes/cap-2021/switch/", {"next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_switching_is_a_post_only(programmes, director, client_for):
    client = client_for(director)
    assert client.get("/programmes/cap-2021/switch/").status_code == 405
    assert SESSION_KEY not in client.session


def test_switching_to_an_unknown_programme_is_a_404(programmes, director, client_for):
    client = client_for(director)
    assert client.post("/programmes/inconnu/switch/").status_code == 404
    assert SESSION_KEY not in client.session


def test_an_elected_official_switches_too(programmes, elected, client_for):
    client = client_for(elected)
    client.post("/programmes/cap-2021/switch/")
    assert client.session[SESSION_KEY] == programmes["old"].pk


def test_the_header_shows_the_current_programme_and_a_link_to_switch(
    programmes, director, client_for
):
    client = client_for(director)
    page = client.get("/programmes/").content.decode()
    assert "ADAPT 2026" in page
    assert "En cours" in page
    assert "/programmes/?next=" in page
    assert "Programme d&#x27;exemple" in page or "Programme d'exemple" in page
    client.post("/programmes/cap-2021/switch/")
    page = client.get("/programmes/").content.decode()
    assert "Programme clôturé : consultation seule." in page
    assert "Clôturé" in page


def test_the_header_and_login_page_name_the_commune(programmes, client, director, client_for):
    commune = programmes["new"].commune
    commune.name = "Ville-sur-Mer"
    commune.save()
    assert "Ville-sur-Mer" in client.get("/accounts/login/").content.decode()
    assert "Ville-sur-Mer" in client.get("/accessibilite/").content.decode()
    assert "Ville-sur-Mer" in client_for(director).get("/programmes/").content.decode()


def test_states_are_shown_by_word_and_icon(programmes, director, client_for):
    page = client_for(director).get("/programmes/").content.decode()
    for word in ("En cours", "Clôturé", "En préparation"):
        assert word in page
    assert Programme.objects.count() == 3
