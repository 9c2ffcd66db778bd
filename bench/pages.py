"""Benchmark of Cap's main pages against a trivial view, served by gunicorn.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cap_bench \\
        .venv/bin/python bench/pages.py --scale 10 [--requests 200] [--port 8301]

1. Migrates the database in DATABASE_URL and loads `generate_volume --scale N` plus
   `seed_demo --force` (a database holding another scale's volume is flushed first; one
   holding this scale is reused).
2. Counts the SQL queries of each page in-process, with Django's test client and
   CaptureQueriesContext against the same database (no bench code in production paths).
3. Starts gunicorn (2 workers, the project's WSGI, DEBUG off, a throwaway SECRET_KEY) on
   127.0.0.1, logs in as `dg` through the login form with httpx, then requests each page
   `--requests` times one after the other and prints the median and 95th percentile
   latency, beside two baselines: /healthz (a trivial view doing SELECT 1, no session) and
   /accessibilite/ (a static page through the same session, login and base layout, which
   the ratios are computed against). Every measured request follows a write (a status
   update saved through its service, outside the timing), so no page is measured on
   anything a previous request left warm.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "cap2021-demo"
TARGET_P95_MS = 60
TARGET_RATIO = 8
BASELINE = "/accessibilite/"


def write_something() -> None:
    """A write as the programme sees them: the latest update of the first workstream saved
    again through its service (a history row, the workstream's stored status refreshed)."""
    from organisation.models import User
    from workstreams import services
    from workstreams.models import StatusUpdate

    update = (
        StatusUpdate.objects.exclude(state=StatusUpdate.State.PUBLISHED)
        .select_related("workstream")
        .order_by("workstream__code", "-date", "-pk")
        .first()
    )
    services.status_update_edit(
        update=update,
        version=update.version,
        data={"progress": (update.progress + 1) % 101},
        submit=update.state == StatusUpdate.State.SUBMITTED,
        actor=User.objects.get(username="dg"),
    )


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1, help="generate_volume scale (1)")
    parser.add_argument("--requests", type=int, default=200, help="requests per page (200)")
    parser.add_argument("--warmup", type=int, default=10, help="unmeasured requests per page")
    parser.add_argument("--port", type=int, default=8301, help="gunicorn port (8301)")
    parser.add_argument(
        "--allow-sqlite", action="store_true", help="run without a PostgreSQL DATABASE_URL"
    )
    parser.add_argument("--no-seed", action="store_true", help="use the database as it is")
    return parser.parse_args()


def server_environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="cap2021.settings",
        DEBUG="false",
        SECRET_KEY="bench-only-throwaway-secret-key-" + "b" * 32,
        ALLOWED_HOSTS="127.0.0.1,testserver",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_HSTS_SECONDS="0",
        EMAIL_URL=env.get("EMAIL_URL") or "console://",
        REDIS_URL="",  # the baseline's health check then does its SELECT 1 and nothing more
    )
    return env


def check_database(allow_sqlite: bool) -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")) and not allow_sqlite:
        sys.exit(
            "bench/pages.py measures PostgreSQL: set DATABASE_URL=postgres://… to a database "
            "of your own (it will be migrated and filled), or pass --allow-sqlite."
        )


def manage(*args: str, env: dict[str, str]) -> None:
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    print("$", " ".join(command[1:]), flush=True)
    subprocess.run(command, cwd=ROOT, env=env, check=True)


def seed(scale: int, env: dict[str, str]) -> None:
    from django.core.management import get_commands

    if "generate_volume" not in get_commands():
        sys.exit("The generate_volume command does not exist yet: nothing to measure against.")
    manage("migrate", "--no-input", "-v", "0", env=env)
    from demo.volume import volume_exists
    from workstreams.models import Workstream

    if volume_exists():
        volume = Workstream.objects.filter(code__startswith="VOL").count()
        if abs(volume - 100 * scale) <= 10 * scale:
            print(f"Reusing the {volume} volume workstreams already in the database.")
            manage("seed_demo", "--force", env=env)
            return
        print(f"The database holds {volume} volume workstreams, not scale {scale}: flushing.")
        manage("flush", "--no-input", env=env)
    started = time.perf_counter()
    manage("generate_volume", "--scale", str(scale), env=env)
    manage("seed_demo", "--force", env=env)
    print(f"Seeded in {time.perf_counter() - started:.0f} s.")


