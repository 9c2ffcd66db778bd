"""The point d'étape in the browser (issue 14's "Shown by"): the DG freezes an edition,
publishes a change, freezes a second one, and the second shows exactly that change; the
élu opens both editions, the presentation mode with the keyboard, and the PDF; the
editions and slides pass axe at 320 and 1280 px.

Set CAP_SCREENSHOTS=<directory> to keep a screenshot of the cover and two slides.
"""

import datetime as dt
import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from reporting.models import Edition
from tests import factories
from tests.browser.test_accessibility import BLOCKING, WCAG_21_AA, _describe
from tests.pdf import read_pdf
from workstreams.models import StatusUpdate


def _shot(page, name: str) -> None:
    directory = os.environ.get("CAP_SCREENSHOTS")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{directory}/{name}.png")


def _programme():
    dg = factories.DGFactory(username="dg", first_name="Claire", last_name="Martin")
    elu = factories.ElectedFactory(username="elu", first_name="Françoise", last_name="Leroy")
    director = factories.DirectorFactory(username="directeur")
    priority = factories.PriorityFactory(code="CSC", name="Cohésion sociale – Citoyenneté")
    guichet = factories.WorkstreamFactory(
        code="CSC-01", title="Guichet unique", priority=priority, owner=director, sponsor=elu
    )
    accueil = factories.WorkstreamFactory(
        code="CSC-02", title="Accueil du public", priority=priority, owner=director
    )
    for workstream, weather, progress in ((guichet, "at_risk", 30), (accueil, "on_track", 50)):
        factories.StatusUpdateFactory(
            workstream=workstream,
            weather=weather,
            progress=progress,
            state=StatusUpdate.State.PUBLISHED,
            published_at=timezone.now(),
            date=timezone.localdate() - dt.timedelta(days=7),
            public_summary="Les équipes préparent l'ouverture.",
        )
    factories.MilestoneFactory(
        workstream=guichet, title="Avis du CST", is_key=True, due_date=timezone.localdate()
    )
    return dg, elu, guichet


def _freeze(page, live_url, occasion: str) -> str:
    page.goto(f"{live_url}/progress/editions/new/")
    page.get_by_label("Occasion").fill(occasion)
    page.get_by_label("Partager cette édition avec les élus").check()
    page.get_by_role("button", name="Figer l'édition").click()
    page.wait_for_url("**/progress/editions/*/")
    assert "Le point d'étape est figé" in page.content()
    return page.url


