"""The end-to-end tier: Playwright driving Debian's chromium against a live server.

Playwright cannot download its own browsers here, so it is given /usr/bin/chromium. Where no
chromium is installed the tests skip with that reason; in CI (CAP_REQUIRE_BROWSER=1) a
missing browser is a failure, not a skip.
"""

import os
import shutil

import pytest

from tests import factories

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        reason = f"no chromium at {CHROMIUM}: install Debian's chromium to run the browser tier"
        if os.environ.get("CAP_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
    # make to set up data are still synchronous and safe there. Only while a browser is
    # open, so the flag never leaks into other tests or the subprocesses they start.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def live_url(live_server):
    return live_server.url


@pytest.fixture
def browser_page(browser, live_url):
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris", base_url=live_url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login(live_url):
    """Log a page in through the real login form: `login(page, "directeur")`."""

    def _login(page, username, password=factories.PASSWORD):
        page.goto(f"{live_url}/accounts/login/")
        page.get_by_label("Nom d’utilisateur").fill(username)
        page.get_by_label("Mot de passe").fill(password)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_load_state("domcontentloaded")
        return page

    return _login
