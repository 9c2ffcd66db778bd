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
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, manage, percentile, production_env, start_gunicorn, stop_gunicorn  # noqa: E402

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
    parser.add_argument(
        "--only",
        default="",
        help="measure only the pages whose name holds one of these comma-separated words "
        "(e.g. 'meeting,body'); the two baselines are always measured",
    )
    return parser.parse_args()


def server_environment() -> dict[str, str]:
    # REDIS_URL empty: the baseline's health check then does its SELECT 1 and nothing more.
    return production_env(REDIS_URL="")


def check_database(allow_sqlite: bool) -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")) and not allow_sqlite:
        sys.exit(
            "bench/pages.py measures PostgreSQL: set DATABASE_URL=postgres://… to a database "
            "of your own (it will be migrated and filled), or pass --allow-sqlite."
        )


def seed(scale: int, env: dict[str, str]) -> None:
    from django.core.management import get_commands

    if "generate_volume" not in get_commands():
        sys.exit("The generate_volume command does not exist yet: nothing to measure against.")
    manage(env, "migrate", "--no-input", "-v", "0")
    from demo.volume import volume_exists
    from workstreams.models import Workstream

    if volume_exists():
        volume = Workstream.objects.filter(code__startswith="VOL").count()
        if abs(volume - 100 * scale) <= 10 * scale:
            print(f"Reusing the {volume} volume workstreams already in the database.")
            manage(env, "seed_demo", "--force")
            return
        print(f"The database holds {volume} volume workstreams, not scale {scale}: flushing.")
        manage(env, "flush", "--no-input")
    started = time.perf_counter()
    manage(env, "generate_volume", "--scale", str(scale))
    manage(env, "seed_demo", "--force")
    print(f"Seeded in {time.perf_counter() - started:.0f} s.")


def analyse() -> None:
    """Fresh statistics and visibility map, as autovacuum would have them some minutes after
    a bulk load: without statistics the planner takes thousands of rows for one, without
    the visibility map every index-only scan reads the table too."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def governance_pages() -> list[tuple[str, str]]:
    """The meeting pages with the longest agenda (a planned and a held one), the pages the
    meeting page links its heavier forms to, and the CST's page."""
    from django.db.models import Count

    from governance.models import Body, Meeting

    def biggest(state: str) -> int | None:
        return (
            Meeting.objects.filter(state=state)
            .annotate(n=Count("agenda_items"))
            .order_by("-n", "pk")
            .values_list("pk", flat=True)
            .first()
        )

    planned, held = biggest("planned"), biggest("held")
    body = Body.objects.filter(kind="social_dialogue").order_by("pk").first()
    listed = []
    if planned:
        listed += [
            ("meeting page (planned)", f"/governance/meetings/{planned}/"),
            ("meeting: drafted DG agenda to pull", f"/governance/meetings/{planned}/pull/"),
        ]
    if held:
        listed += [
            ("meeting page (held)", f"/governance/meetings/{held}/"),
            ("meeting: decision page", f"/governance/meetings/{held}/decisions/new/"),
        ]
    if body:
        listed.append(("body page (CST)", f"/governance/bodies/{body.pk}/"))
    return listed


def recruitment_pages() -> list[tuple[str, str]]:
    """HR's pages: every list of the recruitment app, and the detail of a recruitment."""
    from recruitment.models import Recruitment

    first = Recruitment.objects.order_by("pk").values_list("pk", flat=True).first()
    listed = [
        ("recruitment list", "/recruitment/"),
        ("recruitment board", "/recruitment/board/"),
        ("recruitment arbitration", "/recruitment/arbitration/"),
        ("recruitment positions", "/recruitment/positions/"),
        ("recruitment profiles", "/recruitment/profiles/"),
    ]
    if first:
        listed.append(("recruitment page", f"/recruitment/{first}/"))
    return listed


def other_pages() -> list[tuple[str, str]]:
    """The other pages a week's work opens: the governance lists, the organisation chart,
    the élus' other pages and the heaviest forms (their selects), in the active programme."""
    from priorities.models import Priority
    from workstreams.models import Workstream

    code = (
        Workstream.objects.active()
        .filter(programme__state="active")
        .order_by("code")
        .values_list("code", flat=True)
        .first()
    )
    priority = (
        Priority.objects.filter(programme__state="active")
        .order_by("order")
        .values_list("pk", flat=True)
    )
    listed = [
        ("governance index", "/governance/"),
        ("decision register", "/governance/decisions/"),
        ("DG agenda", "/governance/dg-agenda/"),
        ("organisation chart", "/organisation/"),
        ("élus' organisation cible", "/progress/organisation/"),
        ("point d'étape (HTML)", "/progress/report/"),
        ("programme list", "/programmes/"),
        ("form: new programme", "/programmes/new/"),
        ("form: new workstream", "/workstreams/new/"),
        ("form: new post", "/recruitment/positions/new/"),
    ]
    if code:
        listed += [
            ("form: edit workstream", f"/workstreams/{code}/edit/"),
            ("élus' workstream page", f"/progress/workstreams/{code}/"),
        ]
    if priority.first():
        listed.append(("élus' priority page", f"/progress/priorities/{priority.first()}/"))
    return listed


def pages(only: str = "") -> list[tuple[str, str]]:
    from workstreams.models import Workstream

    code = Workstream.objects.active().order_by("code").values_list("code", flat=True).first()
    listed = [
        ("dashboard", "/"),
        ("élus' progress page", "/progress/"),
        ("workstream list", "/workstreams/"),
        ("workstream page", f"/workstreams/{code}/"),
        ("milestone timeline", "/milestones/"),
        ("activity feed", "/activity/"),
        *governance_pages(),
        *recruitment_pages(),
        *other_pages(),
    ]
    if only:
        wanted = [word.strip() for word in only.split(",") if word.strip()]
        listed = [(name, path) for name, path in listed if any(w in name for w in wanted)]
    return [
        ("trivial view (/healthz)", "/healthz"),
        # A page with no query of its own, through the same session, login and base layout:
        # the baseline the targets compare with.
        ("trivial page (/accessibilite/)", "/accessibilite/"),
        *listed,
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


def loop_ms() -> float:
    """A fixed pure-Python loop, timed: the same code takes longer on a busy machine, so
    this says how loaded the VM was while the pages were measured."""
    started = time.perf_counter()
    total = 0
    for i in range(3_000_000):
        total += i % 7
    return (time.perf_counter() - started) * 1000


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
    manage(env, "collectstatic", "--no-input", "-v", "0")
    paths = pages(args.only)
    counts = count_queries(paths)
    loops = [loop_ms()]
    server = start_gunicorn(args.port, env, workers=2)
    try:
        client = login(f"http://127.0.0.1:{args.port}")
        results = {}
        for _, path in paths:
            results[path] = measure(client, path, args.requests, args.warmup)
            loops.append(loop_ms())
    finally:
        stop_gunicorn(server)

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
    print(
        f"Python loop (3 M iterations, a measure of the machine's load): "
        f"{min(loops):.0f}–{max(loops):.0f} ms, median {statistics.median(loops):.0f} ms "
        f"over {len(loops)} timings; load average {os.getloadavg()[0]:.1f}"
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
