"""The SSO tiers: a real slapd and a real OpenID Connect provider, started by .ci/run
(.ci/ldap/start.sh, .ci/oidc/server.mjs). Locally, without them, these tests skip with
the reason; with CAP_REQUIRE_LDAP=1 / CAP_REQUIRE_OIDC=1 (set by .ci/run) they fail."""

import os
import socket

import pytest

from cap2021.sso import sso_settings

LDAP_PORT = int(os.environ.get("LDAP_TEST_PORT", "3389"))
LDAP_TLS_PORT = int(os.environ.get("LDAP_TEST_TLS_PORT", "3636"))
# The throw-away authority .ci/ldap/start.sh signs slapd's certificate (for "localhost") with.
LDAP_TEST_CA = os.path.join(os.environ.get("LDAP_TEST_DIR", "/tmp/cap-ci-slapd"), "ca.pem")
OIDC_PORT = int(os.environ.get("OIDC_TEST_PORT", "9411"))


GROUP_ROLES = (
    '{"cap-dg": "dg", "cap-directeurs": "director", "cap-rh": "hr", "cap-elus": "elected"}'
)
GROUP_UNITS = '{"dcv-agents": "DCV"}'


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def _require(flag: str, port: int, what: str, how: str) -> None:
    if _listening(port):
        return
    message = f"no {what} on 127.0.0.1:{port} ({how})"
    if os.environ.get(flag) == "1":
        pytest.fail(f"{flag}=1 but {message}")
    pytest.skip(message)


def _apply(settings, env: dict) -> None:
    for name, value in sso_settings(env).items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "core.auth.LocalBackend",
        *settings.SSO_BACKENDS,
    ]


@pytest.fixture
def ldap_directory(settings, db):
    _require("CAP_REQUIRE_LDAP", LDAP_PORT, "slapd", "start it with .ci/ldap/start.sh")
    _apply(
        settings,
        {
            "LDAP_SERVER_URI": f"ldap://127.0.0.1:{LDAP_PORT}/",
            "LDAP_BIND_DN": "cn=admin,dc=mairie,dc=test",
            "LDAP_BIND_PASSWORD": "ci-only-root-password",
            "LDAP_USER_SEARCH_BASE": "ou=people,dc=mairie,dc=test",
            "LDAP_GROUP_SEARCH_BASE": "ou=groups,dc=mairie,dc=test",
            "LDAP_UNIT_ATTRIBUTE": "departmentNumber",
            "SSO_GROUP_ROLES": GROUP_ROLES,
            "SSO_GROUP_UNITS": GROUP_UNITS,
        },
    )
    return f"ldap://127.0.0.1:{LDAP_PORT}"


@pytest.fixture
def oidc_provider(settings, db):
    _require("CAP_REQUIRE_OIDC", OIDC_PORT, "OpenID provider", "node .ci/oidc/server.mjs")
    issuer = f"http://127.0.0.1:{OIDC_PORT}"
    _apply(
        settings,
        {
            "OIDC_PROVIDER_NAME": "l'annuaire de test",
            "OIDC_RP_CLIENT_ID": "cap",
            "OIDC_RP_CLIENT_SECRET": "cap-ci-secret",
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{issuer}/auth",
            "OIDC_OP_TOKEN_ENDPOINT": f"{issuer}/token",
            "OIDC_OP_USER_ENDPOINT": f"{issuer}/me",
            "OIDC_OP_JWKS_ENDPOINT": f"{issuer}/jwks",
            "OIDC_RP_SCOPES": "openid email profile groups",
            "OIDC_UNIT_CLAIM": "cap_unit",
            "SSO_GROUP_ROLES": GROUP_ROLES,
            "SSO_GROUP_UNITS": GROUP_UNITS,
        },
    )
    return issuer
