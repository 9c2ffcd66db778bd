"""OpenID Connect end to end (issue 15, point 1): Cap's login page → a real provider
(panva/oidc-provider, .ci/oidc/server.mjs) → its login form → back to Cap's callback, the
code exchanged for signed tokens over HTTP, the claims mapped to a role and an org unit.

Cap's side runs in Django's test client (host "testserver", the client's registered
redirect URI); the provider's side is real HTTP, driven by httpx like a browser."""

import html
import re
from urllib.parse import parse_qs, urljoin, urlparse

import httpx
import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.test import Client

from organisation.models import User
from tests import factories

# One directory and one provider for the run: under pytest-xdist these tests share a
# worker (`--dist loadgroup`), never two at once on the same entries.
pytestmark = pytest.mark.xdist_group("sso")


@pytest.fixture
def units(db):
    return {
        "DG": factories.OrgUnitFactory(name="Direction générale", acronym="DG"),
        "DCV": factories.OrgUnitFactory(name="Citoyenneté et vie locale", acronym="DCV"),
    }


def _sign_in(login: str, password: str, next_url: str = "") -> tuple[Client, object]:
    """Click « Se connecter avec … », log in at the provider, come back to Cap."""
    cap = Client()
    page = cap.get("/accounts/login/" + (f"?next={next_url}" if next_url else ""))
    button = re.search(r'href="(/oidc/authenticate/[^"]*)"', page.content.decode())
    assert button, "the login page offers no single sign-on"
    start = cap.get(html.unescape(button.group(1)))
    assert start.status_code == 302
    location = start["Location"]
    query = parse_qs(urlparse(location).query)
    assert query["code_challenge_method"] == ["S256"] and query["nonce"] and query["state"]

    with httpx.Client(timeout=10) as browser:
        response = browser.get(location)
        while response.is_redirect:
            response = browser.get(urljoin(str(response.url), response.headers["location"]))
        form = re.search(r'action="([^"]+)"', response.text)
        assert form, response.text
        response = browser.post(
            urljoin(str(response.url), form.group(1)), data={"login": login, "password": password}
        )
        while response.is_redirect:
            target = urljoin(str(response.url), response.headers["location"])
            if target.startswith("http://testserver/"):
                break
            response = browser.get(target)
        else:
            pytest.fail(f"the provider did not send the browser back: {response.text[:300]}")
    callback = urlparse(target)
    assert callback.path == "/oidc/callback/"
    return cap, cap.get(f"{callback.path}?{callback.query}")


def test_the_login_page_offers_the_provider_by_its_name(oidc_provider):
    content = html.unescape(Client().get("/accounts/login/").content.decode())
    assert "Se connecter avec l'annuaire de test" in content


def test_the_dg_signs_in_through_the_provider_and_gets_her_role_and_unit(oidc_provider, units):
    cap, response = _sign_in("claire", "oidc-claire-2021")
    assert response.status_code == 302
    assert response["Location"] == "/"
    user = User.objects.get(username="cdupont")  # preferred_username
    assert cap.session[SESSION_KEY] == str(user.pk)
    assert (user.role, user.org_unit, user.first_name, user.last_name, user.email) == (
        "dg",
        units["DG"],  # the cap_unit claim
        "Claire",
        "Dupont",
        "claire.dupont@mairie.test",
    )
    assert not user.has_usable_password()
    assert cap.get("/").status_code == 200


def test_a_director_comes_back_to_the_page_he_asked_for(oidc_provider, units):
    cap, response = _sign_in("karim", "oidc-karim-2021", next_url="/workstreams/")
    assert response.status_code == 302
    assert response["Location"] == "/workstreams/"
    user = User.objects.get(username="kbenali")
    assert (user.role, user.org_unit) == ("director", units["DCV"])


def test_an_account_without_a_cap_group_comes_back_refused_with_a_french_message(
    oidc_provider, units
):
    cap, response = _sign_in("intrus", "oidc-intrus-2021")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?sso=echec"
    assert SESSION_KEY not in cap.session
    assert not User.objects.filter(username="intrus").exists()
    page = html.unescape(cap.get(response["Location"]).content.decode())
    assert "La connexion avec l'annuaire de test n'a pas abouti" in page


def test_the_provider_never_takes_over_the_local_administrator(oidc_provider, admin_user):
    cap, response = _sign_in("admin", "oidc-admin-2021")
    assert response["Location"] == "/accounts/login/?sso=echec"
    assert SESSION_KEY not in cap.session
    admin_user.refresh_from_db()
    assert admin_user.is_superuser and admin_user.first_name != "Faux"


def test_a_forged_callback_is_refused(oidc_provider):
    cap = Client()
    cap.get("/oidc/authenticate/")
    response = cap.get("/oidc/callback/?code=forged&state=forged")
    assert response.status_code in (302, 400)
    assert SESSION_KEY not in cap.session


def test_a_userinfo_signed_as_a_jwt_is_read_as_proconnect_sends_it(
    oidc_provider, settings, units, monkeypatch
):
    # The provider's second client answers userinfo as application/jwt (RS256).
    settings.OIDC_RP_CLIENT_ID = "cap-jwt"
    import mozilla_django_oidc.auth as library

    answers = []
    real_get = library.requests.get

    def recording_get(*args, **kwargs):
        answer = real_get(*args, **kwargs)
        answers.append(answer.headers.get("content-type", ""))
        return answer

    monkeypatch.setattr(library.requests, "get", recording_get)
    cap, response = _sign_in("karim", "oidc-karim-2021")
    assert response.status_code == 302 and response["Location"] == "/"
    assert any(kind.startswith("application/jwt") for kind in answers), answers
    assert User.objects.get(username="kbenali").role == "director"


def test_refused_sign_ins_never_shut_single_sign_on_for_an_office(oidc_provider, units):
    # The OIDC callback is not counted by the login throttle (no password is guessed
    # there): an agent without access retrying more than ten times from the town hall's
    # address does not lock the DG out of single sign-on from the same address.
    for _ in range(11):
        _, response = _sign_in("intrus", "oidc-intrus-2021")
        assert response["Location"] == "/accounts/login/?sso=echec"
    assert not AccessAttempt.objects.exists()
    cap, response = _sign_in("claire", "oidc-claire-2021")
    assert response["Location"] == "/"
