"""Single sign-on settings, read from the environment (README « Authentification unique »).

Both ways in are optional and independent:

- OpenID Connect (mozilla-django-oidc) when OIDC_RP_CLIENT_ID is set: Keycloak,
  LemonLDAP::NG, Entra ID, ProConnect or any certified provider;
- LDAP / Active Directory (organisation/sso/ldap.py, on ldap3) when LDAP_SERVER_URI is set.

The mapping from directory groups (LDAP group names, or the values of the OIDC groups
claim) to Cap's roles and org units is shared: SSO_GROUP_ROLES and SSO_GROUP_UNITS, JSON
objects. `sso_settings(env)` returns the settings as a dict so that the tests build them
from the same code as production.
"""

import json
import os
from collections.abc import Mapping
from urllib.parse import urlsplit

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


# The group types Cap knows: how to find the groups a person is a member of, by searching
# LDAP_GROUP_SEARCH_BASE for the group entries (`filter`) whose `member_attribute` holds
# the person's DN, or their uid (`member_value`); `nested`: groups within groups count.
def _group_type(filter_: str, member_attribute: str, member_value: str, nested: bool) -> dict:
    return {
        "filter": filter_,
        "member_attribute": member_attribute,
        "member_value": member_value,
        "nested": nested,
    }


LDAP_GROUP_TYPES = {
    "groupofnames": _group_type("(objectClass=groupOfNames)", "member", "dn", False),
    "groupofuniquenames": _group_type(
        "(objectClass=groupOfUniqueNames)", "uniqueMember", "dn", False
    ),
    "posixgroup": _group_type("(objectClass=posixGroup)", "memberUid", "uid", False),
    # Active Directory: a member of a group that is itself a member of cap-dg is in cap-dg
    # (as django-auth-ldap's NestedActiveDirectoryGroupType, which Cap used before).
    "activedirectory": _group_type("(objectCategory=group)", "member", "dn", True),
}


def _ldap_uri(uri: str) -> str:
    """ldap://host[:port][/] or ldaps://…, as ldap3 takes it (no trailing slash)."""
    parts = urlsplit(uri)
    try:
        valid = parts.scheme.lower() in {"ldap", "ldaps"} and parts.hostname and parts.port != 0
    except ValueError:  # a port that is not a number
        valid = False
    if not valid or parts.path not in {"", "/"} or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"LDAP_SERVER_URI: {uri!r} is not ldap://host[:port] or ldaps://host[:port]"
        )
    return f"{parts.scheme.lower()}://{parts.netloc}"


def _ldap(env: Mapping[str, str]) -> dict:
    user_base = env.get("LDAP_USER_SEARCH_BASE", "").strip()
    if not user_base:
        raise ImproperlyConfigured("LDAP_SERVER_URI is set: LDAP_USER_SEARCH_BASE required")
    kind = env.get("LDAP_GROUP_TYPE", "").strip().lower() or "groupofnames"
    if kind not in LDAP_GROUP_TYPES:
        raise ImproperlyConfigured(f"LDAP_GROUP_TYPE must be one of {', '.join(LDAP_GROUP_TYPES)}")
    user_filter = env.get("LDAP_USER_FILTER", "").strip() or "(uid=%(user)s)"
    try:
        probe = user_filter % {"user": "x"}
    except (KeyError, ValueError, TypeError):
        probe = ""
    if "%(user)s" not in user_filter or not (probe.startswith("(") and probe.endswith(")")):
        raise ImproperlyConfigured(
            "LDAP_USER_FILTER must be an LDAP filter holding %(user)s, e.g. (uid=%(user)s)"
        )
    uris = [_ldap_uri(uri) for uri in env["LDAP_SERVER_URI"].split()]
    ca_file = env.get("LDAP_TLS_CA_FILE", "").strip()
    if ca_file and not os.path.isfile(ca_file):
        raise ImproperlyConfigured(f"LDAP_TLS_CA_FILE: no such file {ca_file!r}")
    return {
        "LDAP_SERVER_URI": " ".join(uris),
        "LDAP_BIND_DN": env.get("LDAP_BIND_DN", "").strip(),
        "LDAP_BIND_PASSWORD": env.get("LDAP_BIND_PASSWORD", ""),
        "LDAP_START_TLS": _bool(env, "LDAP_START_TLS", False),
        "LDAP_TLS_CA_FILE": ca_file,
        "LDAP_TIMEOUT": _int(env, "LDAP_TIMEOUT", 5),
        "LDAP_USER_SEARCH_BASE": user_base,
        "LDAP_USER_FILTER": user_filter,
        "LDAP_GROUP_SEARCH_BASE": env.get("LDAP_GROUP_SEARCH_BASE", "").strip() or user_base,
        "LDAP_GROUP_TYPE": kind,
        "LDAP_GROUP_SEARCH": LDAP_GROUP_TYPES[kind],
        "LDAP_ATTR_FIRST_NAME": env.get("LDAP_ATTR_FIRST_NAME", "").strip() or "givenName",
        "LDAP_ATTR_LAST_NAME": env.get("LDAP_ATTR_LAST_NAME", "").strip() or "sn",
        "LDAP_ATTR_EMAIL": env.get("LDAP_ATTR_EMAIL", "").strip() or "mail",
        "LDAP_UNIT_ATTRIBUTE": env.get("LDAP_UNIT_ATTRIBUTE", "").strip(),
    }
