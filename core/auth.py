"""Login throttling with django-axes, and the forms that explain it (issue 15, point 2).

Failures are counted per account AND address (AXES_LOCKOUT_PARAMETERS
[["username", "ip_address"]]): ten wrong passwords for `dg` typed from an outsider's
address lock `dg` out of that address only; the DG, from her own, still logs in. The
address is the client's real one, read through the trusted proxies (core.security.client_ip).

The counters are axes' database rows (AccessAttempt), not the cache: login keeps working,
and keeps being throttled, when Redis is down.

The lock is progressive (`lock_duration`): LOGIN_LOCK_SECONDS after LOGIN_FAILURE_LIMIT
failures, doubled for every further LOGIN_FAILURE_LIMIT failures from the same address
(failures during a lock are counted and extend it), never more than LOGIN_LOCK_MAX_SECONDS.
Each row carries its own expiry (AXES_USE_ATTEMPT_EXPIRATION), so one account's long lock
is not cut short by another's short one.

The person is told: the login page and the password-change form say until when, and the
account's owner receives an email at the lock (and at each doubling). An administrator
lifts a lock from the admin (Utilisateurs → « Lever le blocage des connexions », or the
« Tentatives d'accès » list) or with `manage.py axes_reset_username <username>`.
"""

import datetime as dt
import logging
from collections.abc import Callable

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from axes.utils import reset as axes_reset
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView, PasswordChangeView
from django.core.mail import send_mail
from django.db.models import Max, Sum
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import security

logger = logging.getLogger("core.security")


# Values read with the logged-in person on every request, in the query that loads them
# (name -> expression factory): the header's unread-notification count costs no query of its
# own. Filled by the apps above (notifications registers its count), so core imports none.
_SESSION_ANNOTATIONS: dict[str, Callable] = {}


def register_session_annotation(name: str, expression: Callable) -> None:
    """Annotate the request's user with `expression()` (a subquery on `pk`) as `name`."""
    _SESSION_ANNOTATIONS[name] = expression


# What axes calls -------------------------------------------------------------------------


def throttle_username(request: HttpRequest | None, credentials: dict | None = None) -> str | None:
    """AXES_USERNAME_CALLABLE: the account's name, compared without regard to case."""
    username = (credentials or {}).get("username")
    if username is None and request is not None:
        username = request.POST.get("username")
        user = getattr(request, "user", None)
        if username is None and user is not None and user.is_authenticated:
            # The password-change form: the account is the session's own.
            username = user.get_username()
    if not username:
        return None
    return str(username).strip().casefold()[:255]


def throttle_ip(request: HttpRequest) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the client's address behind the trusted proxies."""
    address = security.client_ip(request)
    return None if address == "-" else address


def throttle_exempt(request: HttpRequest, credentials: dict | None = None) -> bool:
    """AXES_WHITELIST_CALLABLE: the OpenID Connect callback is not counted.

    It carries no password to guess (the provider's own login form is the one to
    throttle, and a forged callback fails its state check before any authentication).
    Counted, its refusals would pile up under "no username" per address, and one agent
    without access retrying ten times would shut single sign-on for a whole office
    behind one address.
    """
    if throttle_username(request, credentials) is not None:
        return False
    try:
        return request.path == reverse("oidc_authentication_callback")
    except NoReverseMatch:
        return False


def _pair_attempts(request: HttpRequest | None, credentials: dict | None = None):
    if request is None:
        return None
    username = throttle_username(request, credentials or getattr(request, "axes_credentials", None))
    address = getattr(request, "axes_ip_address", None) or throttle_ip(request)
    if username is None:
        return None
    return AccessAttempt.objects.filter(username=username, ip_address=address)


