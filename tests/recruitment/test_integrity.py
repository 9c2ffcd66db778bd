"""One open recruitment per position, and facts saved by two people at once."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from recruitment.models import Recruitment
from recruitment.services import recruitment_update_facts
from tests import factories

Stage = Recruitment.Stage


@pytest.mark.django_db
def test_the_database_refuses_a_second_open_recruitment_for_the_same_position():
    first = factories.RecruitmentFactory(stage=Stage.OFFER_PUBLISHED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Recruitment.objects.create(position=first.position)
    assert Recruitment.objects.filter(position=first.position).count() == 1


@pytest.mark.django_db
def test_a_position_whose_recruitments_are_over_can_be_recruited_again():
    position = factories.PositionFactory()
    for stage in Recruitment.FINAL_STAGES:
        factories.RecruitmentFactory(position=position, stage=stage)
    Recruitment.objects.create(position=position)
    assert Recruitment.objects.in_progress().filter(position=position).count() == 1


@pytest.mark.django_db
def test_validation_explains_in_french_that_the_position_is_already_being_recruited():
    first = factories.RecruitmentFactory()
    second = Recruitment(position=first.position)
    with pytest.raises(ValidationError) as refused:
        second.full_clean()
    assert "Ce poste a déjà un recrutement en cours" in str(refused.value)


def _facts(recruitment, **values):
    return {
        "version": recruitment.version,
        "applications_count": 0,
        "interviews_count": 0,
        "interviewers_count": 0,
        **values,
    }


def test_the_second_of_two_concurrent_facts_saves_answers_409_and_keeps_what_was_typed(
    client, hr, dg
):
    recruitment = factories.RecruitmentFactory(stage=Stage.OFFER_PUBLISHED)
    # Nadia and Claire both open the page: their forms carry the same version.
    nadia = _facts(recruitment, cdg_declaration_ref="CDG-2021-0412")
    claire = _facts(recruitment, cdg_declaration_ref="CDG-2021-9999-CLAIRE")
    client.force_login(hr)
    assert client.post(f"/recruitment/{recruitment.pk}/facts/", nadia).status_code == 302
    client.force_login(dg)
    response = client.post(f"/recruitment/{recruitment.pk}/facts/", claire)
    assert response.status_code == 409
    content = response.content.decode()
    assert "Quelqu&#x27;un d&#x27;autre a modifié cet élément" in content
    assert 'value="CDG-2021-9999-CLAIRE"' in content
    recruitment.refresh_from_db()
    assert recruitment.cdg_declaration_ref == "CDG-2021-0412"
    assert recruitment.version == 2
    assert recruitment.history.count() == 2


def test_a_stage_change_moves_the_version_so_a_facts_form_loaded_before_is_refused(client, hr):
    recruitment = factories.RecruitmentFactory(stage=Stage.NEED_IDENTIFIED)
    loaded = _facts(recruitment, cdg_declaration_ref="CDG-2021-0412")
    client.force_login(hr)
    response = client.post(
        f"/recruitment/{recruitment.pk}/stage/",
        {"to_stage": Stage.ABANDONED, "reason": "Le poste n'est plus financé."},
    )
    assert response.status_code == 302
    assert client.post(f"/recruitment/{recruitment.pk}/facts/", loaded).status_code == 409
    recruitment.refresh_from_db()
    assert recruitment.cdg_declaration_ref == ""


def test_governance_writes_a_fact_without_a_version_and_still_moves_it(dg):
    recruitment = factories.RecruitmentFactory()
    saved = recruitment_update_facts(
        recruitment=recruitment, actor=dg, data={"arbitration_ref": "CODIR du 14/09/2021"}
    )
    assert saved.version == 2
    recruitment.refresh_from_db()
    assert recruitment.arbitration_ref == "CODIR du 14/09/2021"


def test_an_admin_correction_moves_the_version_too(client, admin_user):
    recruitment = factories.RecruitmentFactory(stage=Stage.NEED_IDENTIFIED)
    client.force_login(admin_user)
    url = f"/admin/recruitment/recruitment/{recruitment.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields
    }
    data |= {
        "position": recruitment.position.pk,
        "hr_owner": recruitment.hr_owner.pk,
        "stage_changed_at_0": "2021-10-04",
        "stage_changed_at_1": "09:00:00",
        "cdg_declaration_ref": "CDG-CORRIGE",
        "stage_changes-TOTAL_FORMS": 0,
        "stage_changes-INITIAL_FORMS": 0,
    }
    data = {k: v for k, v in data.items() if v is not False}
    assert client.post(url, data).status_code == 302
    recruitment.refresh_from_db()
    assert recruitment.cdg_declaration_ref == "CDG-CORRIGE"
    assert recruitment.version == 2