def analyse() -> None:
    """Fresh statistics and visibility map, as autovacuum would have them some minutes after
    a bulk load: without statistics the planner takes thousands of rows for one, without
    the visibility map every index-only scan reads the table too."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def pages() -> list[tuple[str, str]]:
    from workstreams.models import Workstream

    code = Workstream.objects.active().order_by("code").values_list("code", flat=True).first()
    return [
        ("trivial view (/healthz)", "/healthz"),
        # A page with no query of its own, through the same session, login and base layout:
        # the baseline the targets compare with.
        ("trivial page (/accessibilite/)", "/accessibilite/"),
        ("dashboard", "/"),
        ("élus' progress page", "/progress/"),
        ("workstream list", "/workstreams/"),
        ("workstream page", f"/workstreams/{code}/"),
        ("milestone timeline", "/milestones/"),
        ("activity feed", "/activity/"),
    ]


def count_queries(paths: list[tuple[str, str]]) -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from organisation.models import User

    client = Client()
    client.force_login(User.objects.get(username="dg"))
    counts = {}
    for _, path in paths:
        client.get(path)  # the first request may fill caches: count the second one
        write_something()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        if response.status_code != 200:
            sys.exit(f"{path} answered {response.status_code} in-process")
        counts[path] = len(captured.captured_queries)
    return counts


def start_gunicorn(port: int, env: dict[str, str]) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [
        str(gunicorn),
        "cap2021.wsgi:application",
        "--workers",
        "2",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    import httpx

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn stopped with code {process.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    process.terminate()
    sys.exit("gunicorn did not answer /healthz within 30 s")


def login(base: str):
    import re

    import httpx

    client = httpx.Client(base_url=base, timeout=30, follow_redirects=False)
    form = client.get("/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    if token is None:
        sys.exit("no CSRF token on the login page")
    response = client.post(
        "/accounts/login/",
        data={"username": "dg", "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
    )
    if response.status_code != 302 or "sessionid" not in client.cookies:
        sys.exit(f"login as dg failed ({response.status_code})")
    return client


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index]


def measure(client, path: str, requests: int, warmup: int) -> list[float]:
    for _ in range(warmup):
        client.get(path)
    timings = []
    for _ in range(requests):
        write_something()  # outside the timing
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            sys.exit(f"{path} answered {response.status_code}")
    return timings


def main() -> None:
    args = parse_args()
    check_database(args.allow_sqlite)
    env = server_environment()
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if not args.no_seed:
        seed(args.scale, env)
    import logging

    logging.getLogger("httpx").setLevel(logging.WARNING)
    analyse()
    manage("collectstatic", "--no-input", "-v", "0", env=env)
    paths = pages()
    counts = count_queries(paths)
    server = start_gunicorn(args.port, env)
    try:
        client = login(f"http://127.0.0.1:{args.port}")
        results = {path: measure(client, path, args.requests, args.warmup) for _, path in paths}
    finally:
        server.terminate()
        server.wait(timeout=30)

    baseline_p95 = percentile(results[BASELINE], 0.95)
    from django.db import connection

    print()
    print(
        f"Scale {args.scale} on {connection.vendor}, {args.requests} requests per page "
        f"(gunicorn, 2 workers, {os.cpu_count()} CPUs)"
    )
    header = f"{'page':<32}{'queries':>8}{'median ms':>11}{'p95 ms':>9}{'p95 / page':>12}"
    print(header)
    print("-" * len(header))
    for label, path in paths:
        timings = results[path]
        p95 = percentile(timings, 0.95)
        print(
            f"{label:<32}{counts[path]:>8}{statistics.median(timings):>11.1f}{p95:>9.1f}"
            f"{p95 / baseline_p95:>11.1f}×"
        )
    for label, path in paths[2:]:
        p95 = percentile(results[path], 0.95)
        verdict = "ok" if p95 < TARGET_P95_MS and p95 < TARGET_RATIO * baseline_p95 else "MISSED"
        print(
            f"target for the {label}: p95 < {TARGET_P95_MS} ms and < {TARGET_RATIO}× the "
            f"trivial page: "
            f"{verdict}"
        )


if __name__ == "__main__":
    main()
