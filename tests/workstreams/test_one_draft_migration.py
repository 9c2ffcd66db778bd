"""Migration 0010 (issue 11): before the one-draft constraint, a workstream with several
drafts keeps its latest one; submitted and published updates are left alone."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests import factories
from workstreams.models import StatusUpdate

BEFORE = [("workstreams", "0009_workstream_decisions_pending")]
AFTER = [("workstreams", "0010_one_draft_and_move_reason")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_the_latest_draft_of_each_workstream():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        workstream = factories.WorkstreamFactory(code="CSC-01")
        other = factories.WorkstreamFactory(code="CSC-02")

        def update(ws, day, state="draft"):
            return factories.StatusUpdateFactory(
                workstream=ws,
                date=dt.date(2021, 6, day),
                state=state,
                submitted_at=None if state == "draft" else dt.datetime(2021, 6, day, tzinfo=dt.UTC),
            )

        old_draft, latest_draft = update(workstream, 1), update(workstream, 20)
        submitted = update(workstream, 10, "submitted")
        lone_draft = update(other, 5)
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(AFTER)
    remaining = set(StatusUpdate.objects.values_list("pk", flat=True))
    assert remaining == {latest_draft.pk, submitted.pk, lone_draft.pk}
    assert old_draft.pk not in remaining
