"""Redis unreachable (REDIS_URL on a closed port, no mock): login, pages and writes keep
working; the cache answers as empty and says so in the log; /healthz reports "degraded"
with 200 (Cap serves); publishing a task logs the broker's absence and never raises."""

import datetime as dt
import json
import logging
import time

import pytest
from django.core.cache import cache
from django.test import override_settings

from cap2021.celery import app as celery_app
from core.tasks import publish
from notifications.models import Notification
from notifications.services import reminders_send_all
from tests import factories
from workstreams.models import Milestone


@pytest.fixture
def redis_down(dead_redis_url):
    caches = {
        "default": {
            "BACKEND": "core.cache.DegradingRedisCache",
            "LOCATION": dead_redis_url,
            "KEY_PREFIX": "cap2021",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    }
    with override_settings(CACHES=caches, REDIS_URL=dead_redis_url):
        yield dead_redis_url


@pytest.fixture
def broker_down(dead_redis_url):
    """The Celery app publishing for real (not eagerly) to a Redis nobody listens on."""
    conf = celery_app.conf
    saved = (conf.task_always_eager, conf.broker_url, conf.broker_transport_options)
    conf.task_always_eager = False
    conf.broker_url = dead_redis_url
    conf.broker_transport_options = {"socket_connect_timeout": 1, "socket_timeout": 2}
    _forget_connections()
    try:
        yield dead_redis_url
    finally:
        conf.task_always_eager, conf.broker_url, conf.broker_transport_options = saved
        _forget_connections()


def _forget_connections():
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app.__dict__.pop("producer_pool", None)


def test_the_cache_answers_as_empty_and_logs_once(redis_down, caplog):
    with caplog.at_level(logging.ERROR, logger="core.cache"):
        from core.cache import DegradingRedisCache

        DegradingRedisCache._last_logged = 0.0
        assert cache.get("anything") is None
        assert cache.get("anything", "défaut") == "défaut"
        assert cache.add("k", 1) is False
        cache.set("k", 1)
        assert cache.incr("k") == 1
        assert cache.get_many(["a", "b"]) == {}
        cache.delete_many(["a", "b"])
    lines = [r.getMessage() for r in caplog.records if r.name == "core.cache"]
    assert len(lines) == 1 and "cache-unavailable" in lines[0]


def test_login_pages_and_writes_keep_working(redis_down, client, director, elected):
    started = time.monotonic()
    response = client.post(
        "/accounts/login/", {"username": "directeur", "password": factories.PASSWORD}
    )
    assert response.status_code == 302, response.content[:500]
    assert client.get("/").status_code == 200
    workstream = factories.WorkstreamFactory(owner=director)
    assert client.get(f"/workstreams/{workstream.code}/").status_code == 200
    response = client.post(
        f"/workstreams/{workstream.code}/milestones/new/",
        {"title": "Schéma d'accueil validé", "due_date": "2031-02-28", "owner": director.pk},
    )
    assert response.status_code == 302
    assert Milestone.objects.filter(title="Schéma d'accueil validé").exists()
    client.logout()
    client.post("/accounts/login/", {"username": "elu", "password": factories.PASSWORD})
    assert client.get("/progress/").status_code == 200
    assert time.monotonic() - started < 15


def test_wrong_passwords_with_redis_down_are_refused_without_a_500(redis_down, client, director):
    for _ in range(3):
        response = client.post("/accounts/login/", {"username": "directeur", "password": "non"})
        assert response.status_code == 200
    response = client.post(
        "/accounts/login/", {"username": "directeur", "password": factories.PASSWORD}
    )
    assert response.status_code == 302


def test_healthz_says_degraded_with_200_when_redis_is_down(redis_down, client, db):
    client.get("/healthz")  # a served process is warm: its first request is not measured
    started = time.monotonic()
    response = client.get("/healthz")
    assert time.monotonic() - started < 2
    assert response.status_code == 200
    payload = json.loads(response.content)
    assert payload["status"] == "degraded"
    assert payload["database"] == "ok"
    assert payload["cache"] == "down" and payload["broker"] == "down"


def test_publishing_with_the_broker_down_logs_and_answers_false_quickly(broker_down, caplog):
    from notifications.tasks import send_reminders

    started = time.monotonic()
    with caplog.at_level(logging.ERROR, logger="core.tasks"):
        assert publish(send_reminders) is False
    assert time.monotonic() - started < 5
    assert any("broker-unavailable" in r.getMessage() for r in caplog.records)


def test_a_reminder_pass_with_the_broker_down_records_every_notification(
    broker_down, db, django_capture_on_commit_callbacks, caplog
):
    today = dt.date(2031, 3, 3)
    factories.MilestoneFactory(due_date=today + dt.timedelta(days=1))
    with (
        caplog.at_level(logging.ERROR, logger="core.tasks"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        sent = reminders_send_all(today=today)
    assert sent["milestone_due_1"] == 1
    pending = Notification.objects.filter(kind="milestone_due_1").get()
    assert pending.sent_at is None  # the sweep delivers it once the broker is back
    assert any("broker-unavailable" in r.getMessage() for r in caplog.records)
