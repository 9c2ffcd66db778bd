"""Cap settings, read from the environment through small strict helpers.

Every value that differs between a laptop and production comes from an environment
variable; a malformed value stops the process at start-up instead of being guessed.
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from cap2021.sso import sso_settings

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """Turn postgres://user:pass@host:port/name into a DATABASES entry (psycopg 3 + pool)."""
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(f"DATABASE_URL must be postgres://…, got {parsed.scheme!r}")
    options = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
    use_pool = options.pop("pool", "true").lower() not in {"0", "false", "no", "off"}
    # An unreachable server is given up on after DATABASE_CONNECT_TIMEOUT seconds (2), so
    # that /healthz and the error pages answer quickly instead of hanging (README: degraded
    # modes).
    options.setdefault("connect_timeout", str(env_int("DATABASE_CONNECT_TIMEOUT", 2)))
    if use_pool:
        options["pool"] = {
            "min_size": env_int("DATABASE_POOL_MIN", 2),
            "max_size": env_int("DATABASE_POOL_MAX", 10),
            # How long a request waits for a free connection before its 500 page.
            "timeout": env_int("DATABASE_POOL_TIMEOUT", 5),
        }
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parsed.path.lstrip("/")) or "cap2021",
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or ""),
        "OPTIONS": options,
        "CONN_MAX_AGE": 0,
        "TEST": {"NAME": env_str("DATABASE_TEST_NAME", "") or None},
    }


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off.")
    # A development-only key: DEBUG is on, so this process never serves the public.
    SECRET_KEY = "dev-only-insecure-key-" + "x" * 40

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "simple_history",
    "axes",
    # Our apps, bottom of the stack first (DESIGN.md §2: imports only go downward).
    "core.apps.CoreConfig",
    "notifications",
    "organisation",
    "priorities",
    "workstreams",
    "recruitment",
    "governance",
    "reporting",
    "demo",
]

# The header middlewares come first, so that every answer carries the security headers,
# the error pages included (a 500 raised by the session middleware when the database is
# down still passes through them), and every dynamic answer its Cache-Control.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "core.security.SecurityLogMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.security.PrivateCacheMiddleware",
    "core.security.SessionMiddleware",
    "core.security.SessionLifetimeMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a lock into core.auth.lockout_response (429).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cap2021.urls"
WSGI_APPLICATION = "cap2021.wsgi.application"
ASGI_APPLICATION = "cap2021.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "organisation.context_processors.navigation",
                "priorities.context_processors.programme",
            ],
        },
    },
]
# Django's widgets drawn from Django's Jinja2 copies of their templates (core/forms.py).
FORM_RENDERER = "core.forms.FormRenderer"

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": Path(env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3"))),
            "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    # Redis down degrades the cache (it answers as empty, logs), never a page: core/cache.py.
    CACHES = {
        "default": {
            "BACKEND": "core.cache.DegradingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cap2021",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions live in the database, never in the cache: Redis down logs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_USER_MODEL = "organisation.User"
# django-axes first (it refuses a locked account/address pair before any password is
# checked), then Cap's local accounts (core/auth.py).
# Single sign-on (cap2021/sso.py): OpenID Connect and/or LDAP, each when configured.
_sso = sso_settings(os.environ)
globals().update(_sso)
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "core.auth.LocalBackend",
    *_sso["SSO_BACKENDS"],
]
# Local accounts: "all", or "admins" once single sign-on is in place (only superusers may
# then log in with a local password: the door when the directory is down).
LOCAL_LOGIN = env_str("LOCAL_LOGIN", "all")
if LOCAL_LOGIN not in {"all", "admins"}:
    raise ImproperlyConfigured(f"LOCAL_LOGIN must be 'all' or 'admins', got {LOCAL_LOGIN!r}")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions: 30 minutes idle, 12 hours in all. The idle deadline is pushed back by the
# first request after SESSION_REFRESH_SECONDS (core.security.SessionLifetimeMiddleware),
# not by every request: a page view writes nothing, and a session ends between 29 and 30
# minutes after the last activity.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_REFRESH_SECONDS = env_int("SESSION_REFRESH_SECONDS", 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Login throttling (django-axes, core/auth.py): failures counted per account AND client
# address, so that an outsider cannot lock a colleague out; the lock doubles with every
# further LOGIN_FAILURE_LIMIT failures, up to LOGIN_LOCK_MAX_SECONDS.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
LOGIN_LOCK_SECONDS = env_int("LOGIN_LOCK_SECONDS", 15 * 60)
LOGIN_LOCK_MAX_SECONDS = env_int("LOGIN_LOCK_MAX_SECONDS", 24 * 60 * 60)
# The reverse proxies in front of Cap (addresses or networks, comma-separated): only a
# request coming from one of them has its X-Forwarded-For read (core.security.client_ip).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
try:
    import ipaddress as _ipaddress

    for _proxy in TRUSTED_PROXIES:
        _ipaddress.ip_network(_proxy, strict=False)
except ValueError as _error:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_error}") from None
AXES_ENABLED = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"  # no cache: works without Redis
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = "core.auth.lock_duration"
AXES_USE_ATTEMPT_EXPIRATION = True
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
AXES_USERNAME_CALLABLE = "core.auth.throttle_username"
AXES_WHITELIST_CALLABLE = "core.auth.throttle_exempt"
AXES_CLIENT_IP_CALLABLE = "core.auth.throttle_ip"
AXES_LOCKOUT_CALLABLE = "core.auth.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["username", "password", "old_password", "new_password1"]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files are never served as static files: /files/<path> streams each one after
# the permission check of the app that owns it (core.uploads.serve_upload); behind nginx,
# UPLOADS_X_ACCEL_REDIRECT=/protected-files/ hands the bytes to an internal location.
MEDIA_URL = "/files/"
UPLOADS_X_ACCEL_REDIRECT = env_str("UPLOADS_X_ACCEL_REDIRECT")
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Where `manage.py backup` writes its archives (the `backups` volume in compose).
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(BASE_DIR / "var" / "backups")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 5 * 1024 * 1024)
# An imported XLSX is refused, before it is parsed, if its ZIP members unpack beyond this.
IMPORT_XLSX_MAX_UNPACKED_BYTES = env_int("IMPORT_XLSX_MAX_UNPACKED_BYTES", 50 * 1024 * 1024)
# How long a dry run's file waits for its "Confirmer l'import".
IMPORT_TOKEN_SECONDS = env_int("IMPORT_TOKEN_SECONDS", 60 * 60)