@pytest.mark.django_db(transaction=True)
def test_the_dg_freezes_two_editions_and_the_elu_reads_them_as_slides_and_pdf(
    browser, live_url, login
):
    dg, elu, guichet = _programme()
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris", base_url=live_url)
    context.set_default_timeout(20_000)
    page = context.new_page()
    login(page, "dg")
    first_url = _freeze(page, live_url, "Séminaire des élus")
    assert "Ce qui a changé" not in page.content()

    # A director's update waits for the DG, who publishes it from the workstream page.
    factories.StatusUpdateFactory(
        workstream=guichet,
        weather="off_track",
        progress=45,
        state=StatusUpdate.State.SUBMITTED,
        public_summary="Le recrutement du responsable a échoué.",
    )
    page.goto(f"{live_url}/workstreams/CSC-01/")
    page.get_by_role("button", name="Publier pour les élus").first.click()
    page.wait_for_load_state("domcontentloaded")

    second_url = _freeze(page, live_url, "Conseil municipal")
    changes = page.locator(".pe-changes")
    text = " ".join(changes.inner_text().split())
    assert "CSC-01 — Guichet unique : ☁ Orange → ☂ Rouge" in text
    assert "CSC-01 — Guichet unique : 30 % → 45 % (+15 points)" in text
    assert "CSC-02" not in text  # exactly that change, nothing else
    assert changes.locator("h3").all_inner_texts() == ["Météo", "Avancement"]
    context.close()

    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris", base_url=live_url)
    context.set_default_timeout(20_000)
    page = context.new_page()
    login(page, "elu")
    page.goto(f"{live_url}/progress/editions/")
    listing = page.locator(".edition-list").inner_text()
    assert "Séminaire des élus" in listing and "Conseil municipal" in listing
    page.goto(first_url)
    assert "Les équipes préparent l'ouverture." in page.content()
    assert "Le recrutement du responsable a échoué." not in page.content()
    page.goto(second_url)
    assert "Le recrutement du responsable a échoué." in page.content()

    # The presentation mode: one slide at a time, the keyboard moves between them.
    page.get_by_role("link", name="Mode présentation").click()
    page.wait_for_url("**/slides/")
    _shot(page, "point-etape-cover")
    visible = page.locator(".slide:not([hidden])")
    assert visible.count() == 1 and visible.get_attribute("id") == "slide-1"
    page.keyboard.press("ArrowRight")
    assert visible.get_attribute("id") == "slide-2"
    assert "Ce qui a changé" in visible.inner_text()
    page.keyboard.press("PageDown")
    assert visible.get_attribute("id") == "slide-3"
    _shot(page, "point-etape-slide-frame")
    page.keyboard.press("PageUp")
    assert visible.get_attribute("id") == "slide-2"
    page.keyboard.press("End")
    last = page.locator(".slide").count()
    assert visible.get_attribute("id") == f"slide-{last}"
    page.keyboard.press("Home")
    assert visible.get_attribute("id") == "slide-1"
    for _ in range(5):
        page.keyboard.press("ArrowDown")
    assert visible.locator("h2").inner_text() == "Cohésion sociale – Citoyenneté"
    _shot(page, "point-etape-slide-priority")
    assert page.url.endswith("#slide-6")

    # The PDF of the edition.
    response = page.request.get(f"{second_url.rstrip('/')}.pdf")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    pdf = read_pdf(response.body())
    assert "Le recrutement du responsable a échoué." in pdf.text
    assert "Conseil municipal" in pdf.text and pdf.has_structure_tree and pdf.lang == "fr"
    context.close()
    assert Edition.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_point_detape_pages_pass_axe_and_reflow_at_320_pixels(browser, live_url, login):
    dg, elu, _ = _programme()
    from reporting.services import edition_freeze

    first = edition_freeze(
        programme=factories.default_programme(),
        date=timezone.localdate(),
        occasion="Séminaire",
        shared_with_elected=True,
        actor=dg,
    )
    second = edition_freeze(
        programme=factories.default_programme(),
        date=timezone.localdate(),
        occasion="Conseil",
        shared_with_elected=True,
        actor=dg,
    )
    pages = {
        "dg": ["/progress/editions/new/", "/progress/report/", f"/progress/editions/{first.pk}/"],
        "elu": [
            "/progress/editions/",
            "/progress/report/slides/",
            f"/progress/editions/{second.pk}/",
            f"/progress/editions/{second.pk}/slides/",
        ],
    }
    axe = Axe()
    problems = []
    for width in (1280, 320):
        for persona, paths in pages.items():
            context = browser.new_context(
                locale="fr-FR", viewport={"width": width, "height": 800}, base_url=live_url
            )
            page = context.new_page()
            login(page, persona)
            for path in paths:
                assert page.goto(f"{live_url}{path}").status == 200, path
                results = axe.run(page, options=WCAG_21_AA).response
                assert results["passes"], path
                problems += [
                    f"{width}px {persona} {path} {_describe(v)}"
                    for v in results["violations"]
                    if v["impact"] in BLOCKING
                ]
                if width == 320:
                    scroll = page.evaluate("document.documentElement.scrollWidth")
                    if scroll > 320:
                        problems.append(f"320px {persona} {path}: {scroll} px wide")
            context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.django_db(transaction=True)
def test_a_large_pdf_being_prepared_says_so_passes_axe_and_reloads_into_the_pdf(
    browser, live_url, login, settings, monkeypatch
):
    """A PDF too large for the request: the page says it is being printed, passes axe at
    320 and 1280 px, and once the task has kept the PDF the page opens it by itself."""
    from reporting import report
    from reporting.tasks import render_report_pdf

    _, elu, _ = _programme()
    settings.CAP_REPORT_PDF_INLINE_WORKSTREAMS = 0
    monkeypatch.setattr(report, "REFRESH_SECONDS", 2)
    published = []  # no worker: the task is run below, by hand
    monkeypatch.setattr(report, "publish", lambda task, *args: published.append(args) or True)
    axe = Axe()
    problems = []
    for width in (1280, 320):
        context = browser.new_context(
            locale="fr-FR", viewport={"width": width, "height": 800}, base_url=live_url
        )
        page = context.new_page()
        login(page, "elu")
        response = page.goto(f"{live_url}/progress/report.pdf")
        assert response.status == 202
        assert page.get_by_role("heading", name="PDF du point d'étape en préparation").is_visible()
        problems += [
            f"{width}px {_describe(v)}"
            for v in axe.run(page, options=WCAG_21_AA).response["violations"]
            if v["impact"] in BLOCKING
        ]
        if width == 320 and page.evaluate("document.documentElement.scrollWidth") > 320:
            problems.append("320px: wider than the screen")
        if width == 320:
            render_report_pdf(*published[0])
            # The page asks again (every 2 s here) and, once the PDF answers, opens it. Wait
            # for that navigation's body to arrive in full: closing the context earlier would
            # leave the live server serving it while the test's database is flushed.
            with page.expect_event(
                "requestfinished",
                predicate=lambda r: (
                    r.url.endswith("/progress/report.pdf") and r.is_navigation_request()
                ),
            ) as opened:
                pass
            response = opened.value.response()
            assert response.status == 200
            assert response.headers["content-type"] == "application/pdf"
        context.close()
    assert len(published) == 1
    assert not problems, "\n".join(problems)
