"""The models' rules hold in the database itself, not only in forms."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests import factories
from workstreams.models import StatusUpdate, Workstream


def test_a_status_update_with_progress_above_100_is_refused_by_the_database(db):
    update = factories.StatusUpdateFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusUpdate.objects.filter(pk=update.pk).update(progress=120)
    update.refresh_from_db()
    assert update.progress == 40


def test_a_status_update_with_progress_above_100_gets_a_french_message(db):
    update = factories.StatusUpdateFactory.build(
        workstream=factories.WorkstreamFactory(), progress=120
    )
    update.author = update.workstream.owner
    with pytest.raises(ValidationError) as excinfo:
        update.full_clean()
    assert "100" in str(excinfo.value.message_dict["progress"])
    assert "inférieure ou égale" in str(excinfo.value.message_dict["progress"])


def test_workstream_target_date_before_start_date_is_refused(db):
    workstream = factories.WorkstreamFactory.build(
        owner=factories.DirectorFactory(),
        priority=factories.PriorityFactory(),
        start_date=dt.date(2022, 1, 1),
        target_date=dt.date(2021, 1, 1),
    )
    with pytest.raises(ValidationError) as excinfo:
        workstream.full_clean()
    assert "L'échéance visée ne peut précéder la date de début." in str(excinfo.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        workstream.save()
    assert not Workstream.objects.filter(code=workstream.code).exists()


def test_workstream_codes_are_unique(db):
    factories.WorkstreamFactory(code="CSC-01")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.WorkstreamFactory(code="CSC-01")
    assert Workstream.objects.filter(code="CSC-01").count() == 1


def test_a_malformed_workstream_code_gets_a_clear_message(db):
    workstream = factories.WorkstreamFactory.build(
        code="csc 1", owner=factories.DirectorFactory(), priority=factories.PriorityFactory()
    )
    with pytest.raises(ValidationError) as excinfo:
        workstream.full_clean()
    assert "par exemple CSC-01" in str(excinfo.value.message_dict["code"])


def test_an_unknown_weather_is_refused_by_the_database(db):
    update = factories.StatusUpdateFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusUpdate.objects.filter(pk=update.pk).update(weather="sunny")


def test_an_achieved_milestone_must_carry_its_date(db):
    milestone = factories.MilestoneFactory()
    milestone.state = milestone.State.ACHIEVED
    with pytest.raises(ValidationError) as excinfo:
        milestone.full_clean()
    assert "date d'atteinte" in str(excinfo.value)


def test_milestone_slippage_is_measured_against_the_baseline(db):
    milestone = factories.MilestoneFactory(
        baseline_date=dt.date(2021, 12, 15), due_date=dt.date(2022, 2, 15)
    )
    assert milestone.slippage_days == 62


def test_an_org_unit_cannot_end_before_it_starts(db):
    unit = factories.OrgUnitFactory.build(
        valid_from=dt.date(2022, 1, 1), valid_to=dt.date(2021, 1, 1)
    )
    with pytest.raises(ValidationError) as excinfo:
        unit.full_clean()
    assert "date de fin de validité" in str(excinfo.value)


def test_current_weather_comes_from_the_latest_submitted_update_not_a_draft(db):
    workstream = factories.WorkstreamFactory()
    factories.StatusUpdateFactory(
        workstream=workstream, date=dt.date(2021, 10, 1), weather="at_risk", progress=20
    )
    factories.StatusUpdateFactory(
        workstream=workstream,
        date=dt.date(2021, 11, 1),
        weather="off_track",
        progress=25,
        state=StatusUpdate.State.DRAFT,
    )
    annotated = Workstream.objects.get(pk=workstream.pk)
    assert annotated.current_weather == "at_risk"
    assert annotated.current_progress == 20
