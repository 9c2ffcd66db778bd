"""Load test: simulated users against gunicorn on PostgreSQL (issue 5, point 6).

    .venv/bin/python bench/load.py --prepare            # fresh cap_load database, scale 10
    .venv/bin/python bench/load.py --users 50 --duration 120

Half the simulated people are directors who post status updates on their workstreams
as the pages do it: the form (GET, which continues a draft left over), saved with
"Enregistrer et soumettre" (POST, action=submit), the confirmation page and its button;
then the workstream's page;
the others are the DG reading the dashboard, the lists and workstream pages, HR reading
workstreams and an élue reading her progress page. Each user waits a random think time
between requests (--think, 2 s on average: each of the 50 people clicks about every two
seconds, far more often than agents reading a page do). Every loop is bounded by the deadline and by
--max-requests; the target is loopback only.

Afterwards the script checks in the database (Django ORM) that every update the server
accepted (the submission answered 302) is stored, submitted, with its history rows signed
by its director only, and prints
throughput, latency percentiles and errors. Exit status 1 when anything failed.

Bench accounts (`bench-dir-NN`, `bench-dg`, `bench-rh`, `bench-elu`) and their
workstreams (`BENCH-NN`) are created before gunicorn starts; each logs in once with the
right password, so the per-account login lock never trips.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import secrets
import statistics
import sys
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (  # noqa: E402
    HOST,
    ROOT,
    manage,
    percentile,
    production_env,
    setup_django,
    start_gunicorn,
    stop_gunicorn,
)

PASSWORD = "bench-load-password-2021"
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION_RE = re.compile(r'name="version" value="(\d+)"')


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50, help="simulated users (50)")
    parser.add_argument("--duration", type=float, default=120, help="seconds of load (120)")
    parser.add_argument("--think", type=float, default=2.0, help="mean think time, s (2.0)")
    parser.add_argument("--max-requests", type=int, default=10_000, help="per user, a bound")
    parser.add_argument("--port", type=int, default=8401)
    parser.add_argument(
        "--workers", type=int, default=3, help="gunicorn sync workers (3, as docker-compose)"
    )
    parser.add_argument("--database", default="cap_load", help="PostgreSQL database name")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="server")
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/14",
        help="REDIS_URL for the server, as in production: the workers share the cache "
        "(redis://127.0.0.1:6379/14; '' for none, each worker then has its own)",
    )
    parser.add_argument("--prepare", action="store_true", help="recreate and fill the database")
    parser.add_argument("--scale", type=int, default=10, help="generate_volume scale (10)")
    parser.add_argument("--seed", type=int, default=2021)
    return parser.parse_args()


def server_env(args: argparse.Namespace) -> dict[str, str]:
    """Production settings, over plain http on loopback."""
    return production_env(
        DATABASE_URL=f"{args.pg}/{args.database}",
        DATABASE_POOL_MIN="1",
        DATABASE_POOL_MAX="4",
        SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        LOG_LEVEL="WARNING",
        REDIS_URL=args.redis_url,
    )


def prepare_database(args: argparse.Namespace, env: dict[str, str]) -> None:
    import psycopg

    if not re.fullmatch(r"[a-z0-9_]+", args.database):
        raise SystemExit("--database: lowercase letters, digits and _ only")
    with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {args.database} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {args.database}")
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "seed_demo", "--force")
    manage(env, "generate_volume", "--scale", str(args.scale), "--seed", str(args.seed))
    # Fresh statistics and visibility map, as autovacuum would give some minutes after a
    # bulk load: without them the planner takes 1,000 workstreams for one row and picks
    # nested loops, and index-only scans read the table too.
    with psycopg.connect(f"{args.pg}/{args.database}", autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


# --- Bench accounts, made with the ORM before the server starts --------------------------


@dataclass
class Account:
    username: str
    role: str
    codes: list[str] = field(default_factory=list)  # workstreams a director posts on


def make_accounts(users: int) -> tuple[list[Account], list[str]]:
    from django.db import transaction

    from organisation.models import OrgUnit, Role, User
    from priorities.models import Priority, Programme
    from workstreams import services
    from workstreams.models import Workstream

    directors = max(1, users // 2)
    with transaction.atomic():
        unit, _ = OrgUnit.objects.get_or_create(
            acronym="BENCH", defaults={"name": "Direction du banc d'essai", "kind": "direction"}
        )

        def account(username: str, role: str) -> User:
            user, _ = User.objects.get_or_create(
                username=username, defaults={"role": role, "org_unit": unit}
            )
            user.set_password(PASSWORD)
            user.is_active = True
            user.save_without_historical_record(update_fields=["password", "is_active"])
            return user

        dg = account("bench-dg", Role.DG)
        account("bench-rh", Role.HR)
        elu = account("bench-elu", Role.ELECTED)
        # The bench workstreams go into the active programme, as a director's would.
        programme = Programme.objects.active()
        priority = Priority.objects.filter(programme=programme).order_by("order").first()
        accounts = [
            Account("bench-dg", "dg"),
            Account("bench-rh", "hr"),
            Account("bench-elu", "elu"),
        ]
        for n in range(1, directors + 1):
            director = account(f"bench-dir-{n:02d}", Role.DIRECTOR)
            codes = []
            for k in (2 * n - 1, 2 * n):
                code = f"BENCH-{k:03d}"
                if not Workstream.objects.filter(programme=programme, code=code).exists():
                    services.workstream_create(
                        data={
                            "code": code,
                            "title": f"Chantier du banc d'essai {k}",
                            "summary": "Créé par bench/load.py.",
                            "priority": priority,
                            "owner": director,
                            "org_unit": unit,
                            "sponsor": elu,
                        },
                        actor=dg,
                    )
                codes.append(code)
            accounts.append(Account(director.username, "director", codes))
    sample = list(Workstream.objects.active().order_by("?").values_list("code", flat=True)[:200])
    return accounts, sample


# --- The simulated users -----------------------------------------------------------------


@dataclass
class Sample:
    kind: str
    status: int
    seconds: float
    ok: bool


@dataclass
class Run:
    base: str
    deadline: float
    think: float
    max_requests: int
    marker: str
    samples: list[Sample] = field(default_factory=list)
    accepted: list[tuple[str, str, str]] = field(default_factory=list)  # user, code, marker
    failures: list[str] = field(default_factory=list)
    logins: list[Sample] = field(default_factory=list)
    started: float = 0.0


async def request(
    run: Run, client, kind: str, method: str, url: str, expect: int | tuple[int, ...], **kw
):
    started = time.perf_counter()
    try:
        response = await client.request(method, url, **kw)
    except Exception as error:  # noqa: BLE001 — every failure is counted, none stops the run
        run.samples.append(Sample(kind, 0, time.perf_counter() - started, False))
        run.failures.append(f"{kind} {url}: {error!r}")
        return None
    elapsed = time.perf_counter() - started
    ok = response.status_code in (expect if isinstance(expect, tuple) else (expect,))
    run.samples.append(Sample(kind, response.status_code, elapsed, ok))
    if not ok:
        run.failures.append(f"{kind} {method} {url}: {response.status_code}")
    return response


def version_of(response) -> dict[str, str]:
    """The form's optimistic-locking version, if it carries one (a draft's edit form)."""
    match = VERSION_RE.search(response.text) if response is not None else None
    return {"version": match.group(1)} if match else {}


def csrf_of(response) -> str:
    match = CSRF_RE.search(response.text) if response is not None else None
    return match.group(1) if match else ""


async def login(run: Run, client, username: str) -> bool:
    page = await request(run, client, "login form", "GET", "/accounts/login/", 200)
    response = await request(
        run,
        client,
        "login",
        "POST",
        "/accounts/login/",
        302,
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": csrf_of(page)},
    )
    return response is not None and response.status_code == 302


async def think(run: Run, rng: random.Random) -> None:
    await asyncio.sleep(rng.uniform(0.5, 1.5) * run.think)


async def director_loop(run: Run, client, account: Account, rng: random.Random, sample):
    """A director's week, as the pages run it: "Nouveau point" (which continues the
    workstream's draft if one was left), the form saved with "Enregistrer et soumettre",
    the confirmation page, its button; then the workstream's page and another one."""
    n = 0
    while time.monotonic() < run.deadline and n < run.max_requests:
        code = rng.choice(account.codes)
        url = f"/workstreams/{code}/updates/new/"
        form = await request(run, client, "update form", "GET", url, (200, 302))
        if form is not None and form.status_code == 302:
            url = form.headers["location"]  # the draft left by an earlier, cut-short loop
            form = await request(run, client, "update form", "GET", url, 200)
        await think(run, rng)
        if time.monotonic() >= run.deadline:
            break
        marker = f"[{run.marker}:{account.username}:{n}]"
        saved = await request(
            run,
            client,
            "update save",
            "POST",
            url,
            302,
            data={
                "csrfmiddlewaretoken": csrf_of(form),
                **version_of(form),
                "weather": rng.choice(["on_track", "at_risk", "off_track"]),
                "progress": str(rng.randrange(0, 101, 5)),
                "done": f"{marker} Ateliers tenus avec les équipes.",
                "next_steps": "Présenter les propositions en CODIR.",
                "risks": "Calendrier serré.",
                "decisions_needed": "",
                "public_summary": "Le chantier avance.",
                "action": "submit",
            },
        )
        if saved is not None and saved.status_code == 302:
            confirm_url = saved.headers["location"]  # …/updates/<pk>/submit/
            confirm = await request(run, client, "update confirm", "GET", confirm_url, 200)
            await think(run, rng)
            submitted = await request(
                run,
                client,
                "update submit",
                "POST",
                confirm_url,
                302,
                data={"csrfmiddlewaretoken": csrf_of(confirm), **version_of(confirm)},
            )
            if submitted is not None and submitted.status_code == 302:
                run.accepted.append((account.username, code, marker))
        await think(run, rng)
        await request(run, client, "workstream detail", "GET", f"/workstreams/{code}/", 200)
        await think(run, rng)
        other = rng.choice(sample)
        await request(run, client, "workstream detail", "GET", f"/workstreams/{other}/", 200)
        await think(run, rng)
        n += 6


