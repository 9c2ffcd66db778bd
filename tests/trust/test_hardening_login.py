"""Login throttling per account and address (django-axes), sessions' lifetime and
deactivation (issue 5, point 2; issue 15, point 2)."""

import datetime as dt
import html

import time_machine
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organisation.services import user_deactivate
from tests import factories

PASSWORD = factories.PASSWORD
LOGIN_URL = "/accounts/login/"
# A page behind the login that only needs the session (the password change form).
PRIVATE_URL = "/accounts/password/"
T0 = dt.datetime(2021, 7, 3, 8, 0, tzinfo=dt.UTC)


def _post_login(client, username, password):
    return client.post(LOGIN_URL, {"username": username, "password": password})


def _fail(client, username, times):
    for _ in range(times):
        response = _post_login(client, username, "not-the-password")
        # The form again, with its error; 429 once the limit is reached.
        assert response.status_code in (200, 429)


def test_ten_failures_lock_the_account_even_against_the_right_password(director):
    client = Client()
    with time_machine.travel(T0, tick=False):
        _fail(client, "directeur", settings.LOGIN_FAILURE_LIMIT - 1)
        response = _post_login(client, "directeur", "wrong-again")
        assert response.status_code == 429
        content = html.unescape(response.content.decode())
        # 08:00 UTC is 10:00 in Paris in July.
        assert "connexions sont suspendues pendant 15 minutes, jusqu'à 10:15" in content
        assert "Vos collègues ne sont pas concernés" in content

        response = _post_login(client, "directeur", PASSWORD)
    assert response.status_code == 429
    assert "connexions sont suspendues" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_nine_failures_do_not_lock_and_the_message_stays_the_generic_one(director):
    client = Client()
    _fail(client, "directeur", settings.LOGIN_FAILURE_LIMIT - 2)
    response = _post_login(client, "directeur", "still-wrong")
    content = response.content.decode()
    assert response.status_code == 200
    assert "suspendues" not in content
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in content

    response = _post_login(client, "directeur", PASSWORD)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(director.pk)


def test_a_locked_account_does_not_lock_out_colleagues_from_the_same_address(
    director, other_director
):
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    _fail(attacker, "directeur", settings.LOGIN_FAILURE_LIMIT)

    colleague = Client(REMOTE_ADDR="203.0.113.7")
    response = _post_login(colleague, "directrice2", PASSWORD)
    assert response.status_code == 302
    assert colleague.session[SESSION_KEY] == str(other_director.pk)


def test_the_lock_ends_after_fifteen_minutes(director):
    client = Client()
    with time_machine.travel(T0, tick=False) as traveller:
        _fail(client, "directeur", settings.LOGIN_FAILURE_LIMIT)
        traveller.shift(dt.timedelta(seconds=settings.LOGIN_LOCK_SECONDS - 5))
        assert _post_login(client, "directeur", PASSWORD).status_code == 429

        # The refused attempt above extended the lock by counting as a failure: wait out
        # a full lock from it.
        traveller.shift(dt.timedelta(seconds=settings.LOGIN_LOCK_SECONDS + 1))
        response = _post_login(client, "directeur", PASSWORD)
        assert response.status_code == 302
        assert client.session[SESSION_KEY] == str(director.pk)


def test_a_successful_login_resets_the_failure_count(director):
    client = Client()
    _fail(client, "directeur", settings.LOGIN_FAILURE_LIMIT - 1)
    assert _post_login(client, "directeur", PASSWORD).status_code == 302

    other = Client()
    _fail(other, "directeur", settings.LOGIN_FAILURE_LIMIT - 1)
    # 9 failures after the reset: still not locked.
    assert _post_login(other, "directeur", PASSWORD).status_code == 302


