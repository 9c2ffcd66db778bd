"""LDAP / Active Directory end to end (issue 15, point 1): the real login page, a real
slapd (.ci/ldap/), the directory's groups mapped to Cap's roles and org units."""

import ldap3
import pytest
from asgiref.sync import async_to_sync
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.test import Client, RequestFactory

from cap2021.sso import LDAP_GROUP_TYPES
from organisation.models import User
from organisation.sso import ldap as ldap_backend
from tests import factories
from tests.sso.conftest import LDAP_PORT, LDAP_TEST_CA, LDAP_TLS_PORT

# One directory and one provider for the run: under pytest-xdist these tests share a
# worker (`--dist loadgroup`), never two at once on the same entries.
pytestmark = pytest.mark.xdist_group("sso")

LOGIN_URL = "/accounts/login/"
ADMIN_DN = "cn=admin,dc=mairie,dc=test"
ADMIN_PASSWORD = "ci-only-root-password"
REFUSED = "Saisissez un nom d’utilisateur et un mot de passe valides"


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
    settings.LDAP_SERVER_URI = "ldap://127.0.0.1:1"
    response = _login(Client(), "cdupont", "ldap-claire-2021")
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert not User.objects.filter(username="cdupont").exists()
    # Local accounts keep working while the directory is down.
    assert _login(Client(), "dg", factories.PASSWORD).status_code == 302


def test_with_two_addresses_the_second_answers_when_the_first_is_down(ldap_directory, settings):
    settings.LDAP_SERVER_URI = f"ldap://127.0.0.1:1 {ldap_directory}"
    assert _login(Client(), "cdupont", "ldap-claire-2021").status_code == 302


@pytest.mark.parametrize(
    ("uri", "start_tls"),
    [(f"ldap://localhost:{LDAP_PORT}", True), (f"ldaps://localhost:{LDAP_TLS_PORT}", False)],
)
def test_over_tls_with_the_directory_s_authority_the_login_works(
    ldap_directory, settings, uri, start_tls
):
    settings.LDAP_SERVER_URI, settings.LDAP_START_TLS = uri, start_tls
    settings.LDAP_TLS_CA_FILE = LDAP_TEST_CA
    assert _login(Client(), "cdupont", "ldap-claire-2021").status_code == 302


@pytest.mark.parametrize(
    ("uri", "start_tls", "ca_file"),
    [
        (f"ldap://localhost:{LDAP_PORT}", True, ""),  # an authority the system does not know
        (f"ldaps://localhost:{LDAP_TLS_PORT}", False, ""),
        (f"ldap://127.0.0.1:{LDAP_PORT}", True, LDAP_TEST_CA),  # a certificate for localhost
        (f"ldaps://127.0.0.1:{LDAP_TLS_PORT}", False, LDAP_TEST_CA),
    ],
)
def test_tls_refuses_an_untrusted_certificate_or_another_host_s(
    ldap_directory, settings, caplog, uri, start_tls, ca_file
):
    """Nothing is sent in clear when StartTLS was asked, and no certificate is taken on
    trust (ldap3's own default would accept any)."""
    settings.LDAP_SERVER_URI, settings.LDAP_START_TLS = uri, start_tls
    settings.LDAP_TLS_CA_FILE = ca_file
    response = _login(Client(), "cdupont", "ldap-claire-2021")
    assert response.status_code == 200
    assert not User.objects.filter(username="cdupont").exists()
    assert "sso-refused reason=directory-error source=ldap username='cdupont'" in caplog.text


def test_an_unknown_login_is_refused_and_counted_by_the_throttle(ldap_directory):
    response = _login(Client(), "inconnu", "ldap-claire-2021")
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert not User.objects.filter(username="inconnu").exists()
    assert AccessAttempt.objects.get(username="inconnu").failures_since_start == 1


def test_after_the_failure_limit_even_the_right_directory_password_is_refused(
    ldap_directory, settings
):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    for _ in range(3):
        _login(client, "cdupont", "pas-le-bon")
    response = _login(client, "cdupont", "ldap-claire-2021")
    assert response.status_code == 429
    assert SESSION_KEY not in client.session
    assert not User.objects.filter(username="cdupont").exists()


@pytest.mark.parametrize(
    "username",
    ["*", "cdup*", "cdupont)(uid=*", "*)(|(uid=*"],
)
def test_filter_characters_in_the_login_are_matched_literally(ldap_directory, username, caplog):
    """Unescaped, `cdup*` would find Claire's entry and `*` every entry."""
    assert _login(Client(), username, "ldap-claire-2021").status_code == 200
    assert not User.objects.exists()
    assert f"sso-refused reason=unknown source=ldap username={username!r}" in caplog.text


def test_an_empty_password_is_never_an_anonymous_bind(ldap_directory, monkeypatch):
    def no_bind(*args, **kwargs):
        raise AssertionError("an empty password reached the directory")

    monkeypatch.setattr(ldap_backend, "_connection", no_bind)
    request = RequestFactory().post(LOGIN_URL)
    assert ldap_backend.CapLDAPBackend().authenticate(request, "cdupont", "") is None
    assert ldap_backend.CapLDAPBackend().authenticate(request, "cdupont", None) is None
    assert not User.objects.exists()


