"""The DG opens the dashboard of the seeded programme and sees what needs them."""

import pytest
from django.core.management import call_command

from priorities.models import Programme
from workstreams.models import Milestone, StatusUpdate


@pytest.mark.django_db(transaction=True)
def test_the_dg_sees_the_seeded_programmes_overdue_milestone_and_a_publication_waiting(
    browser_page, login
):
    call_command("seed_demo", "--force", verbosity=0)
    # The dashboard shows the active programme: the demo's example one.
    active = Programme.objects.active()
    overdue = (
        Milestone.objects.overdue()
        .filter(workstream__programme=active)
        .select_related("workstream")
        .order_by("due_date")
        .first()
    )
    waiting = (
        StatusUpdate.objects.awaiting_publication()
        .filter(workstream__programme=active)
        .select_related("workstream")
        .order_by("date", "pk")
        .first()
    )
    assert overdue is not None and waiting is not None, "the demo programme has both"

    page = login(browser_page, "dg")
    page.wait_for_url("**/")
    # The first screen of a 1280 × 900 window: the headline figures, then the DG's to-do
    # lists ("Points en attente de publication" first), whose panel starts within it.
    page.set_viewport_size({"width": 1280, "height": 900})
    todo_top = page.locator("#a-faire").bounding_box()["y"]
    assert todo_top < 900, f"the to-do panel starts at {todo_top} px"
    waiting_top = page.get_by_role(
        "heading", name="Points en attente de publication"
    ).bounding_box()
    assert waiting_top["y"] < 900, waiting_top
    assert page.locator(".headline").bounding_box()["y"] < todo_top
    # A chart's table is there on demand, closed: not printed a second time.
    table = page.locator("#weather-table")
    assert not table.is_visible()
    page.locator("details.chart-data summary").first.click()
    assert table.is_visible()
    overdue_panel = page.locator(
        "section", has=page.get_by_role("heading", name="Jalons en retard")
    )
    assert overdue.title in overdue_panel.inner_text()
    waiting_panel = page.locator(
        "section", has=page.get_by_role("heading", name="Points en attente de publication")
    )
    assert waiting.workstream.code in waiting_panel.inner_text()

    # The heatmap's cells are links to the filtered workstream list.
    cell = page.locator("svg.chart--heatmap a").first
    href = cell.get_attribute("href")
    assert href.startswith("/workstreams/?priority=")
    cell.click()
    page.wait_for_url("**/workstreams/?priority=*")
    assert page.get_by_role("heading", level=1).inner_text()

    # The publication waiting leads to its workstream page.
    page.go_back()
    waiting_panel = page.locator(
        "section", has=page.get_by_role("heading", name="Points en attente de publication")
    )
    waiting_panel.get_by_role("link", name=waiting.workstream.code).first.click()
    page.wait_for_url(f"**/workstreams/{waiting.workstream.code}/")
