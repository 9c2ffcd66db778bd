"""Single sign-on configuration (issue 15, point 1): optional, read from the environment,
refused at start-up when malformed; the group → role precedence; the doors closed while
it is off."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from cap2021.sso import sso_settings
from organisation.services import directory_role, directory_unit
from tests import factories

OIDC = {
    "OIDC_RP_CLIENT_ID": "cap",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.example/auth",
    "OIDC_OP_TOKEN_ENDPOINT": "https://idp.example/token",
    "OIDC_OP_USER_ENDPOINT": "https://idp.example/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://idp.example/jwks",
}


def test_nothing_configured_means_local_accounts_only():
    result = sso_settings({})
    assert (result["OIDC_ENABLED"], result["LDAP_ENABLED"], result["SSO_BACKENDS"]) == (
        False,
        False,
        [],
    )


def test_openid_connect_is_on_with_a_client_id_and_its_endpoints():
    result = sso_settings({**OIDC, "OIDC_PROVIDER_NAME": "ProConnect"})
    assert result["SSO_BACKENDS"] == ["organisation.sso.oidc.CapOIDCBackend"]
    assert result["OIDC_PROVIDER_NAME"] == "ProConnect"
    assert result["OIDC_USE_PKCE"] is True and result["OIDC_RP_SIGN_ALGO"] == "RS256"


def test_ldap_is_on_with_a_server_and_active_directory_is_one_group_type():
    result = sso_settings(
        {
            "LDAP_SERVER_URI": "ldaps://ad.mairie.example/",
            "LDAP_USER_SEARCH_BASE": "OU=Agents,DC=mairie,DC=example",
            "LDAP_USER_FILTER": "(sAMAccountName=%(user)s)",
            "LDAP_GROUP_TYPE": "ActiveDirectory",
        }
    )
    assert result["SSO_BACKENDS"] == ["organisation.sso.ldap.CapLDAPBackend"]
    assert result["LDAP_SERVER_URI"] == "ldaps://ad.mairie.example"  # as ldap3 takes it
    assert result["LDAP_GROUP_SEARCH"] == {
        "filter": "(objectCategory=group)",
        "member_attribute": "member",
        "member_value": "dn",
        "nested": True,
    }
    assert result["LDAP_USER_FILTER"] == "(sAMAccountName=%(user)s)"
    assert result["LDAP_GROUP_SEARCH_BASE"] == "OU=Agents,DC=mairie,DC=example"
    assert (result["LDAP_START_TLS"], result["LDAP_TIMEOUT"]) == (False, 5)


def test_ldap_defaults_suit_openldap():
    result = sso_settings(
        {"LDAP_SERVER_URI": "ldap://a:389 ldap://b", "LDAP_USER_SEARCH_BASE": "dc=x"}
    )
    assert result["LDAP_SERVER_URI"] == "ldap://a:389 ldap://b"
    assert result["LDAP_USER_FILTER"] == "(uid=%(user)s)"
    assert result["LDAP_GROUP_SEARCH"]["filter"] == "(objectClass=groupOfNames)"
    assert not result["LDAP_GROUP_SEARCH"]["nested"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"OIDC_RP_CLIENT_ID": "cap"}, "OIDC_OP_AUTHORIZATION_ENDPOINT"),
        ({**OIDC, "OIDC_AUTH_REQUEST_EXTRA_PARAMS": "acr_values=eidas1"}, "JSON object"),
        ({"SSO_GROUP_ROLES": '{"cap-dg": "maire"}'}, "unknown role"),
        ({"SSO_GROUP_ROLES": '["cap-dg"]'}, "JSON object"),
        ({"SSO_DEFAULT_ROLE": "admin"}, "SSO_DEFAULT_ROLE"),
        ({"LDAP_SERVER_URI": "ldap://x"}, "LDAP_USER_SEARCH_BASE"),
        (
            {
                "LDAP_SERVER_URI": "ldap://x",
                "LDAP_USER_SEARCH_BASE": "dc=x",
                "LDAP_GROUP_TYPE": "?",
            },
            "LDAP_GROUP_TYPE",
        ),
        ({"LDAP_SERVER_URI": "http://x", "LDAP_USER_SEARCH_BASE": "dc=x"}, "LDAP_SERVER_URI"),
        ({"LDAP_SERVER_URI": "ldap://x:y", "LDAP_USER_SEARCH_BASE": "dc=x"}, "LDAP_SERVER_URI"),
        (
            {
                "LDAP_SERVER_URI": "ldap://x",
                "LDAP_USER_SEARCH_BASE": "dc=x",
                "LDAP_USER_FILTER": "uid",
            },
            "LDAP_USER_FILTER",
        ),
        (
            {
                "LDAP_SERVER_URI": "ldap://x",
                "LDAP_USER_SEARCH_BASE": "dc=x",
                "LDAP_TLS_CA_FILE": "/nulle/part.pem",
            },
            "LDAP_TLS_CA_FILE",
        ),
        (
            {
                "LDAP_SERVER_URI": "ldap://x",
                "LDAP_USER_SEARCH_BASE": "dc=x",
                "LDAP_START_TLS": "peut-être",
            },
            "LDAP_START_TLS",
        ),
    ],
)
def test_a_malformed_configuration_stops_the_start(env, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        sso_settings(env)


def test_the_widest_role_wins_and_group_names_ignore_case(settings):
    settings.SSO_GROUP_ROLES = {"Cap-DG": "dg", "cap-directeurs": "director", "cap-elus": "elected"}
    settings.SSO_DEFAULT_ROLE = ""
    assert directory_role(["cap-elus", "CAP-DIRECTEURS"]) == "director"
    assert directory_role(["cap-dg", "cap-elus"]) == "dg"
    assert directory_role(["autre"]) is None
    settings.SSO_DEFAULT_ROLE = "elected"
    assert directory_role(["autre"]) == "elected"


def test_a_dissolved_unit_is_never_given(settings, db):
    settings.SSO_GROUP_UNITS = {"ancienne": "OLD", "dcv-agents": "DCV"}
    factories.OrgUnitFactory(acronym="OLD", state="dissolved")
    dcv = factories.OrgUnitFactory(acronym="DCV")
    assert directory_unit(["ancienne"]) is None
    assert directory_unit(["ancienne", "dcv-agents"]) == dcv
    assert directory_unit([], unit_hint="dcv") == dcv


def test_while_openid_connect_is_off_its_doors_answer_404_and_the_page_offers_nothing(db):
    client = Client()
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404
    assert "Se connecter avec" not in client.get("/accounts/login/").content.decode()


def test_the_login_page_names_the_directory_when_ldap_is_on(settings, db):
    settings.LDAP_ENABLED = True
    content = Client().get("/accounts/login/").content.decode()
    assert "votre compte de la mairie" in content
