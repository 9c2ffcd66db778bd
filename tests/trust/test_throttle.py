"""Throttling without denial of service (issue 15, point 2): django-axes counting failures
per account AND address, the real address behind trusted proxies, a progressive lock, an
unlock for administrators, the person told, the password-change form throttled, and all of
it without Redis."""

import datetime as dt
import html

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse

from core import security
from tests import factories

PASSWORD = factories.PASSWORD
LOGIN_URL = "/accounts/login/"
PASSWORD_URL = "/accounts/password/"
T0 = dt.datetime(2021, 7, 3, 8, 0, tzinfo=dt.UTC)  # 10:00 in Paris
OUTSIDER = "198.51.100.66"
DG_DESK = "192.0.2.20"
LIMIT = 10


def _login(client, username, password, **extra):
    return client.post(LOGIN_URL, {"username": username, "password": password}, **extra)


def _fail(client, username, times, **extra):
    for _ in range(times):
        assert _login(client, username, "devine-encore", **extra).status_code in (200, 429)


def test_the_production_settings_keep_ten_failures_and_fifteen_minutes():
    assert settings.AXES_FAILURE_LIMIT == settings.LOGIN_FAILURE_LIMIT == LIMIT
    assert settings.LOGIN_LOCK_SECONDS == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    # The database handler: the counters do not depend on Redis.
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"


# An outsider cannot lock a colleague out ---------------------------------------------------


def test_an_outsiders_failures_from_one_address_do_not_lock_the_dg_out_of_hers(dg):
    outsider = Client(REMOTE_ADDR=OUTSIDER)
    _fail(outsider, "dg", LIMIT)
    assert _login(outsider, "dg", PASSWORD).status_code == 429  # locked… for the outsider

    claire = Client(REMOTE_ADDR=DG_DESK)
    response = _login(claire, "dg", PASSWORD)
    assert response.status_code == 302
    assert claire.session[SESSION_KEY] == str(dg.pk)


def test_nine_failures_then_the_right_password_logs_in_and_the_tenth_locks(dg):
    client = Client(REMOTE_ADDR=DG_DESK)
    _fail(client, "dg", LIMIT - 1)
    assert AccessAttempt.objects.get(username="dg").failures_since_start == LIMIT - 1
    assert _login(client, "dg", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="dg").exists()  # reset on success

    other = Client(REMOTE_ADDR=DG_DESK)
    _fail(other, "dg", LIMIT)
    assert _login(other, "dg", PASSWORD).status_code == 429


# The real address behind the proxy ---------------------------------------------------------


def _request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        # No trusted proxy in front: the header is whatever the client wrote, ignored.
        ("198.51.100.66", "192.0.2.20", "198.51.100.66"),
        # Our proxy (10.0.0.2) appended the real peer; a forged value sits to its left.
        ("10.0.0.2", "192.0.2.20, 198.51.100.66", "198.51.100.66"),
        ("10.0.0.2", "198.51.100.66", "198.51.100.66"),
        # Two trusted proxies in a row (load balancer then nginx).
        ("10.0.0.2", "198.51.100.66, 10.0.0.3", "198.51.100.66"),
        ("10.0.0.2", "2001:db8::7", "2001:db8::7"),
        ("10.0.0.2", "198.51.100.66:51234", "198.51.100.66"),
        # A malformed hop: stop at the last address vouched for (the proxy).
        ("10.0.0.2", "not-an-address", "10.0.0.2"),
        ("10.0.0.2", None, "10.0.0.2"),
    ],
)
def test_the_client_address_is_read_through_trusted_proxies_only(
    settings, remote, forwarded, expected
):
    settings.TRUSTED_PROXIES = ["10.0.0.0/29"]
    assert security.client_ip(_request(remote, forwarded)) == expected


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert security.client_ip(_request("10.0.0.2", "192.0.2.20")) == "10.0.0.2"


def test_behind_the_proxy_the_outsider_is_locked_out_and_the_dg_is_not(settings, dg):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    outsider = Client(**proxy)
    # The outsider even forges the DG's address in the header: the proxy appends the real one.
    _fail(outsider, "dg", LIMIT, HTTP_X_FORWARDED_FOR=f"{DG_DESK}, {OUTSIDER}")
    attempt = AccessAttempt.objects.get(username="dg")
    assert (attempt.ip_address, attempt.failures_since_start) == (OUTSIDER, LIMIT)

    claire = Client(**proxy)
    assert _login(claire, "dg", PASSWORD, HTTP_X_FORWARDED_FOR=DG_DESK).status_code == 302


