"""What the benchmark scripts share: the production settings they serve with, the manage.py
runner, gunicorn on loopback, Django set up in-process, and the percentile they report."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def production_env(**overrides: str) -> dict[str, str]:
    """Production settings over plain http on loopback (DEBUG off, a throwaway key)."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DJANGO_SETTINGS_MODULE="cap2021.settings",
        DEBUG="false",
        SECRET_KEY=os.environ.get("SECRET_KEY") or "bench-only-throwaway-secret-key-" + "b" * 32,
        ALLOWED_HOSTS=f"{HOST},testserver",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_HSTS_SECONDS="0",
        EMAIL_URL=env.get("EMAIL_URL") or "console://",
    )
    env.update(overrides)
    return env


def manage(env: dict[str, str], *argv: str) -> None:
    print("$ manage.py", " ".join(argv), flush=True)
    subprocess.run([sys.executable, "manage.py", *argv], cwd=ROOT, env=env, check=True)


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def start_gunicorn(
    port: int, env: dict[str, str], *, workers: int, log_path: Path | None = None
) -> subprocess.Popen:
    """gunicorn serving the project's WSGI application on loopback, once /healthz answers."""
    log = open(log_path, "w") if log_path else None  # noqa: SIM115 — lives with the server
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "cap2021.wsgi:application",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT if log else None,
    )
    import httpx

    deadline = time.monotonic() + 30  # bounded
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with code {server.returncode}")
        try:
            if httpx.get(f"http://{HOST}:{port}/healthz", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    stop_gunicorn(server)
    raise SystemExit("gunicorn did not answer /healthz within 30 s")


def stop_gunicorn(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile (fraction 0.95 for the 95th); 0 for no value."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]
