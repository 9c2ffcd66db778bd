"""The recruitment checks of DOMAIN.md: blocks refuse, warnings need a reason."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from organisation.models import OrgUnit
from recruitment.models import JobProfile, Position, Recruitment, StageChange
from recruitment.services import WarningsNeedReason, recruitment_change_stage
from tests import factories

Stage = Recruitment.Stage


@pytest.fixture
def refs(db):
    for key, article in [
        ("cgfp-l542-2", "L.542-2"),
        ("cgfp-l313-1", "L.313-1"),
        ("cgfp-l313-4", "L.313-4"),
        ("cgfp-l332-14", "L.332-14"),
        ("cgct-l2131-2", "L.2131-2"),
        ("decret-2018-1351-art4", "art. 4"),
        ("cgfp-r332-15", "R.332-15"),
        ("cgfp-l512-24", "L.512-24"),
    ]:
        factories.LegalReferenceFactory(
            key=key, article=article, code="CGCT" if key.startswith("cgct") else "CGFP"
        )


def _at(stage, **kwargs):
    return factories.RecruitmentFactory(stage=stage, **kwargs)


def test_a_job_profile_without_missions_and_skills_blocks_its_validation(hr):
    recruitment = _at(Stage.NEED_IDENTIFIED)
    factories.JobProfileFactory(position=recruitment.position, missions="", skills="")
    with pytest.raises(ValidationError) as excinfo:
        recruitment_change_stage(
            recruitment=recruitment, to_stage=Stage.PROFILE_VALIDATED, actor=hr
        )
    message = " ".join(excinfo.value.messages)
    assert "les missions" in message and "les compétences" in message
    recruitment.refresh_from_db()
    assert recruitment.stage == Stage.NEED_IDENTIFIED
    assert not StageChange.objects.exists()


def test_a_complete_validated_profile_moves_the_recruitment_and_records_who_when(hr, dg):
    recruitment = _at(Stage.NEED_IDENTIFIED)
    factories.JobProfileFactory(
        position=recruitment.position,
        missions="Coordonner",
        skills="Conduite de projet",
        working_time="Temps complet",
        place_in_organisation="Rattaché au directeur",
        state=JobProfile.State.VALIDATED,
        validated_by=dg,
        validated_on=dt.date(2021, 10, 4),
    )
    recruitment_change_stage(recruitment=recruitment, to_stage=Stage.PROFILE_VALIDATED, actor=hr)
    recruitment.refresh_from_db()
    assert recruitment.stage == Stage.PROFILE_VALIDATED
    change = StageChange.objects.get()
    assert (change.from_stage, change.to_stage, change.actor) == (
        Stage.NEED_IDENTIFIED,
        Stage.PROFILE_VALIDATED,
        hr,
    )
    assert recruitment.history.latest().history_user == hr


def test_dg_arbitration_is_blocked_without_a_recorded_decision_and_budget(hr):
    recruitment = _at(Stage.PROFILE_VALIDATED)
    with pytest.raises(ValidationError) as excinfo:
        recruitment_change_stage(recruitment=recruitment, to_stage=Stage.DG_ARBITRATION, actor=hr)
    assert len(excinfo.value.messages) == 2
    assert "arbitrage DG doit être enregistré" in excinfo.value.messages[0]
    assert "accord budgétaire" in excinfo.value.messages[1]


def test_a_post_deletion_needs_the_cst_opinion_citing_the_reference_kept_as_data(hr, refs):
    recruitment = _at(Stage.DG_ARBITRATION, position__nature=Position.Nature.DELETION)
    with pytest.raises(ValidationError) as excinfo:
        recruitment_change_stage(recruitment=recruitment, to_stage=Stage.CST_OPINION, actor=hr)
    assert "avis préalable du Comité social territorial (CGFP L.542-2)" in str(excinfo.value)


def test_a_new_unit_without_cst_opinion_is_a_warning_that_passes_with_a_reason(hr):
    unit = factories.OrgUnitFactory(state=OrgUnit.State.PLANNED)
    recruitment = _at(Stage.DG_ARBITRATION, position__org_unit=unit)
    with pytest.raises(WarningsNeedReason):
        recruitment_change_stage(recruitment=recruitment, to_stage=Stage.CST_OPINION, actor=hr)
    recruitment.refresh_from_db()
    assert recruitment.stage == Stage.DG_ARBITRATION
    recruitment_change_stage(
        recruitment=recruitment,
        to_stage=Stage.CST_OPINION,
        actor=hr,
        reason="Passage au CST du 30 novembre déjà inscrit",
    )
    recruitment.refresh_from_db()
    assert recruitment.stage == Stage.CST_OPINION
    assert StageChange.objects.get().reason == "Passage au CST du 30 novembre déjà inscrit"


def test_the_cst_stage_cannot_be_skipped_in_a_reorganisation_but_can_otherwise(hr):
    unit = factories.OrgUnitFactory(state=OrgUnit.State.PLANNED)
    reorganisation = _at(
        Stage.DG_ARBITRATION, position__org_unit=unit, position__vacant_post_exists=True
    )
    with pytest.raises(ValidationError, match="ne peut être sautée"):
        recruitment_change_stage(
            recruitment=reorganisation, to_stage=Stage.COUNCIL_DELIBERATION, actor=hr
        )
    plain = _at(Stage.DG_ARBITRATION, position__grades="Attaché")
    recruitment_change_stage(recruitment=plain, to_stage=Stage.COUNCIL_DELIBERATION, actor=hr)
    plain.refresh_from_db()
    assert plain.stage == Stage.COUNCIL_DELIBERATION


def test_a_deliberation_for_a_contract_post_needs_legal_basis_and_pay_level(hr, refs):
    recruitment = _at(
        Stage.CST_OPINION, position__contract_allowed=True, position__grades="Attaché"
    )
    with pytest.raises(ValidationError) as excinfo:
        recruitment_change_stage(
            recruitment=recruitment, to_stage=Stage.COUNCIL_DELIBERATION, actor=hr
        )
    assert "fondement juridique et le niveau de rémunération" in str(excinfo.value)
    assert "L.313-1" in str(excinfo.value)


def test_an_appointment_less_than_a_month_after_publication_is_blocked(hr, refs):
    recruitment = _at(
        Stage.INTERVIEWS,
        publication_date=dt.date(2021, 10, 1),
        planned_appointment_date=dt.date(2021, 10, 20),
        route=Recruitment.Route.MUTATION,
    )
    with pytest.raises(ValidationError, match="moins d'un mois après la publication"):
        recruitment_change_stage(recruitment=recruitment, to_stage=Stage.CANDIDATE_CHOSEN, actor=hr)


def test_a_contract_appointment_within_a_month_passes_only_for_a_stated_urgency(hr):
    recruitment = _at(
        Stage.INTERVIEWS,
        publication_date=dt.date(2021, 10, 1),
        planned_appointment_date=dt.date(2021, 10, 20),
        route=Recruitment.Route.CONTRACT,
        urgency_reason="Service de police municipale sans encadrant",
    )
    recruitment_change_stage(
        recruitment=recruitment,
        to_stage=Stage.CANDIDATE_CHOSEN,
        actor=hr,
        reason="Urgence validée par la DG",
    )
    recruitment.refresh_from_db()
    assert recruitment.stage == Stage.CANDIDATE_CHOSEN


def test_arrival_before_the_act_is_sent_to_the_prefect_is_blocked(hr, refs):
    recruitment = _at(Stage.ACT_SENT)
    with pytest.raises(ValidationError, match=r"transmis au préfet \(CGCT L.2131-2\)"):
        recruitment_change_stage(recruitment=recruitment, to_stage=Stage.ARRIVED, actor=hr)


def test_a_recruitment_never_goes_back_and_a_finished_one_stays_finished(hr):
    recruitment = _at(Stage.OFFER_PUBLISHED)
    with pytest.raises(ValidationError, match="ne revient pas"):
        recruitment_change_stage(recruitment=recruitment, to_stage=Stage.DG_ARBITRATION, actor=hr)
    recruitment_change_stage(
        recruitment=recruitment,
        to_stage=Stage.UNSUCCESSFUL,
        actor=hr,
        reason="Aucune candidature de fonctionnaire",
    )
    recruitment.refresh_from_db()
    # An unsuccessful procedure is the "no civil servant found" finding.
    assert recruitment.no_civil_servant_found is True
    with pytest.raises(ValidationError, match="terminé"):
        recruitment_change_stage(recruitment=recruitment, to_stage=Stage.INTERVIEWS, actor=hr)


def test_abandoning_needs_a_reason(hr):
    recruitment = _at(Stage.NEED_IDENTIFIED)
    with pytest.raises(WarningsNeedReason, match="motif"):
        recruitment_change_stage(recruitment=recruitment, to_stage=Stage.ABANDONED, actor=hr)
