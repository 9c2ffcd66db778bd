"""Security plumbing: login throttling per account, session lifetime, security log.

Login throttling counts failures per account, not per address: the agents of the town
hall all come from the same public IP, so a per-address lock would shut everybody out
after one person's typos. The counters live in the Django cache (Redis in production,
locmem otherwise). The lock's end is stored as a timestamp and compared with the clock,
so the lock lasts LOGIN_LOCK_SECONDS whatever the cache backend's own expiry does.

Every login, failed login, lock and 403 answer is written to the `core.security`
logger, whose formatter stamps records in UTC (`core.logging.UTCFormatter`).
"""

import hashlib
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

logger = logging.getLogger("core.security")

SESSION_LOGIN_AT = "cap_login_at"


# Login throttling ------------------------------------------------------------------------


def _keys(username: str) -> tuple[str, str]:
    # Hashed so that any username (spaces, accents, length) makes a valid cache key.
    digest = hashlib.sha256(username.strip().casefold().encode()).hexdigest()[:32]
    return f"login-failures:{digest}", f"login-locked-until:{digest}"


def login_locked_until(username: str | None) -> float | None:
    """The timestamp the account's lock ends at, or None when it may log in."""
    if not username:
        return None
    failures_key, lock_key = _keys(username)
    until = cache.get(lock_key)
    if until is None:
        return None
    if until <= time.time():
        # The lock is over: the account starts again from zero failures.
        cache.delete_many([failures_key, lock_key])
        return None
    return until


def login_failure(username: str | None) -> int:
    """Count one failed attempt; lock the account when the limit is reached."""
    if not username:
        return 0
    failures_key, lock_key = _keys(username)
    window = settings.LOGIN_LOCK_SECONDS
    cache.add(failures_key, 0, timeout=window)
    try:
        failures = cache.incr(failures_key)
    except ValueError:  # expired between add() and incr()
        cache.set(failures_key, 1, timeout=window)
        failures = 1
    if failures >= settings.LOGIN_FAILURE_LIMIT:
        cache.set(lock_key, time.time() + settings.LOGIN_LOCK_SECONDS, timeout=window + 60)
        logger.warning(
            "login-locked username=%r failures=%d seconds=%d",
            username,
            failures,
            settings.LOGIN_LOCK_SECONDS,
        )
    return failures


def login_reset(username: str | None) -> None:
    if username:
        cache.delete_many(list(_keys(username)))


# Security log ----------------------------------------------------------------------------


def client_ip(request: HttpRequest | None) -> str:
    if request is None:
        return "-"
    return request.META.get("REMOTE_ADDR") or "-"


@receiver(user_logged_in, dispatch_uid="core.security.logged_in")
def _on_logged_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        # Django has already given the session a new key (login() cycles it); the
        # absolute lifetime counts from here.
        request.session[SESSION_LOGIN_AT] = int(time.time())
    logger.info(
        "login-success user=%r id=%s ip=%s", user.get_username(), user.pk, client_ip(request)
    )


def update_last_login_quietly(sender, user, **kwargs) -> None:
    """Django's update_last_login without a history row (connected in CapConfig.ready).

    A login changes nothing in the account (last_login is excluded from the user's
    history); the security log records it. A history row per login would drown the real
    changes of the activity feed.
    """
    user.last_login = timezone.now()
    save = getattr(user, "save_without_historical_record", user.save)
    save(update_fields=["last_login"])


@receiver(user_login_failed, dispatch_uid="core.security.login_failed")
def _on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    # Django has already masked the password in `credentials`; only the username is kept.
    logger.warning(
        "login-failed username=%r ip=%s", credentials.get("username"), client_ip(request)
    )


# Middleware ------------------------------------------------------------------------------


class SecurityLogMiddleware:
    """Log every 403 answer, whether a view, a permission check or CSRF refused it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 403:
            user = getattr(request, "user", None)
            username = user.get_username() if user is not None and user.is_authenticated else "-"
            logger.warning(
                "forbidden method=%s path=%r user=%r ip=%s",
                request.method,
                request.path,
                username,
                client_ip(request),
            )
        return response


class SessionLifetimeMiddleware:
    """End a session 12 hours (SESSION_ABSOLUTE_SECONDS) after its login, however active.

    The idle limit is Django's own (SESSION_COOKIE_AGE refreshed on every request). A
    logged-in session without a login time predates this middleware: it is ended too.
    Placed after SessionMiddleware and before AuthenticationMiddleware, so the request
    is anonymous from the start once its session is flushed.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and "_auth_user_id" in session:
            login_at = session.get(SESSION_LOGIN_AT)
            too_old = (
                login_at is None or time.time() - login_at >= settings.SESSION_ABSOLUTE_SECONDS
            )
            if too_old:
                logger.info(
                    "session-expired user-id=%s ip=%s",
                    session.get("_auth_user_id"),
                    client_ip(request),
                )
                session.flush()
        return self.get_response(request)
