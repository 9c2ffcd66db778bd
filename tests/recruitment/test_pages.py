"""HR follows a recruitment in the browser: its page, its stage changes, its facts."""

import datetime as dt

from recruitment.models import Recruitment
from tests import factories

Stage = Recruitment.Stage


def test_the_page_warns_of_what_blocks_the_next_step_before_anyone_tries(client, hr):
    recruitment = factories.RecruitmentFactory(stage=Stage.PROFILE_VALIDATED)
    client.force_login(hr)
    content = client.get(f"/recruitment/{recruitment.pk}/").content.decode()
    assert "Bloquant :" in content
    assert "accord budgétaire sur le poste n&#x27;est pas acquis" in content


def test_a_blocked_stage_change_shows_the_reason_in_french_and_changes_nothing(client, hr):
    recruitment = factories.RecruitmentFactory(stage=Stage.PROFILE_VALIDATED)
    client.force_login(hr)
    response = client.post(
        f"/recruitment/{recruitment.pk}/stage/", {"to_stage": Stage.DG_ARBITRATION, "reason": ""}
    )
    assert response.status_code == 400
    assert "arbitrage DG doit être enregistré" in response.content.decode()
    recruitment.refresh_from_db()
    assert recruitment.stage == Stage.PROFILE_VALIDATED
    assert recruitment.history.count() == 1


def test_the_dg_picks_the_arbitration_from_the_register_then_hr_moves_the_stage(client, hr, dg):
    # The arbitration is no longer typed in the facts form (issue 13): the DG picks the
    # CODIR decision that grants it from the decision register.
    recruitment = factories.RecruitmentFactory(
        stage=Stage.PROFILE_VALIDATED, position__budget_state="agreed"
    )
    decision = factories.DecisionFactory(
        meeting__body__name="CODIR", date=dt.date(2021, 9, 14), text="Recrutement accordé."
    )
    client.force_login(hr)
    page = client.get(f"/recruitment/{recruitment.pk}/").content.decode()
    link = f"/governance/recruitments/{recruitment.pk}/arbitration/"
    assert link in page
    assert 'name="arbitration_ref"' not in page
    client.force_login(dg)
    response = client.post(link, {"decision": decision.pk})
    assert response.status_code == 302
    client.force_login(hr)
    response = client.post(
        f"/recruitment/{recruitment.pk}/stage/", {"to_stage": Stage.DG_ARBITRATION}
    )
    assert response.status_code == 302
    recruitment.refresh_from_db()
    decision.refresh_from_db()
    assert recruitment.stage == Stage.DG_ARBITRATION
    assert recruitment.arbitration_on == dt.date(2021, 9, 14)
    assert "CODIR" in recruitment.arbitration_ref
    assert decision.recruitment == recruitment


def test_bad_facts_get_a_french_error_and_change_nothing(client, hr):
    recruitment = factories.RecruitmentFactory()
    client.force_login(hr)
    response = client.post(
        f"/recruitment/{recruitment.pk}/facts/",
        {
            "publication_date": "2021-10-10",
            "application_deadline": "2021-10-01",
            "version": recruitment.version,
            "applications_count": -3,
            "interviews_count": 0,
            "interviewers_count": 0,
        },
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "supérieure ou égale à 0" in content
    recruitment.refresh_from_db()
    assert recruitment.publication_date is None


def test_a_director_reads_recruitments_but_cannot_move_them(client, director):
    recruitment = factories.RecruitmentFactory()
    client.force_login(director)
    content = client.get(f"/recruitment/{recruitment.pk}/").content.decode()
    assert "Faire avancer la procédure" not in content
    response = client.post(
        f"/recruitment/{recruitment.pk}/stage/", {"to_stage": Stage.ABANDONED, "reason": "test"}
    )
    assert response.status_code == 403
    recruitment.refresh_from_db()
    assert recruitment.stage == Stage.NEED_IDENTIFIED


def test_an_elected_official_cannot_open_a_recruitment(client, elected):
    recruitment = factories.RecruitmentFactory()
    client.force_login(elected)
    assert client.get(f"/recruitment/{recruitment.pk}/").status_code == 403


def test_the_funnel_links_filter_the_list_by_stage(client, hr):
    factories.RecruitmentFactory(position__title="Poste à l'arbitrage", stage=Stage.DG_ARBITRATION)
    factories.RecruitmentFactory(position__title="Poste publié", stage=Stage.OFFER_PUBLISHED)
    client.force_login(hr)
    content = client.get("/recruitment/?stage=dg_arbitration").content.decode()
    assert "Poste à l&#x27;arbitrage" in content
    assert "Poste publié" not in content
