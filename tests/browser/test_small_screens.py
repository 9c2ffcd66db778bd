"""At 320 px the header is compact and its menu opens without JavaScript (issue 11, point 5);
a director's dashboard starts with their to-dos."""

import pytest

from tests import factories
from workstreams.models import StatusUpdate


@pytest.mark.django_db(transaction=True)
def test_at_320_px_the_menu_folds_and_opens_without_javascript(browser, live_url):
    factories.DGFactory(username="dg")
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 320, "height": 640}, java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto(f"{live_url}/accounts/login/")
        page.get_by_label("Nom d’utilisateur").fill("dg")
        page.get_by_label("Mot de passe").fill(factories.PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_load_state("domcontentloaded")
        header = page.locator("header.site-header").bounding_box()
        assert header["height"] <= 110, f"the header takes {header['height']} px"
        nav = page.get_by_role("navigation", name="Navigation principale")
        assert not nav.is_visible()
        page.get_by_role("link", name="Menu").click()
        assert nav.is_visible()
        assert page.get_by_role("button", name="Se déconnecter").is_visible()
        nav.get_by_role("link", name="Chantiers").click()
        page.wait_for_url("**/workstreams/")
        assert page.get_by_role("heading", level=1).is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_at_1280_px_the_menu_is_always_shown(browser_page, login):
    factories.DGFactory(username="dg")
    page = login(browser_page, "dg")
    assert page.get_by_role("navigation", name="Navigation principale").is_visible()
    assert not page.get_by_role("link", name="Menu").is_visible()


@pytest.mark.django_db(transaction=True)
def test_a_director_finds_the_update_the_dg_returned_at_the_top_of_the_dashboard(
    browser_page, login
):
    director = factories.DirectorFactory(username="directeur")
    workstream = factories.WorkstreamFactory(code="CSC-01", owner=director)
    update = factories.StatusUpdateFactory(
        workstream=workstream,
        author=director,
        state=StatusUpdate.State.DRAFT,
        return_comment="Précisez le calendrier.",
    )
    page = login(browser_page, "directeur")
    page.set_viewport_size({"width": 1280, "height": 900})
    returned = page.locator("section", has=page.get_by_role("heading", name="Points à reprendre"))
    assert "Précisez le calendrier." in returned.inner_text()
    assert returned.bounding_box()["y"] < 900
    returned.get_by_role("link", name="CSC-01 : reprendre le point").click()
    page.wait_for_url(f"**/workstreams/CSC-01/updates/{update.pk}/edit/")
