"""generate_volume writes the announced synthetic volume, with history, and refuses twice."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import transaction

from governance.models import Decision, Meeting
from organisation.models import OrgUnit, User
from priorities.models import Priority, Programme
from recruitment.models import Recruitment, StageChange
from workstreams.models import Action, Milestone, StatusUpdate, Workstream

NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 3, 2)


@pytest.fixture(scope="module")
def volume_module(django_db_setup, django_db_blocker):
    """One scale-1 run for the module, rolled back at its end."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            out = io.StringIO()
            with time_machine.travel(NOW, tick=False):
                call_command("generate_volume", "--scale", "1", stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def volume(volume_module, db):
    """What generate_volume --scale 1 printed; its rows are in the database."""
    return volume_module


def test_scale_one_writes_the_announced_counts(volume):
    assert Workstream.objects.count() == 100
    assert Action.objects.count() == 500
    assert Milestone.objects.count() == 1000
    assert StatusUpdate.objects.count() == 2000
    assert Recruitment.objects.count() == 200
    assert Meeting.objects.count() == 100
    assert Decision.objects.count() == 100
    assert User.objects.filter(role="director").count() == 20
    assert OrgUnit.objects.count() == 32
    assert 500 <= StageChange.objects.count() <= 2000
    assert "100 chantiers, 1000 jalons, 2000 points d'avancement" in volume
    assert " s : " in volume  # the elapsed time


def test_volume_codes_match_the_workstream_code_pattern(volume):
    codes = list(Workstream.objects.values_list("code", flat=True))
    assert codes[0] == "VOL01-001"
    assert codes[-1] == "VOL01-100"
    Workstream.objects.get(code="VOL01-042").full_clean()


def test_volume_spreads_dates_around_today(volume):
    assert Milestone.objects.overdue(today=TODAY).filter(is_key=True).exists()
    assert Milestone.objects.due_within(30, today=TODAY).count() >= 10
    assert StatusUpdate.objects.awaiting_publication().exists()
    assert Meeting.objects.filter(state="planned", starts_at__gte=NOW).exists()
    assert Decision.objects.awaiting_follow_up().exists()
    weathers = set(Workstream.objects.values_list("current_weather", flat=True))
    assert {"on_track", "at_risk", "off_track"} <= weathers
    stages = set(Recruitment.objects.values_list("stage", flat=True))
    assert len(stages) >= 10


def test_every_volume_row_has_one_creation_history_row_by_the_volume_dg(volume):
    actor = User.objects.get(username="vol-dg")
    for model in (Workstream, Milestone, StatusUpdate, Recruitment, Meeting, OrgUnit):
        history = model.history.all()
        assert history.count() == model.objects.count(), model.__name__
        assert set(history.values_list("history_type", flat=True)) == {"+"}
        assert set(history.values_list("history_user", flat=True)) == {actor.pk}
    workstream = Workstream.objects.get(code="VOL01-001")
    snapshot = workstream.history.get()
    assert set(snapshot.domains.values_list("domain_id", flat=True)) == set(
        workstream.domains.values_list("pk", flat=True)
    )
    assert snapshot.domains.exists()


def test_history_rows_each_have_their_own_instant_before_the_run(volume):
    """As rows written one by one would: no tie for "latest changes" queries to sort."""
    dates = [
        date
        for model in (Workstream, Milestone, StatusUpdate, Recruitment, Meeting, OrgUnit, User)
        for date in model.history.values_list("history_date", flat=True)
    ]
    assert len(dates) > 3000
    assert len(set(dates)) == len(dates)
    assert NOW - dt.timedelta(hours=1) <= min(dates) and max(dates) <= NOW
    # Created in order: a workstream's history comes before its milestones'.
    assert Workstream.history.latest("history_date").history_date < (
        Milestone.history.earliest("history_date").history_date
    )


def test_a_second_run_refuses_and_writes_nothing(volume):
    with pytest.raises(CommandError, match="Des données de volume existent déjà"):
        call_command("generate_volume", "--scale", "1")
    assert Workstream.objects.count() == 100


def test_scale_must_be_positive(volume):
    with pytest.raises(CommandError, match="supérieur ou égal à 1"):
        call_command("generate_volume", "--scale", "0")
    assert Workstream.objects.count() == 100


def test_with_no_active_programme_the_volume_dg_builds_and_starts_a_frame(volume):
    """Through the programme services: created in preparation, then activated, by vol-dg;
    its priorities tied to its own mandate's domains and priorities."""
    actor = User.objects.get(username="vol-dg")
    programme = Programme.objects.active()
    assert programme.slug == "volume"
    assert list(programme.history.order_by("history_date").values_list("state", flat=True)) == [
        "preparation",
        "active",
    ]
    assert set(programme.history.values_list("history_user", flat=True)) == {actor.pk}
    assert programme.components.count() == 4
    created = Priority.history.filter(programme_id=programme.pk, history_type="+")
    assert set(created.values_list("history_user", flat=True)) == {actor.pk}
    assert created.count() == 6
    assert Workstream.objects.filter(programme=programme).count() == 100
    for priority in programme.priorities.prefetch_related("domains", "mandate_priorities"):
        assert {d.mandate_id for d in priority.domains.all()} == {programme.mandate_id}
        assert {m.mandate_id for m in priority.mandate_priorities.all()} == {programme.mandate_id}