def test_a_forged_header_from_outside_the_proxies_is_counted_against_the_sender(dg):
    outsider = Client(REMOTE_ADDR=OUTSIDER)
    _fail(outsider, "dg", LIMIT, HTTP_X_FORWARDED_FOR=DG_DESK)
    assert AccessAttempt.objects.get(username="dg").ip_address == OUTSIDER
    assert _login(Client(REMOTE_ADDR=DG_DESK), "dg", PASSWORD).status_code == 302


def test_a_malformed_trusted_proxies_setting_stops_the_start(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import cap2021.settings as production

    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.2,pas-une-adresse")
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        importlib.reload(production)
    monkeypatch.delenv("TRUSTED_PROXIES")
    importlib.reload(production)


# A progressive lock ------------------------------------------------------------------------


def test_the_lock_doubles_with_each_further_round_of_failures(dg):
    client = Client(REMOTE_ADDR=OUTSIDER)
    with time_machine.travel(T0, tick=False) as traveller:
        _fail(client, "dg", LIMIT)  # locked 15 minutes
        traveller.shift(dt.timedelta(minutes=1))
        _fail(client, "dg", LIMIT)  # 20 failures: 30 minutes from the last one
        response = _login(client, "dg", "encore")  # 21st
        assert "pendant 30 minutes, jusqu'à 10:31" in html.unescape(response.content.decode())

        traveller.shift(dt.timedelta(minutes=29, seconds=59))
        assert _login(client, "dg", PASSWORD).status_code == 429  # 22nd, still locked
        traveller.shift(dt.timedelta(minutes=30, seconds=1))
        assert _login(client, "dg", PASSWORD).status_code == 302


def test_the_lock_never_exceeds_its_ceiling(settings, dg):
    settings.LOGIN_LOCK_MAX_SECONDS = 40 * 60
    client = Client(REMOTE_ADDR=OUTSIDER)
    with time_machine.travel(T0, tick=False) as traveller:
        _fail(client, "dg", 4 * LIMIT)  # would be 15 × 2³ = 120 minutes
        traveller.shift(dt.timedelta(minutes=39))
        assert _login(client, "dg", "x").status_code == 429
        traveller.shift(dt.timedelta(minutes=40, seconds=1))
        assert _login(client, "dg", PASSWORD).status_code == 302


def test_one_accounts_long_lock_is_not_cut_short_by_anothers_short_one(dg, director):
    attacker = Client(REMOTE_ADDR=OUTSIDER)
    with time_machine.travel(T0, tick=False) as traveller:
        _fail(attacker, "dg", 2 * LIMIT)  # dg from OUTSIDER: 30 minutes
        traveller.shift(dt.timedelta(minutes=20))
        _fail(attacker, "directeur", LIMIT)  # another pair, 15 minutes, cleans up old rows
        assert _login(attacker, "dg", PASSWORD).status_code == 429


# An unlock for administrators --------------------------------------------------------------


def test_an_administrator_lifts_the_lock_from_the_admin(dg, admin_user):
    client = Client(REMOTE_ADDR=OUTSIDER)
    _fail(client, "dg", LIMIT)
    admin = Client()
    admin.force_login(admin_user)
    changelist = reverse("admin:organisation_user_changelist")
    assert "Lever le blocage des connexions" in admin.get(changelist).content.decode()

    response = admin.post(
        changelist,
        {"action": "unlock_logins", "_selected_action": [dg.pk]},
        follow=True,
    )
    assert "Blocage levé pour : dg." in response.content.decode()
    assert not AccessAttempt.objects.filter(username="dg").exists()
    assert _login(client, "dg", PASSWORD).status_code == 302


def test_the_attempts_are_listed_in_the_admin_for_the_administrator(dg, admin_user):
    _fail(Client(REMOTE_ADDR=OUTSIDER), "dg", 3)
    admin = Client()
    admin.force_login(admin_user)
    response = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert response.status_code == 200
    assert OUTSIDER in response.content.decode()


def test_an_administrator_lifts_the_lock_from_the_command_line(dg):
    client = Client(REMOTE_ADDR=OUTSIDER)
    _fail(client, "dg", LIMIT)
    call_command("axes_reset_username", "dg")
    assert _login(client, "dg", PASSWORD).status_code == 302


def test_a_director_cannot_use_the_unlock_action(director, dg):
    _fail(Client(REMOTE_ADDR=OUTSIDER), "dg", LIMIT)
    client = Client()
    client.force_login(director)
    response = client.post(
        reverse("admin:organisation_user_changelist"),
        {"action": "unlock_logins", "_selected_action": [dg.pk]},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert AccessAttempt.objects.filter(username="dg").exists()


# The person told ---------------------------------------------------------------------------


def test_the_account_owner_is_emailed_at_the_lock_and_at_each_doubling_only(dg):
    client = Client(REMOTE_ADDR=OUTSIDER)
    with time_machine.travel(T0, tick=False):
        _fail(client, "dg", LIMIT - 1)
        assert mail.outbox == []
        _fail(client, "dg", 1)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [dg.email]
    assert message.subject == "Cap : connexions à votre compte suspendues"
    assert "10 tentatives de connexion infructueuses" in message.body
    assert OUTSIDER in message.body
    assert "jusqu'au 03/07/2021 à 10:15 (heure de Paris)" in message.body

    _fail(client, "dg", LIMIT - 1)  # failures during the lock: no more mail
    assert len(mail.outbox) == 1
    _fail(client, "dg", 1)  # 20: the lock doubles, the owner is told again
    assert len(mail.outbox) == 2


def test_a_lock_on_an_unknown_account_sends_nothing_and_answers_429(db):
    client = Client(REMOTE_ADDR=OUTSIDER)
    _fail(client, "personne", LIMIT)
    assert _login(client, "personne", "x").status_code == 429
    assert mail.outbox == []


def test_a_mail_server_down_does_not_break_the_login_page(dg, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("core.auth.send_mail", refuse)
    client = Client(REMOTE_ADDR=OUTSIDER)
    _fail(client, "dg", LIMIT)
    assert _login(client, "dg", PASSWORD).status_code == 429


# The password-change form ------------------------------------------------------------------


def _change(client, old):
    return client.post(
        PASSWORD_URL,
        {
            "old_password": old,
            "new_password1": "Nouveau-mot-2021!",
            "new_password2": "Nouveau-mot-2021!",
        },
    )


def test_the_password_change_form_counts_wrong_old_passwords_and_locks(director):
    thief = Client(REMOTE_ADDR=OUTSIDER)
    thief.force_login(director)
    with time_machine.travel(T0, tick=False):
        for _ in range(LIMIT - 1):
            response = _change(thief, "devine")
            assert response.status_code == 200
            assert "Votre ancien mot de passe est incorrect" in html.unescape(
                response.content.decode()
            )
        response = _change(thief, "devine")
        assert response.status_code == 429
        assert "connexions sont suspendues pendant 15 minutes, jusqu'à 10:15" in html.unescape(
            response.content.decode()
        )
        # Even the right old password is refused now, and nothing changed.
        response = _change(thief, PASSWORD)
        assert response.status_code == 429
        director.refresh_from_db()
        assert director.check_password(PASSWORD)
        # The same counter as the login page: from that address, the login is locked too…
        assert _login(Client(REMOTE_ADDR=OUTSIDER), "directeur", PASSWORD).status_code == 429
        # …and from the director's own desk, not.
        assert _login(Client(REMOTE_ADDR=DG_DESK), "directeur", PASSWORD).status_code == 302


def test_the_password_change_lock_doubles_like_the_login_one(director):
    thief = Client(REMOTE_ADDR=OUTSIDER)
    thief.force_login(director)
    with time_machine.travel(T0, tick=False):
        for _ in range(2 * LIMIT - 1):
            _change(thief, "devine")
        response = _change(thief, "devine")
        assert response.status_code == 429
        assert "pendant 30 minutes, jusqu'à 10:30" in html.unescape(response.content.decode())


def test_the_right_old_password_still_changes_it(director):
    client = Client()
    client.force_login(director)
    _change(client, "devine")
    response = _change(client, PASSWORD)
    assert response.status_code == 302
    director.refresh_from_db()
    assert director.check_password("Nouveau-mot-2021!")


# Without Redis -----------------------------------------------------------------------------


def test_the_lock_works_with_redis_unreachable(settings, dg):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    client = Client(REMOTE_ADDR=OUTSIDER)
    _fail(client, "dg", LIMIT)
    assert _login(client, "dg", PASSWORD).status_code == 429
    assert _login(Client(REMOTE_ADDR=DG_DESK), "dg", PASSWORD).status_code == 302
