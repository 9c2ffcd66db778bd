"""Lateness and slippage are two different figures, with their own words, measured at their
boundaries (the day before, of and after the due date; the thresholds of the units)."""

import datetime as dt

import pytest

from workstreams.lateness import days_late, duration_text, lateness_text, slippage_text
from workstreams.models import Milestone

DUE = dt.date(2021, 6, 30)


def milestone(due=DUE, baseline=None, state=Milestone.State.PLANNED) -> Milestone:
    return Milestone(title="Jalon", due_date=due, baseline_date=baseline or due, state=state)


@pytest.mark.parametrize(
    ("today", "days", "text"),
    [
        (dt.date(2021, 6, 29), 0, ""),  # the day before: not late
        (dt.date(2021, 6, 30), 0, ""),  # due today: not late yet
        (dt.date(2021, 7, 1), 1, "en retard de 1 j"),  # the day after
        (dt.date(2021, 7, 12), 12, "en retard de 12 j"),
    ],
)
def test_a_pending_milestone_is_late_from_the_day_after_its_due_date(today, days, text):
    assert days_late(milestone(), today) == days
    assert lateness_text(milestone(), today) == text


@pytest.mark.parametrize("state", [Milestone.State.ACHIEVED, Milestone.State.MISSED])
def test_an_achieved_or_missed_milestone_is_not_late(state):
    assert lateness_text(milestone(state=state), dt.date(2025, 1, 1)) == ""


def test_a_postponed_milestone_past_its_new_date_is_late():
    postponed = milestone(state=Milestone.State.POSTPONED)
    assert lateness_text(postponed, dt.date(2021, 7, 2)) == "en retard de 2 j"


@pytest.mark.parametrize(
    ("days", "text"),
    [
        (45, "45 j"),
        (46, "2 mois"),
        (364, "12 mois"),
        (365, "1 an"),
        (1_400, "4 ans"),  # almost four years: said as people say it
    ],
)
def test_a_duration_is_said_in_days_then_months_then_years(days, text):
    assert duration_text(days) == text


def test_a_milestone_almost_four_years_late_says_so_while_its_slippage_stays_in_days():
    moved = milestone(due=dt.date(2021, 12, 31), baseline=dt.date(2021, 6, 30))
    today = dt.date(2025, 11, 30)
    assert lateness_text(moved, today) == "en retard de 4 ans"
    assert slippage_text(moved) == "glissement +184 j par rapport à l'échéance initiale"


def test_slippage_is_measured_from_the_baseline_whatever_today_is():
    assert slippage_text(milestone()) == ""
    assert (
        slippage_text(milestone(due=DUE, baseline=DUE - dt.timedelta(days=1)))
        == "glissement +1 j par rapport à l'échéance initiale"
    )
    assert (
        slippage_text(milestone(due=DUE, baseline=DUE + dt.timedelta(days=3)))
        == "avance de 3 j sur l'échéance initiale"
    )