READER_PAGES = {
    "dg": [
        ("dashboard", "/"),
        ("workstream list", "/workstreams/"),
        ("workstream list filtered", "/workstreams/?weather=off_track"),
        ("workstream detail", None),
        ("milestones", "/milestones/"),
        ("activity", "/activity/"),
    ],
    "hr": [("workstream list", "/workstreams/"), ("workstream detail", None)],
    "elu": [("progress", "/progress/")],
}


async def reader_loop(run: Run, client, account: Account, rng: random.Random, sample):
    pages = READER_PAGES[account.role]
    n = 0
    while time.monotonic() < run.deadline and n < run.max_requests:
        kind, url = rng.choice(pages)
        url = url or f"/workstreams/{rng.choice(sample)}/"
        await request(run, client, kind, "GET", url, 200)
        await think(run, rng)
        n += 1


async def simulated_user(
    run: Run,
    account: Account,
    index: int,
    sample: list[str],
    start: asyncio.Event,
    ready,
    logins: asyncio.Semaphore,
) -> None:
    import httpx

    rng = random.Random(index)  # noqa: S311 — a load pattern, not a secret
    async with httpx.AsyncClient(base_url=run.base, follow_redirects=False, timeout=30.0) as client:
        async with logins:  # arrivals spread out: a few password hashes at a time
            logged_in = await login(run, client, account.username)
        ready()
        await start.wait()
        if not logged_in:
            return
        await asyncio.sleep(rng.uniform(0, 2.0))  # people do not all click at once
        loop = director_loop if account.role == "director" else reader_loop
        await loop(run, client, account, rng, sample)


