"""Run in a child process by test_database_down.py, with DATABASE_URL on a closed port:
requests through the production settings (pool included), answers printed as JSON."""

import json
import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cap2021.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

HEADERS = (
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "X-Frame-Options",
    "Strict-Transport-Security",
    "Cache-Control",
)


def probe(client: Client, path: str) -> dict:
    started = time.monotonic()
    response = client.get(path, secure=True)
    return {
        "path": path,
        "status": response.status_code,
        "seconds": round(time.monotonic() - started, 3),
        "headers": {name: response.get(name) for name in HEADERS},
        "body": response.content.decode(errors="replace")[:2000],
    }


anonymous = Client(raise_request_exception=False)
# A served process is warm: its first request (imports, URLconf) is not the one measured.
anonymous.get("/healthz", secure=True)
signed_in = Client(raise_request_exception=False)
# A session cookie makes the session middleware read the database.
signed_in.cookies["sessionid"] = "x" * 32
print(
    json.dumps(
        [
            probe(anonymous, "/healthz"),
            probe(signed_in, "/"),
            probe(anonymous, "/accounts/login/"),
            probe(signed_in, "/nulle-part/"),
        ]
    )
)
