"""Issue 11: the status-update loop closes in a real browser. The director submits, the DG
is told (the header's badge), returns it with a comment, the director sees it "à reprendre"
with the comment, resubmits, the DG publishes, the élue référente is told and reads it."""

import re

import pytest

from tests import factories
from workstreams.models import StatusUpdate


def _badge(page) -> str:
    """The unread count of the header's notifications link ("" without a badge)."""
    badge = page.locator(".notifications-link .badge--count")
    return badge.inner_text().split()[0] if badge.count() else ""


def _as(page, login, username):
    page.context.clear_cookies()
    return login(page, username)


@pytest.mark.django_db(transaction=True)
def test_the_status_update_loop_closes_from_the_director_to_the_elue(browser_page, live_url, login):
    director = factories.DirectorFactory(
        username="directeur", first_name="Karim", last_name="Benali"
    )
    factories.DGFactory(username="dg", first_name="Claire", last_name="Martin")
    elected = factories.ElectedFactory(username="elu", first_name="Françoise", last_name="Leroy")
    factories.WorkstreamFactory(
        code="CSC-01",
        title="Démarche citoyenne",
        owner=director,
        org_unit=director.org_unit,
        sponsor=elected,
    )
    page = browser_page

    # 1. Karim writes the point; Enter in "Avancement (%)" only saves the draft.
    login(page, "directeur")
    page.goto(f"{live_url}/workstreams/CSC-01/")
    page.get_by_role("link", name="Nouveau point d'avancement").click()
    page.get_by_label("Orange").check()
    page.get_by_label("Ce qui a été fait").fill("Trois ateliers avec les habitants.")
    page.get_by_label("Synthèse pour les élus").fill("La charte est en cours d'écriture.")
    page.get_by_label("Avancement (%)").fill("35")
    page.get_by_label("Avancement (%)").press("Enter")
    page.wait_for_load_state("domcontentloaded")
    assert "brouillon" in page.locator(".messages").inner_text()
    update = StatusUpdate.objects.get()
    assert update.state == StatusUpdate.State.DRAFT

    # "Nouveau point" now continues the draft; submitting is a second, explained step.
    page.get_by_role("link", name="Reprendre le brouillon en cours").click()
    page.get_by_role("button", name="Enregistrer et passer à la soumission…").click()
    assert "Ce qui se passe ensuite" in page.content()
    assert "Claire Martin" in page.locator("main").inner_text()
    page.get_by_role("button", name="Soumettre à la DG").click()
    page.wait_for_load_state("domcontentloaded")
    assert "soumis à la DG" in page.locator(".messages").inner_text()

    # 2. Claire is told: the badge, the notification that opens the point.
    _as(page, login, "dg")
    page.goto(f"{live_url}/workstreams/")
    assert _badge(page) == "1"
    page.locator(".notifications-link").click()
    page.get_by_role("link", name=re.compile("CSC-01 : un point d'avancement attend")).click()
    page.wait_for_url(re.compile(r"/workstreams/CSC-01/"))
    assert _badge(page) == ""  # opened, so read

    # 3. She returns it with a comment.
    page.get_by_text("Renvoyer à l'auteur").click()
    page.get_by_label("Commentaire pour l'auteur").fill("Précisez le calendrier du CST.")
    page.get_by_role("button", name="Renvoyer avec ce commentaire").click()
    page.wait_for_load_state("domcontentloaded")

    # 4. Karim sees it "à reprendre" on his dashboard, with the comment, and is told.
    _as(page, login, "directeur")
    page.goto(f"{live_url}/")
    assert _badge(page) == "1"
    rework = page.locator("section", has=page.get_by_role("heading", name=re.compile("reprendre")))
    assert "Précisez le calendrier du CST." in rework.inner_text()
    rework.get_by_role("link", name=re.compile("CSC-01")).click()
    assert "Précisez le calendrier du CST." in page.locator("main").inner_text()
    page.get_by_label("Risques et points d'attention").fill("Calendrier du CST : mars.")
    page.get_by_role("button", name="Enregistrer et passer à la soumission…").click()
    page.get_by_role("button", name="Soumettre à la DG").click()
    page.wait_for_load_state("domcontentloaded")

    # 5. Claire publishes it.
    _as(page, login, "dg")
    page.goto(f"{live_url}/workstreams/CSC-01/")
    assert _badge(page) == "1"
    page.get_by_role("button", name="Publier pour les élus").click()
    page.wait_for_load_state("domcontentloaded")
    assert "publié" in page.locator(".messages").inner_text()

    # 6. Françoise is told and reads the published point, dated, on her page.
    _as(page, login, "elu")
    assert _badge(page) == "1"
    page.locator(".notifications-link").click()
    page.get_by_role("link", name=re.compile("CSC-01 : un nouveau point")).click()
    page.wait_for_url(re.compile(r"/progress/workstreams/CSC-01/"))
    main = page.locator("main").inner_text()
    assert "La charte est en cours d'écriture." in main
    assert "Point publié du" in main
    assert "Trois ateliers" not in main  # internal text never reaches the élus
    assert _badge(page) == ""
    update.refresh_from_db()
    assert update.state == StatusUpdate.State.PUBLISHED


@pytest.mark.django_db(transaction=True)
def test_the_author_withdraws_a_submitted_update_before_the_dg_acts(browser_page, live_url, login):
    director = factories.DirectorFactory(username="directeur")
    factories.DGFactory(username="dg")
    workstream = factories.WorkstreamFactory(code="CSC-01", owner=director)
    factories.StatusUpdateFactory(workstream=workstream, author=director)
    page = login(browser_page, "directeur")
    page.goto(f"{live_url}/workstreams/CSC-01/")
    page.get_by_role("button", name="Retirer ce point").click()
    page.wait_for_load_state("domcontentloaded")
    assert "retiré" in page.locator(".messages").inner_text()
    assert StatusUpdate.objects.get().state == StatusUpdate.State.DRAFT
    assert page.get_by_role("link", name="Reprendre le brouillon en cours").count() == 1