def lock_duration(request: HttpRequest | None = None) -> dt.timedelta:
    """AXES_COOLOFF_TIME: how long the (account, address) pair stays locked.

    LOGIN_LOCK_SECONDS after LOGIN_FAILURE_LIMIT failures, doubled for every further
    LOGIN_FAILURE_LIMIT failures, capped at LOGIN_LOCK_MAX_SECONDS.
    """
    base = settings.LOGIN_LOCK_SECONDS
    attempts = _pair_attempts(request)
    failures = 0
    if attempts is not None:
        failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
    rounds = max(0, failures // settings.LOGIN_FAILURE_LIMIT - 1)
    seconds = min(settings.LOGIN_LOCK_MAX_SECONDS, base * 2 ** min(rounds, 16))
    return dt.timedelta(seconds=seconds)


def locked_until(request: HttpRequest, credentials: dict | None = None) -> dt.datetime | None:
    attempts = _pair_attempts(request, credentials)
    if attempts is None:
        return None
    last = attempts.aggregate(last=Max("attempt_time"))["last"]
    return None if last is None else last + lock_duration(request)


def lock_message(request: HttpRequest, credentials: dict | None = None) -> str:
    until = locked_until(request, credentials)
    duration = lock_duration(request)
    minutes = max(1, int(duration.total_seconds()) // 60)
    when = (
        formats.time_format(timezone.localtime(until), "H:i")
        if until is not None
        else _("la fin du blocage")
    )
    return ngettext(
        "Trop de tentatives infructueuses pour ce compte depuis votre adresse : les "
        "connexions sont suspendues pendant %(minutes)d minute, jusqu'à %(until)s. Vos "
        "collègues ne sont pas concernés. Si vous avez oublié votre mot de passe, demandez "
        "à l'administrateur de Cap de le réinitialiser ou de lever le blocage.",
        "Trop de tentatives infructueuses pour ce compte depuis votre adresse : les "
        "connexions sont suspendues pendant %(minutes)d minutes, jusqu'à %(until)s. Vos "
        "collègues ne sont pas concernés. Si vous avez oublié votre mot de passe, demandez "
        "à l'administrateur de Cap de le réinitialiser ou de lever le blocage.",
        minutes,
    ) % {"minutes": minutes, "until": when}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: answer 429 with the page that explains the lock.

    Our login and password-change forms already show the lock's message: their page is
    kept (what the person typed, the field errors) with the 429 status. Any other door
    (the admin's login) gets a page of its own.
    """
    if original_response is not None and getattr(request, "cap_lock_explained", False):
        original_response.status_code = 429
        return original_response
    return render(
        request,
        "registration/locked.html",
        {"message": lock_message(request, credentials)},
        status=429,
    )


def unlock(username: str) -> int:
    """Lift every lock of an account, from every address; returns how many were lifted."""
    count = axes_reset(username=throttle_username(None, {"username": username}))
    logger.info("login-unlocked username=%r attempts=%d", username, count)
    return count


@receiver(user_locked_out, dispatch_uid="core.auth.locked_out")
def _on_locked_out(sender, request, username, ip_address, **kwargs) -> None:
    """Log the lock and tell the account's owner by email, at the lock and each doubling."""
    failures = getattr(request, "axes_failures_since_start", None) or 0
    if failures % settings.LOGIN_FAILURE_LIMIT:
        return  # a failure during the lock: it extends it, nobody is emailed again
    seconds = int(lock_duration(request).total_seconds())
    logger.warning(
        "login-locked username=%r ip=%s failures=%d seconds=%d",
        username,
        ip_address,
        failures,
        seconds,
    )
    user = get_user_model().objects.filter(username__iexact=username or "").first()
    if user is None or not user.email:
        return
    until = timezone.localtime(timezone.now() + dt.timedelta(seconds=seconds))
    body = _(
        "Bonjour,\n\n"
        "%(failures)d tentatives de connexion infructueuses ont été faites sur votre compte "
        "Cap (identifiant « %(username)s ») depuis l'adresse %(ip)s. Les connexions à ce "
        "compte depuis cette adresse sont suspendues jusqu'au %(until)s (heure de Paris). "
        "Depuis votre poste habituel, vous pouvez toujours vous connecter.\n\n"
        "Si ce n'était pas vous, prévenez l'administrateur de Cap : quelqu'un essaie "
        "peut-être de deviner votre mot de passe.\n"
    ) % {
        "failures": failures,
        "username": user.get_username(),
        "ip": ip_address or "?",
        "until": formats.date_format(until, "d/m/Y à H:i"),
    }
    try:
        send_mail(
            _("Cap : connexions à votre compte suspendues"),
            body,
            None,
            [user.email],
        )
    except Exception:  # a mail server down must not turn the login page into a 500
        logger.exception("login-locked-mail-failed username=%r", username)


# Backends and forms ----------------------------------------------------------------------


class LocalBackend(ModelBackend):
    """Cap's own accounts. With LOCAL_LOGIN=admins (single sign-on in place), only the
    administrators' local accounts may still log in with a password: the break-glass
    door when the directory is down."""

    def user_can_authenticate(self, user) -> bool:
        if settings.LOCAL_LOGIN == "admins" and not user.is_superuser:
            return False
        return super().user_can_authenticate(user)

    def get_user(self, user_id):
        """The session's user, with the registered annotations in the same query."""
        manager = get_user_model()._default_manager
        annotations = {name: make() for name, make in _SESSION_ANNOTATIONS.items()}
        try:
            user = manager.annotate(**annotations).get(pk=user_id)
        except manager.model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class LoginForm(AuthenticationForm):
    """Django's login form (fields `username`, `password`) with the lock explained."""

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            # axes flags the request when this failure reached the limit or the pair was
            # already locked (even against the right password).
            if getattr(self.request, "axes_locked_out", False):
                self.request.cap_lock_explained = True
                raise forms.ValidationError(lock_message(self.request), code="locked") from None
            raise


class ThrottledPasswordChangeForm(PasswordChangeForm):
    """The password change, where a wrong old password counts as a failed login.

    A stolen session cannot guess the old password faster than the login page allows:
    the same counter (account, address), the same lock, the same message.
    """

    def __init__(self, user, *args, request: HttpRequest | None = None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        credentials = {"username": self.user.get_username()}
        if self.request is not None and not AxesProxyHandler.is_allowed(self.request, credentials):
            # Refused before any password is checked, and counted like a refused login
            # (it extends the lock); the middleware answers 429.
            user_login_failed.send(sender=__name__, credentials=credentials, request=self.request)
            self.request.axes_locked_out = True
            self.request.cap_lock_explained = True
            raise forms.ValidationError(lock_message(self.request, credentials), code="locked")
        old_password = self.cleaned_data["old_password"]
        if not self.user.check_password(old_password):
            user_login_failed.send(sender=__name__, credentials=credentials, request=self.request)
            if getattr(self.request, "axes_locked_out", False):
                self.request.cap_lock_explained = True
                raise forms.ValidationError(lock_message(self.request, credentials), code="locked")
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


class ThrottledPasswordChangeView(PasswordChangeView):
    form_class = ThrottledPasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


class CapLoginView(LoginView):
    """The login page, offering « Se connecter avec <fournisseur> » when OpenID Connect is
    configured, and saying so when a single sign-on came back refused."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sso_provider"] = settings.OIDC_PROVIDER_NAME if settings.OIDC_ENABLED else ""
        context["sso_failed"] = settings.OIDC_ENABLED and self.request.GET.get("sso") == "echec"
        context["directory_login"] = settings.LDAP_ENABLED
        return context