# Security headers. The CSP allows no inline script; each page's own scripts carry a nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False
# HSTS preload binds the whole domain of the town hall (every subdomain, for months, hard
# to undo): a decision for the city's IT department, not for one application's settings.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_HTTPONLY = True

# Email through Django 6.1's MAILERS.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "cap2021@mairie.example")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_URL = env_str("EMAIL_URL", "console://" if DEBUG else "")
if EMAIL_URL.startswith("smtp"):
    _mail = urlparse(EMAIL_URL)
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _mail.hostname or "localhost",
                "port": _mail.port or 25,
                "username": unquote(_mail.username or ""),
                "password": unquote(_mail.password or ""),
                "use_tls": _mail.scheme == "smtp+tls",
                "timeout": 10,
            },
        }
    }
elif EMAIL_URL.startswith("console"):
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    # No mail server configured: messages are kept in the in-app notification list only.
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}

# Celery: Redis when REDIS_URL is set; otherwise a broker in a local folder, so that
# `make run` starts a real worker and beat with no other service.
CELERY_BROKER_DIR = BASE_DIR / "var" / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict = {"socket_connect_timeout": 1, "socket_timeout": 2}
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_TIMEZONE = TIME_ZONE
# Publishing a task never holds a request: one quick try, then the caller logs the broker's
# absence and the hourly sweep picks the work up (core.tasks.publish).
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY = False
# Delivery tasks are acknowledged once done, so a worker killed mid-send loses nothing.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_IGNORE_RESULT = True
CELERY_BEAT_SCHEDULE_FILENAME = str(BASE_DIR / "var" / "celerybeat-schedule")

# Reminder and legal delays: settings with DOMAIN.md's defaults.
CAP_REMINDER_MILESTONE_DAYS = [14, 7, 1]
# A notification's email is tried this many times (1, 2, 4, 8… minutes apart), then shown
# to the administrator as failed (admin: Notifications, "Envois en échec").
CAP_NOTIFICATION_MAX_ATTEMPTS = env_int("CAP_NOTIFICATION_MAX_ATTEMPTS", 5)
CAP_STALE_UPDATE_DAYS = env_int("CAP_STALE_UPDATE_DAYS", 14)
CAP_RECRUITMENT_STUCK_DAYS = env_int("CAP_RECRUITMENT_STUCK_DAYS", 30)
CAP_PUBLICATION_MIN_MONTHS = env_int("CAP_PUBLICATION_MIN_MONTHS", 1)
CAP_MUTATION_NOTICE_MONTHS = env_int("CAP_MUTATION_NOTICE_MONTHS", 3)
CAP_COMMUNE_POPULATION = env_int("CAP_COMMUNE_POPULATION", 45000)
# The point d'étape's PDF is printed in the request up to this many workstreams (a few
# seconds), by a Celery task beyond (reporting/pdf_files.py, docs/performance.md).
CAP_REPORT_PDF_INLINE_WORKSTREAMS = env_int("CAP_REPORT_PDF_INLINE_WORKSTREAMS", 40)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "utc": {
            "()": "core.logging.UTCFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "utc"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "core.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # axes repeats at INFO what core.security already logs (failures, locks).
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # WeasyPrint logs each step of every PDF, and every screen-only CSS rule it skips.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
    },
}
