"""Test settings: the production settings with a few overrides for speed and isolation."""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-used-anywhere-else-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
# The browser tier talks plain http to a live server on 127.0.0.1.
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")

# Under pytest-xdist (`make test` runs `-n auto`) each worker has its own database (the
# test database's name takes the worker's suffix) and, in the service tier, its own Redis
# database: every test clears the cache, which must not empty another worker's.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker.startswith("gw") and os.environ.get("REDIS_URL"):
    _base, _, _db = os.environ["REDIS_URL"].rpartition("/")
    if _db.isdigit():
        os.environ["REDIS_URL"] = f"{_base}/{(int(_db) - int(_worker[2:])) % 16}"

from cap2021.settings import *  # noqa: E402,F403
from cap2021.settings import DATABASES, REDIS_URL  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise would rescan every static file for each test Client; the live server of the
# browser tier serves static files through Django's own handler instead.
WHITENOISE_USE_FINDERS = False
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["NAME"] = ":memory:"
    DATABASES["default"]["OPTIONS"] = {}
else:
    # The pool and pytest-django's test database do not mix well: plain connections in tests.
    DATABASES["default"]["OPTIONS"].pop("pool", None)

# Without Redis, tasks run in the test process; with REDIS_URL (the service tier in CI),
# Celery talks to the real broker where a test asks for it explicitly.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_BROKER_TRANSPORT_OPTIONS = {}
