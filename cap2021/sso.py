"""Single sign-on settings, read from the environment (README « Authentification unique »).

Both ways in are optional and independent:

- OpenID Connect (mozilla-django-oidc) when OIDC_RP_CLIENT_ID is set: Keycloak,
  LemonLDAP::NG, Entra ID, ProConnect or any certified provider;
- LDAP / Active Directory (django-auth-ldap) when LDAP_SERVER_URI is set.

The mapping from directory groups (LDAP group names, or the values of the OIDC groups
claim) to Cap's roles and org units is shared: SSO_GROUP_ROLES and SSO_GROUP_UNITS, JSON
objects. `sso_settings(env)` returns the settings as a dict so that the tests build them
from the same code as production.
"""

import json
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

ROLES = ("dg", "director", "hr", "elected")


def _json_object(env: Mapping[str, str], name: str) -> dict[str, str]:
    raw = env.get(name, "").strip()
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ImproperlyConfigured(f"{name} must be a JSON object: {error}") from None
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ImproperlyConfigured(f"{name} must be a JSON object of strings")
    return value


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    try:
        return int(raw) if raw else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None


def sso_settings(env: Mapping[str, str]) -> dict:
    roles = _json_object(env, "SSO_GROUP_ROLES")
    wrong = sorted(set(roles.values()) - set(ROLES))
    if wrong:
        raise ImproperlyConfigured(
            f"SSO_GROUP_ROLES: unknown role(s) {wrong}; use one of {', '.join(ROLES)}"
        )
    result: dict = {
        "SSO_GROUP_ROLES": roles,
        "SSO_GROUP_UNITS": _json_object(env, "SSO_GROUP_UNITS"),
        # Without a mapped role, a directory account is refused (no default access).
        "SSO_DEFAULT_ROLE": env.get("SSO_DEFAULT_ROLE", "").strip(),
        "OIDC_ENABLED": bool(env.get("OIDC_RP_CLIENT_ID", "").strip()),
        "LDAP_ENABLED": bool(env.get("LDAP_SERVER_URI", "").strip()),
    }
    if result["SSO_DEFAULT_ROLE"] and result["SSO_DEFAULT_ROLE"] not in ROLES:
        raise ImproperlyConfigured(f"SSO_DEFAULT_ROLE must be one of {', '.join(ROLES)}")
    backends = []
    if result["OIDC_ENABLED"]:
        result.update(_oidc(env))
        backends.append("organisation.sso.oidc.CapOIDCBackend")
    if result["LDAP_ENABLED"]:
        result.update(_ldap(env))
        backends.append("organisation.sso.ldap.CapLDAPBackend")
    result["SSO_BACKENDS"] = backends
    return result


def _oidc(env: Mapping[str, str]) -> dict:
    required = (
        "OIDC_OP_AUTHORIZATION_ENDPOINT",
        "OIDC_OP_TOKEN_ENDPOINT",
        "OIDC_OP_USER_ENDPOINT",
        "OIDC_OP_JWKS_ENDPOINT",
    )
    missing = [name for name in required if not env.get(name, "").strip()]
    if missing:
        raise ImproperlyConfigured(f"OIDC_RP_CLIENT_ID is set: {', '.join(missing)} required")
    extra = _json_object(env, "OIDC_AUTH_REQUEST_EXTRA_PARAMS")
    return {
        "OIDC_PROVIDER_NAME": env.get("OIDC_PROVIDER_NAME", "").strip() or "SSO",
        "OIDC_RP_CLIENT_ID": env["OIDC_RP_CLIENT_ID"].strip(),
        "OIDC_RP_CLIENT_SECRET": env.get("OIDC_RP_CLIENT_SECRET", ""),
        "OIDC_RP_SIGN_ALGO": env.get("OIDC_RP_SIGN_ALGO", "").strip() or "RS256",
        "OIDC_RP_SCOPES": env.get("OIDC_RP_SCOPES", "").strip() or "openid email profile",
        **{name: env[name].strip() for name in required},
        "OIDC_OP_LOGOUT_URL": env.get("OIDC_OP_LOGOUT_URL", "").strip(),
        "OIDC_AUTH_REQUEST_EXTRA_PARAMS": extra,
        "OIDC_USE_PKCE": _bool(env, "OIDC_USE_PKCE", True),
        "OIDC_USE_NONCE": True,
        "OIDC_TIMEOUT": _int(env, "OIDC_TIMEOUT", 10),
        "OIDC_USERNAME_CLAIM": env.get("OIDC_USERNAME_CLAIM", "").strip() or "preferred_username",
        "OIDC_GROUPS_CLAIM": env.get("OIDC_GROUPS_CLAIM", "").strip() or "groups",
        "OIDC_UNIT_CLAIM": env.get("OIDC_UNIT_CLAIM", "").strip(),
        "OIDC_STORE_ID_TOKEN": False,
        "OIDC_CREATE_USER": True,
        "LOGIN_REDIRECT_URL_FAILURE": "/accounts/login/?sso=echec",
        "OIDC_AUTHENTICATION_CALLBACK_URL": "oidc_authentication_callback",
    }