def test_the_lock_also_guards_the_admin_login(admin_user):
    client = Client()
    _fail(client, "admin", settings.LOGIN_FAILURE_LIMIT)
    response = client.post(
        "/admin/login/", {"username": "admin", "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 429
    assert "Connexions suspendues" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_a_login_records_its_time_without_adding_a_history_row(director):
    before = director.history.count()
    client = Client()
    with time_machine.travel(T0, tick=False):
        assert _post_login(client, "directeur", PASSWORD).status_code == 302
    director.refresh_from_db()
    assert director.last_login == T0
    assert director.history.count() == before


def test_the_username_is_matched_without_regard_to_case_for_the_lock(director):
    client = Client()
    _fail(client, "DIRECTEUR", settings.LOGIN_FAILURE_LIMIT)
    assert _post_login(client, "directeur", PASSWORD).status_code == 429


# Sessions ----------------------------------------------------------------------------------


def test_logging_in_gives_the_browser_a_new_session_key(director):
    client = Client()
    client.get(LOGIN_URL)
    client.session["before-login"] = True  # make sure an anonymous session exists
    session = client.session
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    before = session.session_key

    _post_login(client, "directeur", PASSWORD)

    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()


def test_a_session_idle_for_thirty_minutes_is_over(director):
    client = Client()
    with time_machine.travel(T0, tick=False) as traveller:
        _post_login(client, "directeur", PASSWORD)
        traveller.shift(dt.timedelta(minutes=29))
        assert client.get(PRIVATE_URL).status_code == 200  # activity refreshes the idle limit
        traveller.shift(dt.timedelta(minutes=29))
        assert client.get(PRIVATE_URL).status_code == 200
        traveller.shift(dt.timedelta(minutes=31))
        response = client.get(PRIVATE_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_page_view_writes_the_session_at_most_once_a_minute(director):
    client = Client()
    with time_machine.travel(T0, tick=False) as traveller:
        _post_login(client, "directeur", PASSWORD)
        key = client.cookies[settings.SESSION_COOKIE_NAME].value
        expiry = Session.objects.get(session_key=key).expire_date
        traveller.shift(dt.timedelta(seconds=59))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PRIVATE_URL).status_code == 200
        assert not [q for q in queries if 'UPDATE "django_session"' in q["sql"]]
        assert Session.objects.get(session_key=key).expire_date == expiry
        traveller.shift(dt.timedelta(seconds=1))  # a minute after the login
        assert client.get(PRIVATE_URL).status_code == 200
        assert Session.objects.get(session_key=key).expire_date == expiry + dt.timedelta(minutes=1)


def test_an_active_session_ends_twelve_hours_after_its_login(director):
    client = Client()
    with time_machine.travel(T0, tick=False) as traveller:
        _post_login(client, "directeur", PASSWORD)
        # Busy all day: a request every 20 minutes keeps the idle limit away.
        for _ in range(35):  # 11 h 40
            traveller.shift(dt.timedelta(minutes=20))
            assert client.get(PRIVATE_URL).status_code == 200
        traveller.shift(dt.timedelta(minutes=20))  # 12 h after the login
        response = client.get(PRIVATE_URL)
        assert SESSION_KEY not in client.session
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_inactive_user_is_refused_on_the_next_request_by_django_itself(client, director):
    client.force_login(director)
    assert client.get(PRIVATE_URL).status_code == 200
    director.is_active = False
    director.save(update_fields=["is_active"])

    response = client.get(PRIVATE_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def _sessions_of(user) -> list[str]:
    return [
        s.session_key
        for s in Session.objects.all()
        if s.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]


def test_deactivating_a_user_ends_their_sessions_and_keeps_a_history_row(
    director, other_director, dg
):
    theirs, mine = Client(), Client()
    theirs.force_login(director)
    mine.force_login(other_director)
    assert len(_sessions_of(director)) == 1

    user_deactivate(user=director, actor=dg)

    director.refresh_from_db()
    assert director.is_active is False
    assert _sessions_of(director) == []
    assert len(_sessions_of(other_director)) == 1  # nobody else is logged out
    latest = director.history.latest()
    assert latest.is_active is False
    assert latest.history_user == dg
    assert theirs.get(PRIVATE_URL).status_code == 302


def test_deactivating_through_the_admin_leaves_no_usable_session(admin_user, director):
    theirs = Client()
    theirs.force_login(director)
    admin = Client()
    admin.force_login(admin_user)
    url = reverse("admin:organisation_user_change", args=[director.pk])
    form = admin.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in {"password", "groups", "user_permissions"}
    }
    data.update(
        {
            "is_active": "",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "03/07/2021",
            "date_joined_1": "08:00:00",
            "org_unit": director.org_unit_id,
        }
    )
    data.pop("last_login", None)
    data.pop("date_joined", None)
    data.pop("is_active")

    response = admin.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    director.refresh_from_db()
    assert director.is_active is False
    assert _sessions_of(director) == []
    response = theirs.get(PRIVATE_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
