"""Each block and warning of DOMAIN.md's recruitment table at its boundary: the day before,
the day of and the day after, with the date frozen, and the legal reference it cites."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from organisation.models import OrgUnit
from recruitment.models import InterviewPanelRule, Position, Recruitment, StageChange
from recruitment.rules import add_months, check_transition
from recruitment.services import position_suppress, recruitment_change_stage
from tests import factories

Stage = Recruitment.Stage
BEFORE, ON, AFTER = -1, 0, 1


@pytest.fixture(autouse=True)
def refs(db):
    for key, code, article in [
        ("cgfp-l542-2", "CGFP", "L.542-2"),
        ("cgct-l2131-2", "CGCT", "L.2131-2"),
        ("decret-2018-1351-art4", "Décret 2018-1351", "art. 4"),
        ("cgfp-r332-15", "CGFP", "R.332-15"),
        ("cgfp-l512-24", "CGFP", "L.512-24"),
    ]:
        factories.LegalReferenceFactory(key=key, code=code, article=article)


def frozen(day: dt.date):
    """Noon in Paris on `day`: the local date is `day` whatever the server's zone."""
    return time_machine.travel(dt.datetime.combine(day, dt.time(10, 0), tzinfo=dt.UTC), tick=False)


def _levels(recruitment, stage) -> list[str]:
    return [f.level for f in check_transition(recruitment, stage)]


def _messages(recruitment, stage) -> str:
    return " ".join(f.message for f in check_transition(recruitment, stage))


# --- Calendar months --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (dt.date(2026, 1, 15), 1, dt.date(2026, 2, 15)),
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29)),
        (dt.date(2025, 11, 30), 3, dt.date(2026, 2, 28)),
        (dt.date(2026, 12, 10), 1, dt.date(2027, 1, 10)),
        (dt.date(2026, 3, 31), 3, dt.date(2026, 6, 30)),
    ],
)
def test_a_month_is_a_calendar_month_not_thirty_days(start, months, expected):
    assert add_months(start, months) == expected


# --- Offer published → appointment: one calendar month (ex-décret 2018-1351 art. 4) ------

PUBLISHED = dt.date(2026, 1, 31)  # one month later is 28 February, not 2 March


@pytest.mark.parametrize(("offset", "blocked"), [(BEFORE, True), (ON, False), (AFTER, False)])
def test_an_appointment_waits_one_calendar_month_after_the_publication(db, offset, blocked):
    recruitment = factories.RecruitmentFactory(
        stage=Stage.INTERVIEWS, route=Recruitment.Route.MUTATION, publication_date=PUBLISHED
    )
    with frozen(dt.date(2026, 2, 28) + dt.timedelta(days=offset)):
        levels = _levels(recruitment, Stage.CANDIDATE_CHOSEN)
        message = _messages(recruitment, Stage.CANDIDATE_CHOSEN)
    assert ("block" in levels) is blocked
    if blocked:
        assert "(Décret 2018-1351 art. 4)" in message
        assert "28/02/2026" in message


def test_a_planned_appointment_date_is_checked_rather_than_today(db):
    recruitment = factories.RecruitmentFactory(
        stage=Stage.INTERVIEWS,
        route=Recruitment.Route.MUTATION,
        publication_date=PUBLISHED,
        planned_appointment_date=dt.date(2026, 2, 27),
    )
    with frozen(dt.date(2026, 6, 1)):
        assert "block" in _levels(recruitment, Stage.CANDIDATE_CHOSEN)


def test_urgency_turns_the_early_contract_appointment_into_a_warning(db):
    recruitment = factories.RecruitmentFactory(
        stage=Stage.INTERVIEWS,
        route=Recruitment.Route.CONTRACT,
        publication_date=PUBLISHED,
        urgency_reason="Service de police sans encadrant.",
        interviewers_count=2,
    )
    with frozen(dt.date(2026, 2, 27)):
        assert _levels(recruitment, Stage.CANDIDATE_CHOSEN) == ["warning"]


# --- Act sent to the préfet → arrival (CGCT L.2131-2) ------------------------------------

SENT = dt.date(2026, 3, 10)


@pytest.mark.parametrize(("offset", "blocked"), [(BEFORE, True), (ON, False), (AFTER, False)])
def test_an_agent_arrives_only_once_the_act_is_sent(db, offset, blocked):
    recruitment = factories.RecruitmentFactory(stage=Stage.ACT_SENT, act_sent_on=SENT)
    with frozen(SENT + dt.timedelta(days=offset)):
        levels = _levels(recruitment, Stage.ARRIVED)
        message = _messages(recruitment, Stage.ARRIVED)
    assert ("block" in levels) is blocked
    if blocked:
        assert "(CGCT L.2131-2)" in message