def test_the_async_login_asks_the_directory_too(ldap_directory):
    """ModelBackend's aauthenticate would check a local password, which these accounts lack."""
    backend = ldap_backend.CapLDAPBackend()
    request = RequestFactory().post(LOGIN_URL)
    user = async_to_sync(backend.aauthenticate)(request, "cdupont", "ldap-claire-2021")
    assert user == User.objects.get(username="cdupont")
    assert async_to_sync(backend.aauthenticate)(request, "cdupont", "pas-le-bon") is None


def test_a_person_below_the_search_base_s_first_level_is_found_then_bound(ldap_directory):
    """uid=jmoreau,ou=dcv,ou=people: a DN built from the login would miss her."""
    assert _login(Client(), "jmoreau", "ldap-julie-2021").status_code == 302
    assert User.objects.get(username="jmoreau").role == "hr"
    assert _login(Client(), "jmoreau", "ldap-claire-2021").status_code == 200


def test_a_dn_with_filter_characters_still_finds_its_groups(ldap_directory):
    """cn=Garnier\\, Louise (DCV): comma, backslash and parentheses in the member filter."""
    assert _login(Client(), "lgarnier", "ldap-louise-2021").status_code == 302
    user = User.objects.get(username="lgarnier")
    assert (user.role, user.first_name, user.last_name) == ("elected", "Louise", "Garnier")


def test_a_login_matching_two_entries_is_refused(ldap_directory, caplog):
    assert _login(Client(), "double", "ldap-double-2021").status_code == 200
    assert not User.objects.filter(username="double").exists()
    assert "sso-refused reason=not-unique source=ldap username='double'" in caplog.text


def test_nested_groups_count_only_for_the_types_that_nest_them(ldap_directory, settings):
    """mmartin is in dcv-encadrement, a member of cap-directeurs."""
    assert _login(Client(), "mmartin", "ldap-marc-2021").status_code == 200  # groupOfNames
    settings.LDAP_GROUP_SEARCH = {**LDAP_GROUP_TYPES["groupofnames"], "nested": True}
    assert _login(Client(), "mmartin", "ldap-marc-2021").status_code == 302
    assert User.objects.get(username="mmartin").role == "director"


def test_posix_groups_are_read_by_member_uid(ldap_directory, settings):
    settings.LDAP_GROUP_SEARCH = LDAP_GROUP_TYPES["posixgroup"]
    settings.LDAP_GROUP_SEARCH_BASE = "ou=posix,ou=groups,dc=mairie,dc=test"
    assert _login(Client(), "npetit", "ldap-nadia-2021").status_code == 302
    assert User.objects.get(username="npetit").role == "elected"  # cap-elus there, not cap-rh


@pytest.fixture
def directory_admin(ldap_directory):
    """An admin connection to change the directory; every change is undone after the test."""
    connection = ldap3.Connection(
        ldap_directory, ADMIN_DN, ADMIN_PASSWORD, auto_bind=True, raise_exceptions=True
    )
    undo = []

    def move(member, from_group, to_group=None):
        group = "cn={},ou=groups,dc=mairie,dc=test"
        connection.modify(group.format(from_group), {"member": [(ldap3.MODIFY_DELETE, [member])]})
        undo.append((group.format(from_group), ldap3.MODIFY_ADD, member))
        if to_group:
            connection.modify(group.format(to_group), {"member": [(ldap3.MODIFY_ADD, [member])]})
            undo.append((group.format(to_group), ldap3.MODIFY_DELETE, member))

    yield move
    for group, operation, member in reversed(undo):
        connection.modify(group, {"member": [(operation, [member])]})
    connection.unbind()


def test_moved_to_another_group_the_person_gets_its_role_at_the_next_login(directory_admin, units):
    # Luc is moved by this test only (tests may run at once on two workers).
    assert _login(Client(), "lmobile", "ldap-luc-2021").status_code == 302
    assert User.objects.get(username="lmobile").role == "director"
    directory_admin("uid=lmobile,ou=people,dc=mairie,dc=test", "cap-directeurs", "cap-elus")
    assert _login(Client(), "lmobile", "ldap-luc-2021").status_code == 302
    assert User.objects.get(username="lmobile").role == "elected"


def test_out_of_every_cap_group_the_person_is_refused_at_the_next_login(directory_admin, units):
    # Chloé is taken out by this test only.
    assert _login(Client(), "csortant", "ldap-chloe-2021").status_code == 302
    directory_admin("uid=csortant,ou=people,dc=mairie,dc=test", "cap-directeurs")
    client = Client()
    response = _login(client, "csortant", "ldap-chloe-2021")
    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_the_service_account_reads_the_directory(ldap_directory):
    """The tier's own sanity check: slapd answers with the test directory."""
    connection = ldap3.Connection(ldap_directory, ADMIN_DN, ADMIN_PASSWORD, auto_bind=True)
    connection.search("ou=groups,dc=mairie,dc=test", "(cn=cap-dg)")
    assert len(connection.entries) == 1
    connection.unbind()
