"""Several programmes in the browser, on the loaded demo: the DG switches from the example
programme to CAP 2021 from the header, finds it closed (a banner, no write button on a
workstream, its history and report readable) and switches back; the élu's progress page
is the example programme's; the programmes page passes axe at 320 and 1280 px.

Set CAP_SCREENSHOTS=<directory> to keep a screenshot of each step.
"""

import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from priorities.models import Programme
from tests.browser.test_accessibility import BLOCKING, WCAG_21_AA, _describe
from workstreams.models import StatusUpdate, Workstream

EXAMPLE = "Exemple 2026"
CAP_2021 = "CAP 2021"
CLOSED_BANNER = "Programme clôturé : consultation seule."


def _shot(page, name: str) -> None:
    directory = os.environ.get("CAP_SCREENSHOTS")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{directory}/{name}.png", full_page=True)


def _header(page) -> str:
    return page.locator(".programme-switcher").inner_text()


@pytest.mark.django_db(transaction=True)
def test_the_dg_switches_to_the_closed_cap_2021_reads_it_and_switches_back(
    browser_page, login, live_url
):
    call_command("seed_demo", "--force", verbosity=0)
    cap = Programme.objects.get(slug="cap-2021")
    assert cap.is_closed
    # A CAP 2021 workstream with a history of its own (made through the services).
    workstream = (
        Workstream.objects.filter(programme=cap, archived_at__isnull=True)
        .exclude(code__in=Workstream.objects.exclude(programme=cap).values("code"))
        .order_by("code")
        .first()
    )
    assert workstream is not None

    page = login(browser_page, "dg")
    page.wait_for_url(f"{live_url}/")
    assert EXAMPLE in _header(page) and CAP_2021 not in _header(page)
    assert page.locator(".programme-banner--closed").count() == 0
    _shot(page, "1-dashboard-example")

    # The header's link leads to the programmes, which sends back to the page one was on.
    page.locator(".programme-switcher").get_by_role("link", name="Changer de programme").click()
    page.wait_for_url(re.compile(r"/programmes/\?next="))
    _shot(page, "2-programmes")
    page.get_by_role("button", name=f"Consulter {CAP_2021}").click()
    page.wait_for_url(f"{live_url}/")
    assert CAP_2021 in _header(page) and EXAMPLE not in _header(page)
    banner = page.locator(".programme-banner--closed")
    assert CLOSED_BANNER in banner.inner_text()
    assert cap.name in banner.inner_text()
    _shot(page, "3-dashboard-cap-2021")

    page.goto(f"{live_url}/workstreams/{workstream.code}/")
    assert workstream.title in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_role("link", name="Nouveau point d'avancement").count() == 0
    assert page.get_by_role("link", name="Modifier le chantier").count() == 0
    assert CLOSED_BANNER in page.locator(".programme-banner--closed").inner_text()
    history = page.locator("ol.history > li")
    assert page.get_by_role("heading", name="Historique").is_visible()
    assert history.count() > 0
    _shot(page, "4-workstream-cap-2021")

    report = page.goto(f"{live_url}/progress/report/")
    assert report is not None and report.status == 200
    assert cap.name in page.locator("main").inner_text()
    assert workstream.title in page.locator("main").inner_text() or workstream.code in (
        page.locator("main").inner_text()
    )
    _shot(page, "5-report-cap-2021")

    page.goto(f"{live_url}/programmes/")
    page.get_by_role("button", name=f"Consulter {EXAMPLE}").click()
    page.wait_for_load_state("domcontentloaded")
    page.goto(f"{live_url}/")
    assert EXAMPLE in _header(page) and CAP_2021 not in _header(page)
    assert page.locator(".programme-banner--closed").count() == 0


@pytest.mark.django_db(transaction=True)
def test_the_elu_reads_the_example_programmes_published_progress(browser_page, login, live_url):
    call_command("seed_demo", "--force", verbosity=0)
    example = Programme.objects.active()
    assert example is not None and example.is_example
    published = (
        StatusUpdate.objects.filter(
            workstream__programme=example,
            state=StatusUpdate.State.PUBLISHED,
            workstream__archived_at__isnull=True,
        )
        .select_related("workstream")
        .order_by("-date")
        .first()
    )
    assert published is not None, "the example programme has published updates"

    page = login(browser_page, "elu")
    page.goto(f"{live_url}/progress/")
    text = page.locator("body").inner_text()
    assert example.name in text or EXAMPLE in text
    assert published.workstream.title in text
    assert CAP_2021 not in text
    _shot(page, "6-elu-progress")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [320, 1280])
def test_the_programmes_page_passes_axe_and_reflows(browser, login, live_url, width):
    call_command("seed_demo", "--force", verbosity=0)
    context = browser.new_context(
        locale="fr-FR", timezone_id="Europe/Paris", viewport={"width": width, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        login(page, "dg")
        response = page.goto(f"{live_url}/programmes/")
        assert response is not None and response.status == 200
        _shot(page, f"7-programmes-{width}")
        results = Axe().run(page, options=WCAG_21_AA).response
        assert results["passes"], "axe checked nothing"
        blocking = [v for v in results["violations"] if v["impact"] in BLOCKING]
        assert not blocking, "\n".join(_describe(v) for v in blocking)
        # The cards are a list without bullets, side by side or stacked, never wider than
        # the page (no horizontal scrolling at 320 px).
        cards = page.locator("ul.programme-cards > li.card")
        assert cards.count() == Programme.objects.count()
        assert cards.first.evaluate("e => getComputedStyle(e).listStyleType") == "none"
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        boxes = [cards.nth(i).bounding_box() for i in range(cards.count())]
        lefts = {round(box["x"]) for box in boxes}
        if width == 320:
            assert len(lefts) == 1  # stacked, one column
        for box in boxes:
            assert box["x"] >= 0 and box["x"] + box["width"] <= width
    finally:
        context.close()