def test_no_act_sent_blocks_the_arrival(db):
    recruitment = factories.RecruitmentFactory(stage=Stage.ACT_SENT)
    assert "block" in _levels(recruitment, Stage.ARRIVED)


# --- Mutation: three calendar months after notification (CGFP L.512-24) ------------------

NOTIFIED = dt.date(2025, 11, 30)  # three months later is 28 February


@pytest.mark.parametrize(("offset", "warned"), [(BEFORE, True), (ON, False), (AFTER, False)])
def test_a_mutation_arriving_within_three_months_is_warned(db, offset, warned):
    arrival = dt.date(2026, 2, 28) + dt.timedelta(days=offset)
    recruitment = factories.RecruitmentFactory(
        stage=Stage.ACT_SENT,
        route=Recruitment.Route.MUTATION,
        notification_date=NOTIFIED,
        act_sent_on=dt.date(2026, 1, 5),
    )
    with frozen(arrival):
        levels = _levels(recruitment, Stage.ARRIVED)
        message = _messages(recruitment, Stage.ARRIVED)
    assert levels == (["warning"] if warned else [])
    if warned:
        assert "(CGFP L.512-24)" in message


def test_an_agreement_between_the_two_authorities_lifts_the_mutation_warning(db):
    recruitment = factories.RecruitmentFactory(
        stage=Stage.ACT_SENT,
        route=Recruitment.Route.MUTATION,
        notification_date=NOTIFIED,
        act_sent_on=dt.date(2026, 1, 5),
        mutation_agreement=True,
    )
    with frozen(dt.date(2026, 1, 6)):
        assert _levels(recruitment, Stage.ARRIVED) == []


# --- DG arbitration: a decision already taken -------------------------------------------

DECIDED = dt.date(2026, 4, 14)


@pytest.mark.parametrize(("offset", "blocked"), [(BEFORE, True), (ON, False), (AFTER, False)])
def test_the_dg_arbitration_counts_from_the_day_of_its_decision(db, offset, blocked):
    recruitment = factories.RecruitmentFactory(
        stage=Stage.PROFILE_VALIDATED,
        position__budget_state=Position.BudgetState.AGREED,
        arbitration_ref="CODIR du 14/04/2026",
        arbitration_on=DECIDED,
    )
    with frozen(DECIDED + dt.timedelta(days=offset)):
        assert ("block" in _levels(recruitment, Stage.DG_ARBITRATION)) is blocked


# --- CST opinion before a deliberation and before a post deletion (CGFP L.542-2) ---------

OPINION = dt.date(2026, 5, 12)


def _reorganisation_recruitment(stage=Stage.CST_OPINION) -> Recruitment:
    workstream = factories.WorkstreamFactory(changes_organisation=True)
    return factories.RecruitmentFactory(
        stage=stage, position__workstream=workstream, position__grades="Attaché"
    )


@pytest.mark.parametrize(("offset", "blocked"), [(BEFORE, True), (ON, False), (AFTER, False)])
def test_a_deliberation_is_blocked_until_the_cst_has_given_its_opinion(db, offset, blocked):
    recruitment = _reorganisation_recruitment()
    workstream = recruitment.position.workstream
    workstream.cst_opinion_on = OPINION
    workstream.save(update_fields=["cst_opinion_on"])
    with frozen(OPINION + dt.timedelta(days=offset)):
        levels = _levels(recruitment, Stage.COUNCIL_DELIBERATION)
        message = _messages(recruitment, Stage.COUNCIL_DELIBERATION)
    assert ("block" in levels) is blocked
    if blocked:
        assert "avant l'avis du Comité social territorial (CGFP L.542-2)" in message


@pytest.mark.parametrize("where", ["recruitment", "position", "workstream", "org_unit"])
def test_the_cst_opinion_is_read_wherever_it_is_recorded(db, where):
    recruitment = _reorganisation_recruitment()
    position = recruitment.position
    target = {
        "recruitment": recruitment,
        "position": position,
        "workstream": position.workstream,
        "org_unit": position.org_unit,
    }[where]
    with frozen(OPINION):
        assert "block" in _levels(recruitment, Stage.COUNCIL_DELIBERATION)
        target.cst_opinion_on = OPINION
        target.save(update_fields=["cst_opinion_on"])
        recruitment = Recruitment.objects.select_related(
            "position__workstream", "position__org_unit"
        ).get(pk=recruitment.pk)
        assert _levels(recruitment, Stage.COUNCIL_DELIBERATION) == []


