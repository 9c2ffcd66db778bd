"""A director posts the week's status update in a real browser; the DG publishes it."""

import pytest

from tests import factories
from workstreams.models import StatusUpdate


@pytest.mark.django_db(transaction=True)
def test_a_director_posts_a_status_update_and_the_dg_publishes_it(browser_page, live_url, login):
    director = factories.DirectorFactory(
        username="directeur", first_name="Karim", last_name="Benali"
    )
    factories.DGFactory(username="dg", first_name="Claire", last_name="Martin")
    factories.WorkstreamFactory(
        code="CSC-01", title="Démarche citoyenne", owner=director, org_unit=director.org_unit
    )
    page = browser_page

    login(page, "directeur")
    page.goto(f"{live_url}/workstreams/")
    page.get_by_role("link", name="CSC-01").click()
    page.get_by_role("link", name="Nouveau point d'avancement").click()
    page.get_by_label("Orange").check()
    page.get_by_label("Avancement (%)").fill("35")
    page.get_by_label("Ce qui a été fait").fill("Trois ateliers avec les habitants.")
    page.get_by_label("Synthèse pour les élus").fill("La charte est en cours d'écriture.")
    page.get_by_role("button", name="Soumettre à la DG").click()
    page.wait_for_url(f"{live_url}/workstreams/CSC-01/#points")
    assert "Trois ateliers avec les habitants." in page.content()
    assert "Soumis à la DG" in page.locator("#points-section").inner_text()

    page.context.clear_cookies()
    login(page, "dg")
    page.goto(f"{live_url}/workstreams/CSC-01/")
    page.get_by_role("button", name="Publier pour les élus").click()
    page.wait_for_load_state("domcontentloaded")
    assert "Le point d'avancement est publié" in page.locator(".messages").inner_text()
    update = StatusUpdate.objects.get()
    assert update.state == StatusUpdate.State.PUBLISHED
    assert update.published_by.username == "dg"
