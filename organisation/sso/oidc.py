"""OpenID Connect login (mozilla-django-oidc), configured by cap2021/sso.py.

The authorization-code flow with PKCE and nonce, the ID token's signature checked against
the provider's JWKS; a userinfo answered as a signed JWT (ProConnect) is accepted. The
claims of the ID token and of userinfo together give the username (OIDC_USERNAME_CLAIM),
the groups (OIDC_GROUPS_CLAIM) and optionally the unit (OIDC_UNIT_CLAIM); Cap's service
maps them to a role and an org unit.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from organisation.services import user_sync_from_directory


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def claim_groups(value) -> list[str]:
    """A groups claim as a list of names: a list or a single string; Keycloak's group
    paths ("/cap-dg") lose their leading slash."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    return [item.lstrip("/") for item in value if isinstance(item, str) and item.strip()]


class CapOIDCBackend(OIDCAuthenticationBackend):
    def get_or_create_user(self, access_token, id_token, payload):
        claims = {**payload, **self.get_userinfo(access_token, id_token, payload)}
        username = _text(claims.get(settings.OIDC_USERNAME_CLAIM)).strip()
        if not username:
            raise SuspiciousOperation(f"no {settings.OIDC_USERNAME_CLAIM!r} claim")
        return user_sync_from_directory(
            username=username,
            first_name=_text(claims.get("given_name")),
            last_name=_text(claims.get("family_name") or claims.get("usual_name")),
            email=_text(claims.get("email")),
            groups=claim_groups(claims.get(settings.OIDC_GROUPS_CLAIM)),
            unit_hint=_text(claims.get(settings.OIDC_UNIT_CLAIM))
            if settings.OIDC_UNIT_CLAIM
            else "",
            source="oidc",
        )


@login_not_required
def authentication_init(request, *args, **kwargs):
    if not settings.OIDC_ENABLED:
        raise Http404
    return OIDCAuthenticationRequestView.as_view()(request, *args, **kwargs)


@login_not_required
def authentication_callback(request, *args, **kwargs):
    if not settings.OIDC_ENABLED:
        raise Http404
    return OIDCAuthenticationCallbackView.as_view()(request, *args, **kwargs)
