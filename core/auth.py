"""Authentication with a per-account lock (see core.security).

The backend enforces the lock for every way in (the login page, the admin's login,
`Client.login` in tests); the login form only turns it into a clear French message.
"""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core import security


def lock_message() -> str:
    minutes = max(1, settings.LOGIN_LOCK_SECONDS // 60)
    return _(
        "Ce compte est verrouillé pendant %(minutes)d minutes après %(limit)d tentatives "
        "infructueuses. Réessayez plus tard ou demandez à l'administrateur de Cap de "
        "vérifier votre compte."
    ) % {"minutes": minutes, "limit": settings.LOGIN_FAILURE_LIMIT}


class ThrottledModelBackend(ModelBackend):
    """ModelBackend that refuses a locked account, even with the right password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if security.login_locked_until(username) is not None:
            # PermissionDenied stops authenticate() at once and sends user_login_failed.
            raise PermissionDenied
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            security.login_failure(username)
        else:
            security.login_reset(username)
        return user


class LoginForm(AuthenticationForm):
    """Django's login form (fields `username`, `password`) with the lock explained."""

    def clean(self):
        username = self.cleaned_data.get("username")
        if security.login_locked_until(username) is not None:
            raise self._locked_error()
        try:
            return super().clean()
        except forms.ValidationError:
            # The failure that reached the limit gets the lock message at once.
            if security.login_locked_until(username) is not None:
                raise self._locked_error() from None
            raise

    def _locked_error(self) -> forms.ValidationError:
        return forms.ValidationError(lock_message(), code="locked")
