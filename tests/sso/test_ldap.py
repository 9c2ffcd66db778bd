"""LDAP / Active Directory end to end (issue 15, point 1): the real login page, a real
slapd (.ci/ldap/), the directory's groups mapped to Cap's roles and org units."""

import ldap
import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.test import Client

from organisation.models import User
from tests import factories

LOGIN_URL = "/accounts/login/"


def _login(client, username, password):
    return client.post(LOGIN_URL, {"username": username, "password": password})


@pytest.fixture
def units(db):
    return {
        "DG": factories.OrgUnitFactory(name="Direction générale", acronym="DG"),
        "DCV": factories.OrgUnitFactory(name="Citoyenneté et vie locale", acronym="DCV"),
    }


def test_the_dg_logs_in_with_her_directory_password_and_gets_her_role_and_unit(
    ldap_directory, units
):
    client = Client()
    response = _login(client, "cdupont", "ldap-claire-2021")
    assert response.status_code == 302
    user = User.objects.get(username="cdupont")
    assert client.session[SESSION_KEY] == str(user.pk)
    assert (user.role, user.org_unit, user.first_name, user.last_name, user.email) == (
        "dg",
        units["DG"],  # from departmentNumber
        "Claire",
        "Dupont",
        "claire.dupont@mairie.test",
    )
    assert not user.has_usable_password()  # the directory keeps the password
    assert user.history.count() == 1
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    ("username", "password", "role", "unit"),
    [
        ("kbenali", "ldap-karim-2021", "director", "DCV"),  # unit from the group dcv-agents
        ("npetit", "ldap-nadia-2021", "hr", None),
        ("fleroy", "ldap-francoise-2021", "elected", None),
    ],
)
def test_each_directory_group_maps_to_its_role(
    ldap_directory, units, username, password, role, unit
):
    assert _login(Client(), username, password).status_code == 302
    user = User.objects.get(username=username)
    assert user.role == role
    assert (user.org_unit.acronym if user.org_unit else None) == unit


def test_a_second_login_updates_what_changed_and_writes_no_history_otherwise(ldap_directory, units):
    assert _login(Client(), "kbenali", "ldap-karim-2021").status_code == 302
    user = User.objects.get(username="kbenali")
    user.role = "hr"  # changed in Cap; the directory is the reference
    user.save()
    before = user.history.count()
    assert _login(Client(), "kbenali", "ldap-karim-2021").status_code == 302
    user.refresh_from_db()
    assert user.role == "director"
    assert user.history.count() == before + 1
    assert _login(Client(), "kbenali", "ldap-karim-2021").status_code == 302
    assert user.history.count() == before + 1


def test_a_wrong_directory_password_is_refused_and_counted_by_the_throttle(ldap_directory):
    client = Client()
    response = _login(client, "cdupont", "pas-le-bon")
    assert response.status_code == 200
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in response.content.decode()
    assert not User.objects.filter(username="cdupont").exists()
    assert AccessAttempt.objects.get(username="cdupont").failures_since_start == 1


def test_a_directory_account_without_a_cap_group_is_refused(ldap_directory, units):
    response = _login(Client(), "intrus", "ldap-intrus-2021")
    assert response.status_code == 200
    assert not User.objects.filter(username="intrus").exists()


def test_a_directory_entry_never_takes_over_the_local_administrator(ldap_directory, admin_user):
    client = Client()
    response = _login(client, "admin", "ldap-admin-2021")  # in cap-dg in the directory
    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    admin_user.refresh_from_db()
    assert admin_user.is_superuser and admin_user.check_password(factories.PASSWORD)
    # The local account still logs in with its own password.
    assert _login(Client(), "admin", factories.PASSWORD).status_code == 302


def test_with_local_login_for_admins_only_a_local_director_is_refused(
    ldap_directory, settings, director, admin_user
):
    settings.LOCAL_LOGIN = "admins"
    assert _login(Client(), "directeur", factories.PASSWORD).status_code == 200
    assert _login(Client(), "admin", factories.PASSWORD).status_code == 302
    assert _login(Client(), "cdupont", "ldap-claire-2021").status_code == 302


def test_an_unreachable_directory_refuses_the_login_without_a_500(ldap_directory, settings, dg):
    settings.AUTH_LDAP_SERVER_URI = "ldap://127.0.0.1:1/"
    response = _login(Client(), "cdupont", "ldap-claire-2021")
    assert response.status_code == 200
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in response.content.decode()
    # Local accounts keep working while the directory is down.
    assert _login(Client(), "dg", factories.PASSWORD).status_code == 302


def test_the_service_account_reads_the_directory(ldap_directory):
    """The tier's own sanity check: slapd answers with the test directory."""
    connection = ldap.initialize(ldap_directory)
    connection.simple_bind_s("cn=admin,dc=mairie,dc=test", "ci-only-root-password")
    found = connection.search_s("ou=groups,dc=mairie,dc=test", ldap.SCOPE_SUBTREE, "(cn=cap-dg)")
    assert len(found) == 1
