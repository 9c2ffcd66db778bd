"""generate_volume is deterministic: same seed, same scale, same day → same rows."""

import datetime as dt
import hashlib
import io

import time_machine
from django.core.management import call_command
from django.db import transaction

from governance.models import Decision, Meeting
from recruitment.models import Recruitment
from workstreams.models import Milestone, StatusUpdate, Workstream


class Rollback(Exception):
    pass


def digest() -> tuple[str, int]:
    """A digest of the generated content by natural keys (primary keys left out)."""
    rows = [
        *Workstream.objects.values_list(
            "code", "title", "priority__code", "owner__username", "phase", "start_date",
            "target_date",
        ).order_by("code"),
        *Milestone.objects.values_list(
            "workstream__code", "title", "due_date", "baseline_date", "state", "is_key"
        ).order_by("workstream__code", "title"),
        *StatusUpdate.objects.values_list(
            "workstream__code", "date", "weather", "progress", "state"
        ).order_by("workstream__code", "date"),
        *Recruitment.objects.values_list(
            "position__title", "position__workstream__code", "stage", "stage_changed_at"
        ).order_by("position__workstream__code", "position__title", "stage"),
        *Meeting.objects.values_list("body__name", "starts_at", "state").order_by(
            "starts_at", "body__name"
        ),
        *Decision.objects.values_list("text", "kind", "date").order_by("date", "text", "kind"),
    ]  # fmt: skip
    return hashlib.sha256(repr(rows).encode()).hexdigest(), len(rows)


def generate_into_fresh_database(seed: int) -> tuple[str, int]:
    try:
        with transaction.atomic():
            assert not Workstream.objects.exists()
            call_command(
                "generate_volume", "--scale", "1", "--seed", str(seed), stdout=io.StringIO()
            )
            result = digest()
            raise Rollback
    except Rollback:
        pass
    return result


def test_two_runs_with_the_same_seed_write_the_same_rows(db):
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC), tick=False):
        first, rows = generate_into_fresh_database(2021)
        second, _ = generate_into_fresh_database(2021)
    assert first == second
    assert rows == 100 + 1000 + 2000 + 200 + 100 + 100
