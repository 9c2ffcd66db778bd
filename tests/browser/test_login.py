"""A person logs in through the real login page and lands on their first page."""

import pytest

from tests import factories


@pytest.mark.django_db(transaction=True)
def test_a_director_logs_in_with_the_keyboard_and_lands_on_the_dashboard(browser_page, live_url):
    factories.DirectorFactory(username="directeur", first_name="Karim", last_name="Benali")
    page = browser_page
    page.goto(f"{live_url}/accounts/login/")
    # The username field has the focus (autofocus): the whole login is done with the
    # keyboard. Wait for it, or a loaded machine may lose the first keystrokes.
    page.wait_for_function("document.activeElement && document.activeElement.name === 'username'")
    page.keyboard.type("directeur")
    page.keyboard.press("Tab")
    page.keyboard.type(factories.PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_url}/")
    assert "Karim Benali" in page.locator("header").inner_text()
    assert page.get_by_role("navigation", name="Navigation principale").is_visible()
    # On every page the skip link is the first stop of the keyboard, and it leads to <main>.
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.outerHTML")
    assert "Aller au contenu" in focused, focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"


@pytest.mark.django_db(transaction=True)
def test_a_wrong_password_shows_a_french_error_and_stays_on_the_login_page(browser_page, live_url):
    factories.DirectorFactory(username="directeur")
    page = browser_page
    page.goto(f"{live_url}/accounts/login/")
    page.get_by_label("Nom d’utilisateur").fill("directeur")
    page.get_by_label("Mot de passe").fill("mauvais-mot-de-passe")
    page.get_by_role("button", name="Se connecter").click()
    assert "/accounts/login/" in page.url
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in page.content()
