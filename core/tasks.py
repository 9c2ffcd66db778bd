"""Publishing a Celery task without ever failing the request or the pass that asks for it.

The broker (Redis) may be down: `publish` tries once, quickly (CELERY_BROKER_CONNECTION_
TIMEOUT, no publish retry), logs `broker-unavailable` under `core.tasks` and answers False.
Whatever the task had to do is still recorded in the database, and the hourly sweep
(notifications.deliver_pending) picks it up once the broker is back.
"""

import logging

from celery import shared_task
from django.core.management import call_command

logger = logging.getLogger("core.tasks")


def publish(task, *args, countdown: int | None = None, **kwargs) -> bool:
    """`task.apply_async(args, kwargs)`; False (logged) when the broker cannot take it."""
    try:
        task.apply_async(args=args, kwargs=kwargs, countdown=countdown)
    except Exception as error:  # noqa: BLE001 — kombu, redis and socket errors alike
        logger.error(
            "broker-unavailable task=%s error=%s: left for the next sweep",
            getattr(task, "name", task),
            error.__class__.__name__,
        )
        return False
    return True


@shared_task(name="core.clear_sessions")
def clear_sessions() -> None:
    """Delete the expired sessions from the database (celery beat, every night)."""
    call_command("clearsessions")
