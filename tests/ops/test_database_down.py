"""The database unreachable (DATABASE_URL on a closed port, in a child process with the
production settings and their connection pool; nothing mocked): /healthz answers 503 within
2 seconds, and every page answers the French 500 page with every security header and
`Cache-Control: private, no-store`, within the pool's wait."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ops.conftest import closed_port

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def answers() -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cap2021.settings",
        "DATABASE_URL": f"postgres://cap:cap@127.0.0.1:{closed_port()}/cap",
        "DEBUG": "false",
        "SECRET_KEY": "database-down-probe-" + "k" * 40,
        "ALLOWED_HOSTS": "testserver",
        "REDIS_URL": "",
        "LOG_LEVEL": "CRITICAL",
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.ops.database_down_probe"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return {answer["path"]: answer for answer in json.loads(done.stdout.splitlines()[-1])}


def _assert_headers(answer: dict) -> None:
    headers = answer["headers"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "no-store" in headers["Cache-Control"]
    assert "private" in headers["Cache-Control"]


def test_healthz_answers_503_within_two_seconds(answers):
    health = answers["/healthz"]
    assert health["status"] == 503
    assert health["seconds"] < 2
    payload = json.loads(health["body"])
    assert payload["database"] == "down" and payload["status"] == "down"
    _assert_headers(health)


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/nulle-part/"])
def test_every_page_answers_the_french_500_page_with_the_headers(answers, path):
    answer = answers[path]
    assert answer["status"] == 500
    assert "Erreur du serveur" in answer["body"]
    assert "Traceback" not in answer["body"]
    _assert_headers(answer)
    # The pool gives up after DATABASE_POOL_TIMEOUT (5 s by default); a refused
    # connection fails at once.
    assert answer["seconds"] < 6
