"""HR runs a recruitment in a real browser, from the post to the arrival, without /admin/:
the director and the DG sign the fiche de poste off, the DG grants the budget and picks the
arbitration from the decision register, and the tableau des emplois shows the post filled."""

import datetime as dt

import pytest
from django.utils import timezone

from recruitment.models import JobProfile, Position, Recruitment
from tests import factories

Stage = Recruitment.Stage


def _move(page, stage: str) -> None:
    page.locator('[name="to_stage"]').select_option(stage)
    page.get_by_role("button", name="Enregistrer l'étape").click()
    page.wait_for_load_state("domcontentloaded")
    assert "Étape enregistrée." in page.locator(".messages").inner_text(), stage


@pytest.mark.django_db(transaction=True)
def test_hr_carries_a_recruitment_from_the_post_to_the_arrival(browser_page, live_url, login):
    hr = factories.HRFactory(username="rh", first_name="Nadia", last_name="Petit")
    director = factories.DirectorFactory(
        username="directeur", first_name="Karim", last_name="Benali"
    )
    factories.DGFactory(username="dg", first_name="Claire", last_name="Martin")
    workstream = factories.WorkstreamFactory(code="CCI-02", owner=director)
    codir = factories.DecisionFactory(
        meeting__body__name="CODIR",
        date=timezone.localdate() - dt.timedelta(days=70),
        text="Création du poste de chargé de communication interne.",
    )
    page = browser_page
    today = timezone.localdate()

    # HR creates the post for the workstream's need.
    login(page, "rh")
    page.goto(f"{live_url}/recruitment/positions/new/?workstream={workstream.pk}")
    form = page.locator("main form.form")
    form.locator('[name="title"]').fill("Chargé de communication interne")
    form.locator('[name="org_unit"]').select_option(str(director.org_unit_id))
    form.locator('[name="nature"]').select_option("creation")
    form.locator('[name="reason"]').fill(
        "Le chantier CCI-02 a besoin d'un chargé de communication."
    )
    form.locator('[name="category"]').select_option("B")
    form.locator('[name="filiere"]').select_option("administrative")
    form.locator('[name="grades"]').fill("Rédacteur")
    form.locator('[name="yearly_cost"]').fill("42000")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state("domcontentloaded")
    position = Position.objects.get(title="Chargé de communication interne")
    assert "Vacant" in page.content()

    # Its fiche de poste, submitted for the sign-offs.
    page.get_by_role("link", name="Rédiger la fiche de poste").click()
    form = page.locator("main form.form")
    form.locator('[name="missions"]').fill("Animer la communication interne.")
    form.locator('[name="skills"]').fill("Rédaction, conduite de projet.")
    form.locator('[name="working_time"]').fill("Temps complet")
    form.locator('[name="place_in_organisation"]').fill("Rattaché au directeur")
    page.get_by_role("button", name="Enregistrer en brouillon").click()
    page.get_by_role("button", name="Soumettre au visa du directeur et de la DG").click()
    page.wait_for_load_state("domcontentloaded")
    profile_url = page.url

    # The recruitment opens; its next step is blocked until the fiche is validated.
    page.goto(f"{live_url}/recruitment/new/?position={position.pk}")
    page.get_by_role("button", name="Ouvrir le recrutement").click()
    page.wait_for_load_state("domcontentloaded")
    recruitment_url = page.url
    assert "La fiche de poste doit être visée" in page.content()
    assert page.get_by_role("link", name="Lever le blocage").count() == 1

    for who, button in (
        ("directeur", "Viser en tant que directeur"),
        ("dg", "Viser pour la Direction générale"),
    ):
        page.context.clear_cookies()
        login(page, who)
        page.goto(profile_url)
        page.get_by_role("button", name=button).click()
        page.wait_for_load_state("domcontentloaded")
    assert JobProfile.objects.get(position=position).state == JobProfile.State.VALIDATED

    # The DG grants the budget on the arbitration page.
    page.goto(f"{live_url}/recruitment/arbitration/")
    page.locator(f"#budget-{position.pk}").select_option("agreed")
    page.get_by_role("button", name="Arbitrer").click()
    page.wait_for_load_state("domcontentloaded")

    page.context.clear_cookies()
    login(page, "rh")
    page.goto(recruitment_url)
    _move(page, Stage.PROFILE_VALIDATED)
    assert "L'arbitrage DG doit être enregistré" in page.content()

    # The DG picks the CODIR decision from the register: the block is cleared.
    page.context.clear_cookies()
    login(page, "dg")
    page.goto(recruitment_url)
    page.get_by_role("link", name="Lever le blocage").click()
    page.locator('[name="decision"]').select_option(str(codir.pk))
    page.get_by_role("button", name="Enregistrer l'arbitrage").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.url == recruitment_url

    page.context.clear_cookies()
    login(page, "rh")
    page.goto(recruitment_url)
    _move(page, Stage.DG_ARBITRATION)
    _move(page, Stage.COUNCIL_DELIBERATION)
    assert "La déclaration de vacance au CDG doit indiquer" in page.content()

    facts = page.locator('form[action$="/facts/"]')
    facts.locator('[name="route"]').select_option("mutation")
    for name, days in (
        ("vacancy_date", -60),
        ("publication_date", -60),
        ("application_deadline", -30),
        ("planned_appointment_date", -5),
        ("act_sent_on", -2),
    ):
        facts.locator(f'[name="{name}"]').fill((today + dt.timedelta(days=days)).isoformat())
    facts.locator('[name="applications_count"]').fill("9")
    facts.locator('[name="interviews_count"]').fill("3")
    facts.locator('[name="interviewers_count"]').fill("2")
    facts.locator('[name="candidates_informed"]').check()
    page.get_by_role("button", name="Enregistrer les informations").click()
    page.wait_for_load_state("domcontentloaded")

    for stage in (
        Stage.CDG_DECLARED,
        Stage.OFFER_PUBLISHED,
        Stage.APPLICATIONS_CLOSED,
        Stage.INTERVIEWS,
        Stage.CANDIDATE_CHOSEN,
        Stage.ACT_SENT,
        Stage.ARRIVED,
        Stage.CLOSED,
    ):
        _move(page, stage)

    recruitment = Recruitment.objects.get(position=position)
    assert recruitment.stage == Stage.CLOSED
    assert recruitment.stage_changes.count() == 11
    assert {c.actor for c in recruitment.stage_changes.all()} == {hr}

    page.goto(f"{live_url}/recruitment/positions/")
    assert page.locator("#total-filled").inner_text() == "1"
    assert page.locator("#total-vacant").inner_text() == "0"
