"""Security plumbing: the client's real address, session lifetime, security log.

Login throttling itself is django-axes' (core/auth.py configures it): failures are
counted per account AND address, in the database, so it keeps working without Redis.

Every login, failed login, lock and 403 answer is written to the `core.security`
logger, whose formatter stamps records in UTC (`core.logging.UTCFormatter`).
"""

import ipaddress
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

logger = logging.getLogger("core.security")

SESSION_LOGIN_AT = "cap_login_at"
SESSION_SEEN_AT = "cap_seen_at"


# The client's address ---------------------------------------------------------------------


def _networks(entries: list[str]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(entry, strict=False) for entry in entries]


def _parse_ip(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "192.0.2.1:443"
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def client_ip(request: HttpRequest | None) -> str:
    """The address of the person behind the request, as far as it can be trusted.

    REMOTE_ADDR is the peer of the TCP connection. Only when that peer is one of the
    reverse proxies listed in TRUSTED_PROXIES is X-Forwarded-For read, from its right end
    (the hop our own proxy appended) leftwards, skipping the other trusted proxies: the
    first address that is not a trusted proxy is the client. Whatever a client writes in
    the header itself sits further left and is never reached. With TRUSTED_PROXIES empty
    (the default), the header is ignored entirely.
    """
    if request is None:
        return "-"
    remote = request.META.get("REMOTE_ADDR") or ""
    trusted = _networks(settings.TRUSTED_PROXIES)
    remote_ip = _parse_ip(remote)
    if remote_ip is None:
        return remote or "-"
    if not any(remote_ip in net for net in trusted):
        return str(remote_ip)
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    client = remote_ip
    for hop in reversed(hops):
        hop_ip = _parse_ip(hop)
        if hop_ip is None:
            break  # a malformed hop: stop at the last address we could vouch for
        client = hop_ip
        if not any(hop_ip in net for net in trusted):
            break
    return str(client)


# Security log ----------------------------------------------------------------------------


@receiver(user_logged_in, dispatch_uid="core.security.logged_in")
def _on_logged_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        # Django has already given the session a new key (login() cycles it); the
        # absolute lifetime counts from here.
        request.session[SESSION_LOGIN_AT] = request.session[SESSION_SEEN_AT] = int(time.time())
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
    """End a session 12 hours (SESSION_ABSOLUTE_SECONDS) after its login, however active,
    and push its idle deadline back at most once a minute.

    The idle limit is Django's own SESSION_COOKIE_AGE, renewed whenever the session is
    saved. Instead of saving it on every request (an UPDATE per page view), the first
    request more than SESSION_REFRESH_SECONDS after the last renewal marks it modified, so
    SessionMiddleware saves it with a new expiry and cookie. A logged-in session without a
    login time predates this middleware: it is ended too.
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
        response = self.get_response(request)
        if session is not None and "_auth_user_id" in session:
            now = int(time.time())
            seen_at = session.get(SESSION_SEEN_AT)
            if not isinstance(seen_at, int) or now - seen_at >= settings.SESSION_REFRESH_SECONDS:
                session[SESSION_SEEN_AT] = now
        return response


class PrivateCacheMiddleware:
    """`Cache-Control: private, no-store` on every answer Django makes (pages, exports,
    PDFs, redirects, error pages): nothing Cap shows may stay in a shared proxy or in the
    browser's disk cache of a shared computer at the town hall.

    An answer that sets its own Cache-Control keeps it when nobody is logged in (the
    calendar feed, read by a calendar application with its token); a logged-in person's
    answer is always `private, no-store`. Static files are served by WhiteNoise, placed
    before this middleware, with their own long-lived headers.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control") or _is_authenticated(request):
            response["Cache-Control"] = "private, no-store"
            response.headers.pop("Expires", None)
        return response


def _is_authenticated(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is None:
        return False
    try:
        return bool(user.is_authenticated)
    except Exception:  # noqa: BLE001 — the database may be down: the answer is a 500 page
        return False


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, except that a 500 answer leaves the session alone: Django never saves a
    session on a 500, and reading it again there (to refresh the cookie) would make a
    request wait twice for a database that is down."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if response.status_code >= 500:
            return response
        return super().process_response(request, response)
