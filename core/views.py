"""Project-level views: health check and error pages.

/healthz answers 200 when the database answers, 503 otherwise, within about two seconds
whatever is down (the database is probed on a fresh connection with a 2-second connect
timeout, not through the pool). It also reports, without failing on them, what degrades
rather than stops Cap: the cache and broker (Redis), and when the reminder pass last ran
(`core.health.register_check` lets upper apps add such facts without core importing them).
"""

import logging
import time

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core import health

logger = logging.getLogger("core.health")

DATABASE_PROBE_SECONDS = 2


def _database_ok() -> bool:
    try:
        if connection.vendor == "postgresql":
            return _postgres_ok()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 — any failure means "down" for a health check
        return False


def _postgres_ok() -> bool:
    """A fresh connection (never the pool, whose wait is longer) with a short timeout."""
    import psycopg

    params = connection.get_connection_params()
    params.pop("pool", None)
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params["connect_timeout"] = DATABASE_PROBE_SECONDS
    with psycopg.connect(**params) as probe:
        return probe.execute("SELECT 1").fetchone() == (1,)


def _redis_state() -> str:
    if not settings.REDIS_URL:
        return "not-configured"
    try:
        import redis

        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=0.5, socket_timeout=0.5
        )
        return "ok" if client.ping() else "down"
    except Exception:  # noqa: BLE001
        return "down"


@login_not_required
@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    started = time.monotonic()
    database = "ok" if _database_ok() else "down"
    redis_state = _redis_state()
    payload: dict = {
        "status": "ok" if database == "ok" else "down",
        "database": database,
        # Redis holds the cache and the task queue: Cap keeps serving without it (the cache
        # answers empty, tasks wait for the hourly sweep), so it degrades, never fails.
        "cache": redis_state if settings.REDIS_URL else "local-memory",
        "broker": redis_state if settings.REDIS_URL else "filesystem",
    }
    if database == "ok":
        payload.update(health.extra_facts())
    if database == "ok" and redis_state == "down":
        payload["status"] = "degraded"
    if payload["status"] != "ok":
        logger.warning("healthz status=%s %s", payload["status"], payload)
    payload["seconds"] = round(time.monotonic() - started, 3)
    return JsonResponse(payload, status=503 if database != "ok" else 200)
