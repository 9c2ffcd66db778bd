"""The login page with single sign-on on, and the lock's page, in a real browser: axe-clean
(WCAG 2.1 AA, no serious or critical finding) at 1280 and 320 px, no sideways scrolling
(issue 15)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from cap2021.sso import sso_settings
from tests import factories

WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


@pytest.fixture
def sso_on(settings):
    for name, value in sso_settings(
        {
            "OIDC_PROVIDER_NAME": "l'annuaire de la mairie",
            "OIDC_RP_CLIENT_ID": "cap",
            "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.example/auth",
            "OIDC_OP_TOKEN_ENDPOINT": "https://idp.example/token",
            "OIDC_OP_USER_ENDPOINT": "https://idp.example/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": "https://idp.example/jwks",
        }
    ).items():
        setattr(settings, name, value)
    settings.LDAP_ENABLED = True  # the directory's hint on the password form


def _check(page, width):
    page.set_viewport_size({"width": width, "height": 800})
    results = Axe().run(page, options=WCAG_21_AA).response
    assert results["passes"]
    blocking = [v["id"] for v in results["violations"] if v["impact"] in {"serious", "critical"}]
    assert not blocking, f"{width} px: {blocking}"
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 320])
def test_the_login_page_with_sso_and_its_failure_message_is_accessible(
    browser_page, live_url, sso_on, width
):
    page = browser_page
    page.goto(f"{live_url}/accounts/login/?sso=echec")
    assert page.get_by_role("link", name="Se connecter avec l'annuaire de la mairie").is_visible()
    assert page.get_by_role("alert").first.is_visible()
    _check(page, width)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 320])
def test_the_lock_pages_are_accessible(browser_page, live_url, width):
    factories.AdminFactory(username="admin")
    page = browser_page
    for _ in range(10):
        page.goto(f"{live_url}/admin/login/")
        page.fill("input[name=username]", "admin")
        page.fill("input[name=password]", "mauvais")
        page.click("input[type=submit]")
    assert page.get_by_role("heading", name="Connexions suspendues").is_visible()
    _check(page, width)
    page.goto(f"{live_url}/accounts/login/")
    page.get_by_label("Nom d’utilisateur").fill("admin")
    page.get_by_label("Mot de passe").fill(factories.PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    assert "connexions sont suspendues" in page.content()
    _check(page, width)
