"""Benchmark of the reminder pass (issue 15, point 4), on the volume of `generate_volume`.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cap_bench \\
        .venv/bin/python bench/reminders.py --scale 20

1. Migrates the database in DATABASE_URL and loads `generate_volume --scale N` plus
   `seed_demo --force` (reused when the database already holds that scale; see pages.py).
2. Deletes the notifications and pass records left by an earlier run, so that the first
   pass is a first pass.
3. Loads the URLconf, as a worker does on its first pass (a one-off cost, printed apart:
   the URLconf imports WeasyPrint, about 3 s on a loaded VM), then runs the hourly pass
   twice in-process, as the beat's task does, and prints for each its wall time, its SQL
   queries (CaptureQueriesContext) and the notifications it recorded; then the DG's
   digest. Delivery is not in the pass: after commit it publishes one task per 50
   notifications to the broker (here Celery's in-memory transport, with no worker, so a
   slow mail server cannot hold the pass: nothing waits for it).
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import production_env, setup_django  # noqa: E402
from pages import check_database, seed  # noqa: E402

TARGET_FIRST_SECONDS = 5
TARGET_SECOND_SECONDS = 1


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=20, help="generate_volume scale (20)")
    parser.add_argument("--allow-sqlite", action="store_true", help="measure SQLite anyway")
    parser.add_argument("--no-seed", action="store_true", help="use the database as it is")
    return parser.parse_args()


def measure(label: str, run) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        sent = run()
        seconds = time.perf_counter() - started
    total = sum(sent.values())
    print(f"{label:<28} {seconds:7.2f} s {len(queries):6d} queries {total:7d} recorded")
    return seconds, len(queries), total


def main() -> None:
    args = parse_args()
    check_database(args.allow_sqlite)
    env = production_env(REDIS_URL="", CELERY_TASK_ALWAYS_EAGER="false")
    setup_django(env)
    if not args.no_seed:
        seed(args.scale, env)

    from django.db import connection
    from django.urls import get_resolver
    from django.utils import timezone

    from cap2021.celery import app
    from notifications.models import Notification, ReminderRun
    from notifications.services import dg_digest_send, reminders_send_all
    from workstreams.models import Milestone

    # Publishing goes to an in-memory broker nobody consumes: what the pass pays for
    # handing emails over, never for sending them.
    app.conf.broker_url = "memory://"
    app.conf.task_always_eager = False
    Notification.objects.all().delete()
    ReminderRun.objects.all().delete()
    today = timezone.localdate()
    started = time.perf_counter()
    get_resolver().url_patterns  # noqa: B018 — the import a worker pays once
    urlconf_seconds = time.perf_counter() - started
    milestones = Milestone.objects.count()
    print(
        f"Scale {args.scale} on {connection.vendor}: {milestones} milestones, day {today:%d/%m/%Y}"
    )
    print(f"{'URLconf import (once)':<28} {urlconf_seconds:7.2f} s")
    first = measure("first pass", lambda: reminders_send_all(today=today))
    second = measure("second pass (nothing new)", lambda: reminders_send_all(today=today))
    measure("DG digest", lambda: dg_digest_send(today=today))
    verdict = (
        first[0] < TARGET_FIRST_SECONDS and second[0] < TARGET_SECOND_SECONDS and second[2] == 0
    )
    print(
        f"Targets: first pass < {TARGET_FIRST_SECONDS} s, second < {TARGET_SECOND_SECONDS} s "
        f"and sends nothing: {'met' if verdict else 'MISSED'}"
    )


if __name__ == "__main__":
    os.chdir(Path(__file__).resolve().parent.parent)
    main()
