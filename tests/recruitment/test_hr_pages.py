"""HR's pages: the tableau des emplois, a post, its fiche de poste and its sign-offs, opening
a recruitment, the board, the arbitration; the admin cannot set what services govern."""

import datetime as dt

import pytest
import time_machine

from recruitment.models import JobProfile, Position, Recruitment, StageChange
from tests import factories

Stage = Recruitment.Stage

PROFILE = {
    "missions": "Animer la communication interne.",
    "skills": "Rédaction, conduite de projet.",
    "profile": "Rédacteur territorial.",
    "working_time": "Temps complet",
    "place_in_organisation": "Rattaché au directeur de la communication",
}


def test_hr_creates_a_post_for_a_workstreams_need_and_the_tableau_counts_it(client, hr):
    workstream = factories.WorkstreamFactory()
    unit = factories.OrgUnitFactory()
    factories.PositionFactory(org_unit=unit, is_filled=True, yearly_cost=40000)
    client.force_login(hr)
    page = client.get(f"/recruitment/positions/new/?workstream={workstream.pk}")
    # The workstream page's link fills in the workstream's code.
    assert f'name="workstream" value="{workstream.code}"' in page.content.decode()
    response = client.post(
        "/recruitment/positions/new/",
        {
            "title": "Chargé de communication interne",
            "org_unit": unit.pk,
            "workstream": workstream.code,
            "nature": "creation",
            "reason": "Le chantier a besoin d'un chargé de communication.",
            "category": "B",
            "filiere": "administrative",
            "grades": "Rédacteur",
            "fte": "0.80",
            "yearly_cost": "38000",
        },
    )
    assert response.status_code == 302
    position = Position.objects.get(title="Chargé de communication interne")
    assert position.history.latest().history_user == hr
    content = client.get("/recruitment/positions/").content.decode()
    assert 'id="total-budgeted">2<' in content
    assert 'id="total-filled">1<' in content
    assert 'id="total-vacant">1<' in content
    assert "78000" in content


def test_a_transformation_names_the_post_it_transforms(client, hr):
    client.force_login(hr)
    response = client.post(
        "/recruitment/positions/new/",
        {
            "title": "Chef de projet",
            "org_unit": factories.OrgUnitFactory().pk,
            "nature": "transformation",
            "reason": "Évolution des missions.",
            "category": "A",
            "filiere": "administrative",
            "fte": "1",
            "yearly_cost": "50000",
        },
    )
    assert response.status_code == 400
    assert "Indiquez le poste transformé" in response.content.decode()
    assert not Position.objects.exists()


def test_a_profile_is_validated_by_its_director_and_the_dg_with_who_and_when(
    client, hr, director, other_director, dg
):
    position = factories.PositionFactory(org_unit=director.org_unit)
    recruitment = factories.RecruitmentFactory(position=position)
    client.force_login(hr)
    response = client.post("/recruitment/profiles/new/", {"position": position.pk, **PROFILE})
    assert response.status_code == 302
    profile = JobProfile.objects.get(position=position)
    assert (
        client.post(f"/recruitment/profiles/{profile.pk}/submit/", {"version": 1}).status_code
        == 302
    )
    profile.refresh_from_db()
    assert profile.state == JobProfile.State.IN_REVIEW
    # Another direction's director may not sign it; HR neither.
    client.force_login(other_director)
    url = f"/recruitment/profiles/{profile.pk}/sign-director/"
    assert client.post(url, {"version": profile.version}).status_code == 403
    client.force_login(hr)
    assert client.post(url, {"version": profile.version}).status_code == 403
    with time_machine.travel(dt.datetime(2026, 5, 4, 9, tzinfo=dt.UTC), tick=False):
        client.force_login(director)
        assert client.post(url, {"version": profile.version}).status_code == 302
        profile.refresh_from_db()
        assert profile.state == JobProfile.State.IN_REVIEW
        client.force_login(dg)
        response = client.post(
            f"/recruitment/profiles/{profile.pk}/sign-dg/", {"version": profile.version}
        )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.state == JobProfile.State.VALIDATED
    assert (profile.director_signed_by, profile.director_signed_on) == (
        director,
        dt.date(2026, 5, 4),
    )
    assert (profile.validated_by, profile.validated_on) == (dg, dt.date(2026, 5, 4))
    client.force_login(dg)
    page = client.get(f"/recruitment/profiles/{profile.pk}/").content.decode()
    assert "Visée par" in page and "04/05/2026" in page
    assert profile.history.count() == 4  # created, submitted, two sign-offs: each kept
    # The recruitment blocked on its profile now moves, by HR, without the admin.
    client.force_login(hr)
    response = client.post(
        f"/recruitment/{recruitment.pk}/stage/", {"to_stage": Stage.PROFILE_VALIDATED}
    )
    assert response.status_code == 302
    recruitment.refresh_from_db()
    assert recruitment.stage == Stage.PROFILE_VALIDATED


