"""Accessibility: axe-core (WCAG 2.1 A and AA, the automated part of RGAA 4.1.2) on every
page of Cap, as each role sees it with the demo programme loaded, and the status update
form done with the keyboard alone.

To check a new page, add one line to PAGES. docs/accessibility.md says what this covers
and what remains a manual audit.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from governance.models import Body, Decision, Meeting
from recruitment.models import Recruitment
from reporting.models import Edition
from tests import factories
from workstreams.models import StatusUpdate, Workstream

# (demo account or "anon", path). `{code}` is a workstream the demo director owns,
# `{meeting}` a meeting, `{recruitment}` a recruitment of the demo programme.
PAGES = [
    ("anon", "/accounts/login/"),
    ("anon", "/accessibilite/"),
    ("dg", "/"),
    ("dg", "/workstreams/"),
    ("dg", "/workstreams/?weather=off_track&sort=-progress"),
    ("dg", "/workstreams/{code}/"),
    ("dg", "/workstreams/new/"),
    ("dg", "/workstreams/{code}/edit/"),
    ("dg", "/workstreams/import/"),
    ("dg", "/milestones/"),
    ("dg", "/activity/"),
    ("dg", "/governance/"),
    ("dg", "/governance/meetings/{meeting}/"),
    ("dg", "/governance/meetings/{planned}/"),
    ("dg", "/governance/meetings/{planned}/edit/"),
    ("dg", "/governance/meetings/{planned}/pull/"),
    ("dg", "/governance/meetings/{held}/decisions/new/"),
    ("dg", "/governance/decisions/{decision}/actions/new/"),
    ("dg", "/governance/decisions/{decision}/edit/"),
    ("dg", "/governance/meetings/{meeting}/print/"),
    ("dg", "/governance/meetings/new/"),
    ("dg", "/governance/bodies/{body}/"),
    ("dg", "/governance/bodies/{body}/?q=a"),
    ("dg", "/governance/bodies/{body}/edit/"),
    ("dg", "/governance/decisions/"),
    ("dg", "/governance/dg-agenda/"),
    ("dg", "/governance/dg-agenda/update/"),
    ("dg", "/organisation/"),
    ("dg", "/notifications/"),
    ("dg", "/accounts/password/"),
    ("dg", "/programmes/new/"),
    ("directeur", "/"),
    ("directeur", "/workstreams/{code}/"),
    ("directeur", "/workstreams/{code}/updates/new/"),
    ("directeur", "/workstreams/{code}/milestones/new/"),
    ("directeur", "/workstreams/{code}/actions/new/"),
    ("directeur", "/activity/"),
    ("rh", "/recruitment/"),
    ("rh", "/recruitment/{recruitment}/"),
    ("rh", "/recruitment/new/"),
    ("rh", "/recruitment/board/"),
    ("rh", "/recruitment/positions/"),
    ("rh", "/recruitment/positions/new/"),
    ("rh", "/recruitment/profiles/"),
    ("rh", "/recruitment/profiles/new/"),
    ("dg", "/recruitment/arbitration/"),
    ("rh", "/workstreams/"),
    ("rh", "/milestones/"),
    ("elu", "/progress/"),
    ("elu", "/progress/organisation/"),
    ("elu", "/progress/report/"),
    ("elu", "/progress/workstreams/{live_code}/"),
    ("elu", "/progress/editions/"),
    ("elu", "/progress/editions/{edition}/"),
    ("dg", "/notifications/preferences/"),
    ("elu", "/notifications/"),
    ("admin", "/admin/"),
]

WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
BLOCKING = {"serious", "critical"}


def _placeholders() -> dict[str, object]:
    # The demo director's first workstream of the programme everyone is shown (the active
    # one): a closed programme's would send the élus' workstream page to a 404.
    workstream = (
        Workstream.objects.filter(owner__username="directeur", programme__state="active")
        .order_by("code")
        .first()
    )
    meeting = Meeting.objects.order_by("starts_at").first()
    planned = Meeting.objects.filter(state="planned").order_by("starts_at").first() or meeting
    held = Meeting.objects.filter(state="held").order_by("starts_at").first()
    decision = Decision.objects.filter(meeting__isnull=False).order_by("pk").first()
    recruitment = Recruitment.objects.order_by("pk").first()
    body = Body.objects.filter(short_name="CST").first()
    assert workstream and meeting and held and decision and recruitment and body, (
        "the demo programme did not load"
    )
    # The élus read the active programme (the demo's example one).
    live = Workstream.objects.filter(programme__state="active").order_by("code").first()
    assert live, "the demo has no active programme"
    # The edition the DG froze for the élus' seminar of 3 July 2021 (demo/seed.py).
    edition = Edition.objects.filter(shared_with_elected=True).order_by("pk").first()
    assert edition, "the demo froze no edition"
    return {
        "edition": edition.pk,
        "code": workstream.code,
        "live_code": live.code,
        "meeting": meeting.pk,
        "planned": planned.pk,
        "held": held.pk,
        "decision": decision.pk,
        "recruitment": recruitment.pk,
        "body": body.pk,
    }


def _describe(violation: dict) -> str:
    nodes = violation["nodes"]
    targets = ", ".join(" ".join(node["target"]) for node in nodes[:3])
    more = f" (+{len(nodes) - 3})" if len(nodes) > 3 else ""
    return f"[{violation['impact']}] {violation['id']}: {violation['help']} — {targets}{more}"


def _pages_by_persona() -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for persona, path in PAGES:
        grouped.setdefault(persona, []).append(path)
    return grouped


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [320, 1280])
def test_every_page_has_no_serious_or_critical_wcag_21_aa_violation(
    browser, live_url, login, subtests, width
):
    # The demo programme is loaded once (3 s); each page is a subtest reported on its own.
    call_command("seed_demo", "--force", verbosity=0)
    values = _placeholders()
    axe = Axe()
    minor: list[str] = []
    for persona, paths in _pages_by_persona().items():
        context = browser.new_context(
            locale="fr-FR", timezone_id="Europe/Paris", viewport={"width": width, "height": 900}
        )
        context.set_default_timeout(15_000)
        page = context.new_page()
        try:
            if persona != "anon":
                login(page, persona)
            for raw_path in paths:
                path = raw_path.format(**values)
                with subtests.test(msg=f"{persona} {path} at {width} px"):
                    response = page.goto(f"{live_url}{path}")
                    assert response is not None and response.status == 200, (
                        f"{persona} {path}: HTTP {response and response.status}"
                    )
                    results = axe.run(page, options=WCAG_21_AA).response
                    # axe really ran: it reports the rules the page passes.
                    assert results["passes"], f"{persona} {path}: axe checked nothing"
                    violations = results["violations"]
                    blocking = [v for v in violations if v["impact"] in BLOCKING]
                    minor += [f"{persona} {path} {_describe(v)}" for v in violations]
                    assert not blocking, f"{persona} {path}:\n" + "\n".join(
                        _describe(v) for v in blocking
                    )
        finally:
            context.close()
    # Moderate and minor findings do not fail the run; they are printed for the audit.
    if minor:
        print("\naxe findings (moderate/minor included):\n" + "\n".join(minor))


# Pages allowed to scroll sideways at 320 px (none: every data table scrolls inside its own
# `.table-wrap`, which is also the containing block of its visually hidden caption).
# Known defects, each with its issue; remove the line when the page is fixed. (The live
# point d'étape was 26 px too wide: its cover's title, not a table, set in 2rem with the
# word "d'administration"; issue 14 fixed it.)
WIDE_AT_320: set[str] = set()


@pytest.mark.django_db(transaction=True)
def test_every_page_reflows_at_320_pixels_without_horizontal_scrolling(browser, live_url, login):
    """WCAG 1.4.10 / RGAA 10.11: at 320 CSS px (1280 px zoomed to 400 %), no sideways page."""
    call_command("seed_demo", "--force", verbosity=0)
    values = _placeholders()
    too_wide = []
    for persona, paths in _pages_by_persona().items():
        context = browser.new_context(locale="fr-FR", viewport={"width": 320, "height": 640})
        page = context.new_page()
        try:
            if persona != "anon":
                login(page, persona)
            for raw_path in paths:
                if raw_path in WIDE_AT_320 or persona == "admin":
                    continue  # the Django admin has its own responsive layout
                page.goto(f"{live_url}{raw_path.format(**values)}")
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > 320:
                    too_wide.append(f"{persona} {raw_path}: {width} px")
        finally:
            context.close()
    assert not too_wide, "pages wider than 320 px:\n" + "\n".join(too_wide)


@pytest.mark.django_db(transaction=True)
def test_a_director_posts_a_status_update_with_the_keyboard_alone(browser_page, live_url, login):
    director = factories.DirectorFactory(username="directeur", first_name="Karim")
    workstream = factories.WorkstreamFactory(code="CSC-01", owner=director)
    page = login(browser_page, "directeur")
    page.goto(f"{live_url}/workstreams/CSC-01/updates/new/")

    # From the skip link, the keyboard reaches the form fields in reading order.
    page.keyboard.press("Tab")
    assert "Aller au contenu" in page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Enter")
    order = []
    for _ in range(60):
        page.keyboard.press("Tab")
        name = page.evaluate("document.activeElement.name || document.activeElement.tagName")
        if name == "weather" and "weather" not in order:
            # A radio group is one Tab stop; the arrows choose within it (orange).
            page.keyboard.press("ArrowDown")
        if name not in order:
            order.append(name)
        if name == "public_summary":
            break
    fields = [n for n in order if n in FORM_FIELDS]
    assert fields == FORM_FIELDS, order

    # Fill each field with the keyboard, going back up with Shift+Tab.
    for _ in FORM_FIELDS[2:]:
        page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.name") == "progress"
    page.keyboard.press("Control+A")
    page.keyboard.type("60")
    for text in (
        "Atelier tenu avec l'accueil.",
        "Présenter le schéma en CODIR.",
        "Disponibilité des équipes.",
        "",
        "Le chantier avance.",
    ):
        page.keyboard.press("Tab")
        page.keyboard.type(text)
    # The next stop is the main button: "Enregistrer le brouillon", pressed with Enter.
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent").strip()
    assert focused == "Enregistrer le brouillon", focused
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_url}/workstreams/CSC-01/**")

    assert "brouillon" in page.locator(".messages").inner_text()
    update = StatusUpdate.objects.get(workstream=workstream)
    assert update.state == StatusUpdate.State.DRAFT
    assert update.weather == "at_risk"
    assert update.progress == 60
    assert update.done == "Atelier tenu avec l'accueil."
    assert update.public_summary == "Le chantier avance."


@pytest.mark.django_db(transaction=True)
def test_a_form_shown_with_its_errors_stays_accessible_and_ties_each_error_to_its_field(
    browser_page, live_url, login
):
    director = factories.DirectorFactory(username="directeur")
    factories.WorkstreamFactory(code="CSC-01", owner=director)
    page = login(browser_page, "directeur")
    page.goto(f"{live_url}/workstreams/CSC-01/updates/new/")
    page.get_by_label("Avancement").fill("250")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.wait_for_load_state("domcontentloaded")

    summary = page.locator("#erreurs")
    assert summary.get_attribute("role") == "alert"
    assert "Le formulaire contient des erreurs" in summary.inner_text()
    # Each field in error says so and points to its message (RGAA 11.10).
    invalid = page.locator("[aria-invalid=true]")
    assert invalid.count() >= 2, page.content()
    for index in range(invalid.count()):
        field = invalid.nth(index)
        # A radio group is described as a whole, on its fieldset.
        holder = (
            field.locator("xpath=ancestor::fieldset[1]")
            if (field.get_attribute("type") == "radio")
            else field
        )
        described = (holder.get_attribute("aria-describedby") or "").split()
        texts = [page.locator(f"[id='{ident}']").inner_text() for ident in described]
        assert any(text.strip() for text in texts), field.evaluate("e => e.outerHTML")
    ids = page.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id)")
    assert len(ids) == len(set(ids)), "duplicate ids on the page"
    results = Axe().run(page, options=WCAG_21_AA).response
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING]
    assert not blocking, "\n".join(_describe(v) for v in blocking)


FORM_FIELDS = [
    "weather",
    "progress",
    "done",
    "next_steps",
    "risks",
    "decisions_needed",
    "public_summary",
]


def test_the_footer_and_the_statement_declare_the_same_compliance_level(client, db):
    """RGAA: without a valid audit the only allowed mention is "non conforme"."""
    statement = client.get("/accessibilite/").content.decode()
    assert "Accessibilité : non conforme" in statement  # the footer, on this page as on all
    assert "Cap est non conforme au RGAA 4.1.2." in statement
    assert "WCAG 2.1" in statement and "accessibilite@mairie.example" in statement
    assert "Défenseur des droits" in statement
