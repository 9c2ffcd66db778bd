"""The milestone timeline in a real browser, with the demo programme: axe finds nothing
serious, the page reflows at 320 px, and its pages and export are reached by their links."""

import datetime as dt
import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.utils import timezone

WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
# Set CAP_SCREENSHOTS=/some/dir to keep a picture of each width, for a look by eye.
SCREENSHOTS = os.environ.get("CAP_SCREENSHOTS")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [320, 1280])
def test_the_timeline_is_clean_for_axe_and_fits_the_width(browser, live_url, login, width):
    call_command("seed_demo", "--force", verbosity=0)
    context = browser.new_context(
        locale="fr-FR", timezone_id="Europe/Paris", viewport={"width": width, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        login(page, "dg")
        # The example programme, the active one, is dated around today.
        today = timezone.localdate()
        start, end = today - dt.timedelta(days=180), today + dt.timedelta(days=180)
        period = f"start={start.isoformat()}&end={end.isoformat()}"
        response = page.goto(f"{live_url}/milestones/?{period}")
        assert response is not None and response.status == 200
        assert page.locator("svg.chart--gantt").count() == 1
        assert page.locator("table.milestone-table tbody tr").count() > 0
        assert "jalons sur" in page.locator("#timeline-summary").inner_text()
        results = Axe().run(page, options=WCAG_21_AA).response
        assert results["passes"]
        serious = [v["id"] for v in results["violations"] if v["impact"] in {"serious", "critical"}]
        assert not serious, serious
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if SCREENSHOTS:
            page.screenshot(path=f"{SCREENSHOTS}/timeline-{width}.png", full_page=True)
        # The export link carries the page's filters.
        href = page.get_by_role("link", name="Exporter en CSV").get_attribute("href")
        assert href == f"/milestones/export/?{period}&format=csv"
    finally:
        context.close()