def cast(users: int, accounts: list[Account]) -> list[Account]:
    """Half directors (each their own account), the rest mostly the DG, some HR, one élue."""
    directors = [a for a in accounts if a.role == "director"]
    by_role = {a.role: a for a in accounts if a.role != "director"}
    cast_list = directors[: max(1, users // 2)]
    readers = users - len(cast_list)
    for i in range(readers):
        cast_list.append(by_role["elu" if i % 10 == 9 else "hr" if i % 5 == 4 else "dg"])
    return cast_list


async def run_load(args: argparse.Namespace, accounts: list[Account], sample: list[str]) -> Run:
    run = Run(
        base=f"http://{HOST}:{args.port}",
        deadline=time.monotonic() + args.duration,
        think=args.think,
        max_requests=args.max_requests,
        marker=uuid.uuid4().hex[:8],
    )
    people = cast(args.users, accounts)
    # Phase 1, not measured in the figures: everybody logs in (a password hash each, which
    # is slow on purpose). Phase 2: the load itself, for --duration seconds.
    start = asyncio.Event()
    logins = asyncio.Semaphore(args.workers)
    waiting = len(people)

    def ready() -> None:
        nonlocal waiting
        waiting -= 1
        if waiting == 0:
            run.logins = run.samples
            run.samples = []
            run.started = time.perf_counter()
            run.deadline = time.monotonic() + args.duration
            start.set()

    await asyncio.gather(
        *(
            simulated_user(run, account, i, sample, start, ready, logins)
            for i, account in enumerate(people)
        )
    )
    return run


# --- The server --------------------------------------------------------------------------


def check_database(run: Run) -> tuple[int, int, int]:
    """(accepted updates missing from the database, missing their history row, stored)."""
    from django.db.models import Q

    from workstreams.models import StatusUpdate

    stored = {
        update.done.split(" ", 1)[0]: update
        for update in StatusUpdate.objects.filter(done__startswith=f"[{run.marker}:")
        .select_related("author", "workstream")
        .only("pk", "done", "state", "author__username", "workstream__code")
    }
    # The history rows carrying the marker: the save ("+" for a new point, "~" for a draft
    # continued) and the submission, each signed by whoever made it.
    history = StatusUpdate.history.model.objects.filter(
        Q(done__startswith=f"[{run.marker}:")
    ).values_list("id", "history_user__username")
    signed: dict[int, set[str]] = defaultdict(set)
    for pk, username in history:
        signed[pk].add(username)
    missing = missing_history = 0
    for username, code, marker in run.accepted:
        update = stored.get(marker)
        if (
            update is None
            or update.workstream.code != code
            or update.author.username != username
            or update.state != StatusUpdate.State.SUBMITTED
        ):
            missing += 1
        elif signed.get(update.pk) != {username}:
            missing_history += 1
    return missing, missing_history, len(stored)


def report(args: argparse.Namespace, run: Run, elapsed: float, db: tuple[int, int, int]) -> bool:
    missing, missing_history, stored = db
    latencies = [s.seconds * 1000 for s in run.samples]
    errors = sum(not s.ok for s in run.samples) + sum(not s.ok for s in run.logins)
    print()
    print(
        f"Load test: {args.users} users, {args.duration:.0f} s, think {args.think} s, "
        f"{args.workers} gunicorn workers, database {args.database}, "
        f"cache {args.redis_url or 'per worker (no REDIS_URL)'}"
    )
    print(
        f"requests {len(latencies)}   throughput {len(latencies) / elapsed:.1f} req/s   "
        f"errors {errors}"
    )
    print(
        f"latency ms  p50 {percentile(latencies, 0.50):.1f}   p95 {percentile(latencies, 0.95):.1f}"
        f"   p99 {percentile(latencies, 0.99):.1f}   max {max(latencies, default=0):.1f}"
    )
    print()
    print(
        f"| {'request':<26} | {'count':>6} | {'p50 ms':>7} | {'p95 ms':>7} | {'p99 ms':>7} "
        f"| {'errors':>6} |"
    )
    print(f"|{'-' * 28}|{'-' * 8}:|{'-' * 9}:|{'-' * 9}:|{'-' * 9}:|{'-' * 8}:|")
    by_kind: dict[str, list[Sample]] = defaultdict(list)
    for s in run.samples:
        by_kind[s.kind].append(s)
    for kind, samples in sorted(by_kind.items()):
        ms = [s.seconds * 1000 for s in samples]
        print(
            f"| {kind:<26} | {len(ms):>6} | {percentile(ms, 0.50):>7.1f} | "
            f"{percentile(ms, 0.95):>7.1f} | {percentile(ms, 0.99):>7.1f} | "
            f"{sum(not s.ok for s in samples):>6} |"
        )
    print()
    print(
        f"updates accepted (302) {len(run.accepted)}   stored {stored}   "
        f"lost {missing}   without their history row {missing_history}"
    )
    login_ms = [s.seconds * 1000 for s in run.logins]
    print(
        f"logins before the load (not in the figures above): {len(run.logins)} requests, "
        f"p50 {percentile(login_ms, 0.50):.0f} ms, errors {sum(not s.ok for s in run.logins)}"
    )
    print(f"mean latency {statistics.fmean(latencies) if latencies else 0:.1f} ms")
    for failure in run.failures[:20]:
        print("  failure:", failure)
    return errors == 0 and missing == 0 and missing_history == 0


def main() -> int:
    args = parse_args()
    env = server_env(args)
    (ROOT / "var").mkdir(exist_ok=True)
    if args.prepare:
        prepare_database(args, env)
    manage(env, "collectstatic", "--noinput", "-v", "0")
    setup_django(env)
    accounts, sample = make_accounts(args.users)
    server = start_gunicorn(
        args.port, env, workers=args.workers, log_path=ROOT / "var" / "bench-gunicorn.log"
    )
    try:
        run = asyncio.run(run_load(args, accounts, sample))
        elapsed = time.perf_counter() - run.started
    finally:
        stop_gunicorn(server)
    return 0 if report(args, run, elapsed, check_database(run)) else 1


if __name__ == "__main__":
    sys.exit(main())
