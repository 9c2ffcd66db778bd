"""Login is required everywhere but the login page, the health check and the statement."""

import json

import pytest
from django.urls import reverse

from tests import factories


@pytest.mark.parametrize(
    "path", ["/", "/progress/", "/recruitment/", "/admin/", "/accounts/password/"]
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/") or "/login/" in response["Location"]


def test_the_login_page_is_public_and_in_french(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="fr">' in content
    assert "Se connecter" in content
    assert 'name="username"' in content and 'name="password"' in content


def test_healthz_reports_database_and_broker_without_login(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    payload = json.loads(response.content)
    assert payload["database"] == "ok"
    assert payload["status"] == "ok"
    assert payload["broker"] in {"ok", "filesystem"}


@pytest.mark.parametrize(
    ("persona", "landing"),
    [("dg", "/"), ("director", "/"), ("elected", "/progress/"), ("hr", "/recruitment/")],
)
def test_each_role_lands_on_its_own_first_page(client, request, persona, landing):
    user = request.getfixturevalue(persona)
    response = client.post(
        reverse("login"), {"username": user.username, "password": factories.PASSWORD}, follow=True
    )
    assert response.redirect_chain, "login did not redirect"
    assert response.request["PATH_INFO"] == landing
    assert response.status_code == 200


def test_the_navigation_shows_an_elected_official_only_the_progress_pages(client, elected):
    client.force_login(elected)
    content = client.get("/progress/").content.decode()
    assert 'href="/progress/"' in content
    assert 'href="/workstreams/"' not in content
    assert 'href="/recruitment/"' not in content


def test_an_elected_official_cannot_open_the_recruitment_list(client, elected):
    client.force_login(elected)
    assert client.get("/recruitment/").status_code == 403


def test_hr_cannot_open_the_elus_progress_page(client, hr):
    client.force_login(hr)
    assert client.get("/progress/").status_code == 403