def _ldap(env: Mapping[str, str]) -> dict:
    import ldap
    from django_auth_ldap.config import (
        GroupOfNamesType,
        GroupOfUniqueNamesType,
        LDAPSearch,
        NestedActiveDirectoryGroupType,
        PosixGroupType,
    )

    user_base = env.get("LDAP_USER_SEARCH_BASE", "").strip()
    if not user_base:
        raise ImproperlyConfigured("LDAP_SERVER_URI is set: LDAP_USER_SEARCH_BASE required")
    group_types = {
        "groupofnames": (GroupOfNamesType, "(objectClass=groupOfNames)"),
        "groupofuniquenames": (GroupOfUniqueNamesType, "(objectClass=groupOfUniqueNames)"),
        "posixgroup": (PosixGroupType, "(objectClass=posixGroup)"),
        "activedirectory": (NestedActiveDirectoryGroupType, "(objectCategory=group)"),
    }
    kind = env.get("LDAP_GROUP_TYPE", "").strip().lower() or "groupofnames"
    if kind not in group_types:
        raise ImproperlyConfigured(f"LDAP_GROUP_TYPE must be one of {', '.join(group_types)}")
    group_class, group_filter = group_types[kind]
    group_base = env.get("LDAP_GROUP_SEARCH_BASE", "").strip() or user_base
    timeout = _int(env, "LDAP_TIMEOUT", 5)
    return {
        "AUTH_LDAP_SERVER_URI": env["LDAP_SERVER_URI"].strip(),
        "AUTH_LDAP_BIND_DN": env.get("LDAP_BIND_DN", ""),
        "AUTH_LDAP_BIND_PASSWORD": env.get("LDAP_BIND_PASSWORD", ""),
        "AUTH_LDAP_START_TLS": _bool(env, "LDAP_START_TLS", False),
        "AUTH_LDAP_USER_SEARCH": LDAPSearch(
            user_base,
            ldap.SCOPE_SUBTREE,
            env.get("LDAP_USER_FILTER", "").strip() or "(uid=%(user)s)",
        ),
        "AUTH_LDAP_GROUP_SEARCH": LDAPSearch(group_base, ldap.SCOPE_SUBTREE, group_filter),
        "AUTH_LDAP_GROUP_TYPE": group_class(),
        "AUTH_LDAP_USER_ATTR_MAP": {
            "first_name": env.get("LDAP_ATTR_FIRST_NAME", "").strip() or "givenName",
            "last_name": env.get("LDAP_ATTR_LAST_NAME", "").strip() or "sn",
            "email": env.get("LDAP_ATTR_EMAIL", "").strip() or "mail",
        },
        "LDAP_UNIT_ATTRIBUTE": env.get("LDAP_UNIT_ATTRIBUTE", "").strip(),
        # Cap writes the account itself (organisation.services), never django-auth-ldap.
        "AUTH_LDAP_ALWAYS_UPDATE_USER": False,
        "AUTH_LDAP_MIRROR_GROUPS": False,
        "AUTH_LDAP_FIND_GROUP_PERMS": False,
        "AUTH_LDAP_CACHE_TIMEOUT": 0,
        "AUTH_LDAP_CONNECTION_OPTIONS": {
            ldap.OPT_REFERRALS: 0,  # Active Directory's referrals stall the search
            ldap.OPT_NETWORK_TIMEOUT: timeout,
            ldap.OPT_TIMEOUT: timeout,
        },
    }
