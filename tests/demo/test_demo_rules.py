"""The demo, replayed, breaks no rule of DOMAIN.md, and its history is true to its dates and
people: CAP 2021 between 2021 and 2023, the example programme live around the run day."""

import datetime as dt
import io

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from governance.models import Meeting
from organisation.models import User
from priorities.models import Component, Priority, Programme
from recruitment.models import Recruitment
from recruitment.rules import ORDER, skippable
from workstreams.models import Milestone, StatusUpdate, Workstream

RUN = dt.datetime(2026, 9, 15, 10, 0, tzinfo=dt.UTC)
TODAY = RUN.date()
ELECTIONS = dt.date(2022, 12, 8)
# Entered by the administrator when Cap was installed: not part of any programme's story.
REFERENCE = {
    "User",
    "Mandate",
    "Domain",
    "MandatePriority",
    "LegalReference",
    "FrameworkDocument",
    "Commune",
}


@pytest.fixture(scope="module")
def replayed_module(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(DEBUG=True), time_machine.travel(RUN, tick=False):
                call_command("seed_demo", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def replayed(replayed_module, db):
    """The demo as seed_demo loaded it on 15 September 2026."""


def test_no_recruitment_skips_a_stage_the_rules_do_not_let_it_skip(replayed):
    checked = 0
    for recruitment in Recruitment.objects.prefetch_related("stage_changes"):
        changes = list(recruitment.stage_changes.order_by("changed_at", "pk"))
        previous = "need_identified"
        for change in changes:
            assert change.from_stage == previous, recruitment
            if change.to_stage in ORDER:
                start, end = ORDER.index(previous), ORDER.index(change.to_stage)
                assert end > start, (recruitment, change.to_stage)
                skipped = ORDER[start + 1 : end]
                assert all(skippable(recruitment, stage) for stage in skipped), (
                    recruitment,
                    skipped,
                )
            previous = change.to_stage
            checked += 1
        assert recruitment.stage == previous
    assert checked > 50


def test_the_ct_sits_until_the_elections_and_the_cst_after_them(replayed):
    social = Meeting.objects.filter(body__kind="social_dialogue").select_related("body")
    ct = [m.starts_at.date() for m in social if m.body.short_name == "CT"]
    cst = [m.starts_at.date() for m in social if m.body.short_name == "CST"]
    assert ct and cst
    assert max(ct) < ELECTIONS
    assert min(cst) > ELECTIONS


def test_no_workstream_is_officialised_before_the_opinion(replayed):
    officialised = 0
    for workstream in Workstream.objects.filter(changes_organisation=True):
        rows = workstream.history.filter(phase="officialisation")
        for row in rows:
            assert workstream.cst_opinion_on is not None
            assert row.history_date.date() >= workstream.cst_opinion_on, workstream.code
            officialised += 1
    assert officialised


def test_cap_2021_is_closed_and_its_history_dated_within_its_period_by_real_people(replayed):
    cap = Programme.objects.get(slug="cap-2021")
    assert cap.state == Programme.State.CLOSED
    example = Programme.objects.get(is_example=True)
    admin = User.objects.get(username="admin")
    checked, models = 0, set()
    for model in apps.get_models():
        name = model.__name__
        if not hasattr(model, "history_user") or name.removeprefix("Historical") in REFERENCE:
            continue  # m2m snapshots carry no date of their own
        rows = model.objects.filter(history_date__date__lt=example.start_date)
        for history_date, user in rows.values_list("history_date", "history_user"):
            assert cap.start_date <= history_date.date() <= cap.end_date, name
            assert user is not None and user != admin.pk, name
            checked += 1
            models.add(name)
        later = model.objects.filter(history_date__date__gte=example.start_date)
        assert not later.filter(history_user=admin).exists(), name
        assert not later.filter(history_user__isnull=True).exists(), name
    assert checked > 500
    # The programme's own structure is part of its story, not reference data.
    assert {"HistoricalProgramme", "HistoricalComponent", "HistoricalPriority"} <= models


def states(programme: Programme) -> list[tuple[str, dt.date, int]]:
    """Each state the programme's history went through: when it began, who put it there
    (a framework documents' change records its own row in the same state)."""
    rows = programme.history.order_by("history_date", "history_id")
    seen = [(h.state, h.history_date.date(), h.history_user_id) for h in rows]
    return [row for index, row in enumerate(seen) if index == 0 or row[0] != seen[index - 1][0]]


def test_the_dg_enters_starts_and_closes_cap_2021_and_starts_the_example_from_it(replayed):
    """Through the programme services at their dates: CAP 2021 entered in preparation and
    started on 17 May 2021, closed on 15 December 2023; the example started from it (its
    components and priorities copied, three workstreams carried over) then activated."""
    dg = User.objects.get(username="dg")
    cap = Programme.objects.get(slug="cap-2021")
    assert states(cap) == [
        ("preparation", dt.date(2021, 5, 17), dg.pk),
        ("active", dt.date(2021, 5, 17), dg.pk),
        ("closed", dt.date(2023, 12, 15), dg.pk),
    ]
    for model, count in ((Component, 4), (Priority, 6)):
        rows = model.history.filter(programme_id=cap.pk)
        assert rows.filter(history_type="+").count() == count, model.__name__
        # Written while the programme was open, never since its close.
        assert set(rows.values_list("history_user", flat=True)) == {dg.pk}, model.__name__
        for day in rows.values_list("history_date", flat=True):
            assert cap.start_date <= day.date() <= dt.date(2023, 12, 15), model.__name__

    example = Programme.objects.get(is_example=True)
    assert states(example) == [
        ("preparation", example.start_date, dg.pk),
        ("active", example.start_date, dg.pk),
    ]
    assert example.previous == cap
    assert set(example.components.values_list("code", "name")) == set(
        cap.components.values_list("code", "name")
    )
    # The copied priorities are tied to the new mandate's domains and priorities.
    for priority in Priority.objects.filter(programme=example):
        assert priority.history.earliest().history_user_id == dg.pk
        assert {d.mandate_id for d in priority.domains.all()} == {example.mandate_id}
        assert {m.mandate_id for m in priority.mandate_priorities.all()} == {example.mandate_id}
    carried = Workstream.objects.filter(programme=example, carried_from__isnull=False)
    assert {(w.carried_from.code, w.code) for w in carried} == {
        ("PTS-01", "SEC-01"),
        ("TRA-01", "TRA-01"),
        ("ORG-01", "ORG-01"),
    }
    for workstream in carried:
        assert workstream.carried_from.programme == cap
        assert workstream.priority.programme == example
        assert workstream.history.earliest().history_date.date() == example.start_date


def test_the_example_programme_is_live_on_the_run_day(replayed):
    example = Programme.objects.get(is_example=True)
    assert example.state == Programme.State.ACTIVE
    assert "xemple" in example.name
    assert example.previous.slug == "cap-2021"
    updates = StatusUpdate.objects.filter(workstream__programme=example)
    recent = updates.filter(date__gte=TODAY - dt.timedelta(days=30))
    assert recent.filter(state="published").exists()
    assert recent.filter(state="submitted").exists()
    milestones = Milestone.objects.filter(workstream__programme=example)
    assert milestones.due_within(30, today=TODAY).exists()
    assert milestones.overdue(today=TODAY).exists()
    carried = Workstream.objects.filter(programme=example, carried_from__isnull=False)
    assert {w.carried_from.code for w in carried} >= {"PTS-01"}
    open_ = Recruitment.objects.in_progress().filter(position__workstream__programme=example)
    assert open_.exists()
    assert (
        Meeting.objects.upcoming(now=RUN).filter(starts_at__lte=RUN + dt.timedelta(days=8)).exists()
    )