def test_a_concurrent_profile_save_answers_409_and_keeps_what_was_typed(client, hr, dg):
    profile = factories.JobProfileFactory(**PROFILE)
    client.force_login(hr)
    first = {**PROFILE, "missions": "Version de Nadia.", "version": 1}
    second = {**PROFILE, "missions": "Version de Claire, tapée en même temps.", "version": 1}
    assert client.post(f"/recruitment/profiles/{profile.pk}/edit/", first).status_code == 302
    client.force_login(dg)
    response = client.post(f"/recruitment/profiles/{profile.pk}/edit/", second)
    assert response.status_code == 409
    assert "Version de Claire, tapée en même temps." in response.content.decode()
    profile.refresh_from_db()
    assert profile.missions == "Version de Nadia."


def test_editing_a_validated_profile_withdraws_its_sign_offs(client, hr, dg):
    profile = factories.JobProfileFactory(
        **PROFILE,
        state=JobProfile.State.VALIDATED,
        validated_by=dg,
        validated_on=dt.date(2026, 1, 5),
        dg_signed_by=dg,
        dg_signed_on=dt.date(2026, 1, 5),
    )
    client.force_login(hr)
    data = {**PROFILE, "missions": "Missions revues.", "version": 1}
    assert client.post(f"/recruitment/profiles/{profile.pk}/edit/", data).status_code == 302
    profile.refresh_from_db()
    assert profile.state == JobProfile.State.DRAFT
    assert profile.dg_signed_by is None and profile.validated_by is None


def test_hr_opens_a_recruitment_on_a_post(client, hr):
    position = factories.PositionFactory()
    client.force_login(hr)
    response = client.post(
        "/recruitment/new/", {"position": position.pk, "hr_owner": hr.pk, "route": ""}
    )
    assert response.status_code == 302
    recruitment = Recruitment.objects.get(position=position)
    assert recruitment.stage == Stage.NEED_IDENTIFIED
    # A second one on the same post is refused in French.
    response = client.post(
        "/recruitment/new/", {"position": position.pk, "hr_owner": hr.pk, "route": ""}
    )
    assert response.status_code == 400
    assert Recruitment.objects.filter(position=position).count() == 1


def test_the_stage_form_offers_only_allowed_stages_and_says_why_the_others_are_refused(client, hr):
    recruitment = factories.RecruitmentFactory(stage=Stage.NEED_IDENTIFIED)
    client.force_login(hr)
    response = client.get(f"/recruitment/{recruitment.pk}/")
    content = response.content.decode()
    choices = [value for value, _label in response.context["stage_form"].fields["to_stage"].choices]
    assert choices == [Stage.UNSUCCESSFUL, Stage.ABANDONED]
    assert "Étapes que les règles refusent pour l" in content
    assert "ne peut être sautée" in content
    assert f"/recruitment/profiles/new/?position={recruitment.position.pk}" in content
    # Posting a refused stage anyway changes nothing.
    response = client.post(
        f"/recruitment/{recruitment.pk}/stage/", {"to_stage": Stage.PROFILE_VALIDATED}
    )
    assert response.status_code == 400
    assert not StageChange.objects.exists()


def test_the_board_has_a_column_per_stage_marks_the_late_and_filters(client, hr):
    workstream = factories.WorkstreamFactory()
    with time_machine.travel(dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC), tick=False):
        late = factories.RecruitmentFactory(
            stage=Stage.OFFER_PUBLISHED, position__workstream=workstream
        )
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC), tick=False):
        fresh = factories.RecruitmentFactory(stage=Stage.OFFER_PUBLISHED)
        client.force_login(hr)
        response = client.get("/recruitment/board/")
        content = response.content.decode()
        columns = {c["stage"]: c for c in response.context["columns"]}
        assert len(columns) == 12
        assert [r.pk for r in columns[Stage.OFFER_PUBLISHED]["cards"]] == [late.pk, fresh.pk]
        assert columns[Stage.OFFER_PUBLISHED]["late"] == 1
        assert "En retard" in content
        filtered = client.get(f"/recruitment/board/?workstream={workstream.pk}")
    cards = {c["stage"]: c for c in filtered.context["columns"]}[Stage.OFFER_PUBLISHED]["cards"]
    assert [r.pk for r in cards] == [late.pk]