def test_a_new_unit_not_yet_before_the_cst_is_a_warning_at_the_cst_stage(db):
    unit = factories.OrgUnitFactory(state=OrgUnit.State.PLANNED)
    recruitment = factories.RecruitmentFactory(stage=Stage.DG_ARBITRATION, position__org_unit=unit)
    assert _levels(recruitment, Stage.CST_OPINION) == ["warning"]


@pytest.mark.parametrize(("offset", "blocked"), [(BEFORE, True), (ON, False), (AFTER, False)])
def test_a_post_is_deleted_only_after_the_cst_opinion(db, hr, offset, blocked):
    position = factories.PositionFactory(nature=Position.Nature.DELETION, cst_opinion_on=OPINION)
    with frozen(OPINION + dt.timedelta(days=offset)):
        if blocked:
            with pytest.raises(ValidationError) as excinfo:
                position_suppress(position=position, actor=hr)
            assert "(CGFP L.542-2)" in " ".join(excinfo.value.messages)
        else:
            position_suppress(position=position, actor=hr)
    position.refresh_from_db()
    assert (position.suppressed_on is None) is blocked


def test_a_post_deletion_recruitment_is_blocked_at_the_cst_stage_without_opinion(db, hr):
    recruitment = factories.RecruitmentFactory(
        stage=Stage.DG_ARBITRATION, position__nature=Position.Nature.DELETION
    )
    with pytest.raises(ValidationError) as excinfo:
        recruitment_change_stage(recruitment=recruitment, to_stage=Stage.CST_OPINION, actor=hr)
    assert "(CGFP L.542-2)" in " ".join(excinfo.value.messages)
    assert not StageChange.objects.exists()


# --- Two interviewers above a population threshold (CGFP R.332-15), set as data ----------


@pytest.mark.parametrize(
    ("population", "warned"), [(39_999, False), (40_000, False), (40_001, True)]
)
def test_the_panel_warning_starts_above_the_population_the_administrator_set(
    db, population, warned
):
    InterviewPanelRule.objects.all().delete()
    InterviewPanelRule.objects.create(
        commune_population=population, population_threshold=40_000, min_interviewers=2
    )
    recruitment = factories.RecruitmentFactory(
        stage=Stage.INTERVIEWS, route=Recruitment.Route.CONTRACT, interviewers_count=1
    )
    message = _messages(recruitment, Stage.CANDIDATE_CHOSEN)
    assert ("(CGFP R.332-15)" in message) is warned


def test_the_panel_size_is_the_administrators_setting_too(db):
    InterviewPanelRule.objects.all().delete()
    InterviewPanelRule.objects.create(
        commune_population=10_000, population_threshold=40_000, min_interviewers=3
    )
    senior = factories.RecruitmentFactory(
        stage=Stage.INTERVIEWS, position__is_senior=True, interviewers_count=2
    )
    assert "Moins de 3 personnes" in _messages(senior, Stage.CANDIDATE_CHOSEN)
    senior.interviewers_count = 3
    assert "R.332-15" not in _messages(senior, Stage.CANDIDATE_CHOSEN)


# --- Unsuccessful: the finding, and a republication linked to the first procedure -------


def test_an_unsuccessful_procedure_records_the_finding_and_opens_its_republication(db, hr):
    first = factories.RecruitmentFactory(
        stage=Stage.APPLICATIONS_CLOSED,
        route=Recruitment.Route.CONTRACT,
        arbitration_ref="CODIR du 14/04/2026",
        arbitration_on=DECIDED,
    )
    recruitment_change_stage(
        recruitment=first,
        to_stage=Stage.UNSUCCESSFUL,
        actor=hr,
        reason="Aucun fonctionnaire n'a candidaté.",
    )
    first.refresh_from_db()
    assert first.stage == Stage.UNSUCCESSFUL
    assert first.no_civil_servant_found
    republication = Recruitment.objects.get(republication_of=first)
    assert republication.stage == Stage.NEED_IDENTIFIED
    assert republication.position_id == first.position_id
    assert republication.no_civil_servant_found
    assert republication.arbitration_ref == "CODIR du 14/04/2026"
    assert republication.history.latest().history_user == hr
