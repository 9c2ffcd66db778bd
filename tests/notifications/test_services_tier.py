"""The service tier: real PostgreSQL and Redis (CI runs these; on SQLite they skip and say why).

Two workers running the same reminder pass at once must still send each reminder once, and
the reminder task must travel through the real Redis broker to a real worker.
"""

import datetime as dt
import os
import threading

import pytest
from django.conf import settings
from django.db import connection, connections

from notifications.models import Notification
from notifications.services import reminders_send_all
from tests import factories

TODAY = dt.date(2021, 9, 6)


def _require(condition: bool, reason: str) -> None:
    if not condition:
        if os.environ.get("CAP_REQUIRE_SERVICES"):
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture
def postgres(transactional_db):
    _require(connection.vendor == "postgresql", "needs PostgreSQL (set DATABASE_URL)")


@pytest.fixture
def redis_broker():
    _require(bool(settings.REDIS_URL), "needs Redis (set REDIS_URL)")


def test_two_workers_running_the_same_pass_at_once_send_each_reminder_once(postgres):
    for days in (1, 5, 10, -2):
        factories.MilestoneFactory(due_date=TODAY + dt.timedelta(days=days))
    results = []
    barrier = threading.Barrier(2)

    def worker():
        try:
            barrier.wait()
            results.append(sum(reminders_send_all(today=TODAY).values()))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # 4 milestones: 3 coming due and 1 overdue; plus one stale reminder per workstream.
    assert Notification.objects.filter(kind__startswith="milestone").count() == 4
    assert sum(results) == Notification.objects.count()
    assert len(set(Notification.objects.values_list("dedup_key", flat=True))) == (
        Notification.objects.count()
    )


def test_the_reminder_task_goes_through_redis_to_a_real_worker(postgres, redis_broker):
    from celery.backends.redis import RedisBackend
    from celery.contrib.testing.worker import start_worker

    from cap2021.celery import app
    from notifications.tasks import send_reminders

    factories.MilestoneFactory(due_date=dt.date.today() + dt.timedelta(days=1))
    app.conf.task_always_eager = False
    app.conf.broker_url = settings.REDIS_URL
    app.conf.result_backend = settings.REDIS_URL
    app.conf.task_ignore_result = False
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
            # The task class may have been bound (ignore_result from the settings) by an
            # earlier test of the session: ask for the result on this call.
            # Its result is read through a backend of our own for the same reason.
            backend = RedisBackend(app=app, url=settings.REDIS_URL)
            sent = send_reminders.apply_async(ignore_result=False)
            summary = app.AsyncResult(sent.id, backend=backend).get(timeout=30)
    finally:
        app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
        app.conf.task_ignore_result = True
    assert summary.get("milestone_due_1") == 1
    assert Notification.objects.filter(kind="milestone_due_1").count() == 1