def test_the_arbitration_groups_the_programmes_posts_and_exports_them(client, dg, hr):
    workstream = factories.WorkstreamFactory(code="CCI-02")
    created = factories.PositionFactory(
        workstream=workstream, nature="creation", fte="0.5", yearly_cost=20000
    )
    factories.PositionFactory(workstream=workstream, nature="replacement", title="Remplacé")
    client.force_login(dg)
    content = client.get("/recruitment/arbitration/").content.decode()
    assert created.title in content and "Remplacé" not in content
    assert "CCI-02" in content
    response = client.post(
        f"/recruitment/positions/{created.pk}/budget/", {"budget_state": "agreed"}
    )
    assert response.status_code == 302
    created.refresh_from_db()
    assert created.budget_state == Position.BudgetState.AGREED
    # Decided, the post leaves the posts waiting (the page's default) for the agreed ones
    # (the message after the decision names it: its decision form is what is looked for).
    waiting = client.get("/recruitment/arbitration/").content.decode()
    assert f'id="budget-{created.pk}"' not in waiting
    agreed = client.get("/recruitment/arbitration/?budget_state=agreed").content.decode()
    assert f'id="budget-{created.pk}"' in agreed
    export = client.get("/recruitment/arbitration/export/?format=csv&budget_state=agreed")
    assert export.status_code == 200
    assert created.title in export.content.decode("utf-8-sig")
    client.force_login(hr)
    response = client.post(
        f"/recruitment/positions/{created.pk}/budget/", {"budget_state": "refused"}
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    "field", ["stage", "arbitration_ref", "cst_opinion_on", "no_civil_servant_found"]
)
def test_the_admin_cannot_change_a_stage_or_a_governed_fact(client, admin_user, field):
    recruitment = factories.RecruitmentFactory(stage=Stage.NEED_IDENTIFIED)
    client.force_login(admin_user)
    url = f"/admin/recruitment/recruitment/{recruitment.pk}/change/"
    form = client.get(url).context["adminform"].form
    assert field not in form.fields
    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields
    }
    data |= {
        "hr_owner": recruitment.hr_owner.pk,
        "stage": Stage.ARRIVED,
        "arbitration_ref": "tapé dans l'admin",
        "cst_opinion_on": "2026-01-01",
        "no_civil_servant_found": "on",
        "stage_changes-TOTAL_FORMS": 0,
        "stage_changes-INITIAL_FORMS": 0,
    }
    data = {k: v for k, v in data.items() if v is not False}
    assert client.post(url, data).status_code == 302
    recruitment.refresh_from_db()
    assert recruitment.stage == Stage.NEED_IDENTIFIED
    assert recruitment.arbitration_ref == ""
    assert recruitment.cst_opinion_on is None
    assert not recruitment.no_civil_servant_found
    assert not StageChange.objects.exists()


def test_a_concurrent_post_save_answers_409_and_keeps_what_was_typed(client, hr, dg):
    position = factories.PositionFactory(reason="Besoin du chantier.")
    base = {
        "org_unit": position.org_unit_id,
        "nature": "creation",
        "reason": "Besoin du chantier.",
        "category": "A",
        "filiere": "administrative",
        "grades": "Attaché",
        "fte": "1",
        "yearly_cost": "50000",
        "version": 1,
    }
    client.force_login(hr)
    url = f"/recruitment/positions/{position.pk}/edit/"
    assert client.post(url, {**base, "title": "Intitulé de Nadia"}).status_code == 302
    client.force_login(dg)
    response = client.post(url, {**base, "title": "Intitulé de Claire"})
    assert response.status_code == 409
    assert "Intitulé de Claire" in response.content.decode()
    position.refresh_from_db()
    assert position.title == "Intitulé de Nadia"


def test_a_post_of_a_closed_programmes_workstream_is_read_only(hr):
    from priorities.models import Programme
    from priorities.services import ProgrammeClosedError
    from recruitment.services import position_update

    position = factories.PositionFactory(workstream=factories.WorkstreamFactory())
    Programme.objects.filter(pk=position.workstream.programme_id).update(state="closed")
    with pytest.raises(ProgrammeClosedError):
        position_update(position=position, data={"title": "Changé"}, actor=hr, version=1)
    position.refresh_from_db()
    assert position.title != "Changé"
