"""Headers, error pages, CSRF, method discipline, passwords, security log and production
settings (issue 5, point 2)."""

import datetime as dt
import inspect
import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import factories

BASE_DIR = Path(__file__).resolve().parents[2]
PASSWORD = factories.PASSWORD


def assert_security_headers(response, *, https: bool = True) -> None:
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "'unsafe-inline'" not in directives["script-src"]
    assert directives["script-src"].startswith("'self'")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    if https:
        assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


# Headers and error pages ---------------------------------------------------------------


def test_the_login_page_carries_every_security_header(db):
    response = Client().get("/accounts/login/", secure=True)
    assert response.status_code == 200
    assert_security_headers(response)


def test_hsts_is_not_sent_over_plain_http_where_browsers_would_ignore_it(db):
    response = Client().get("/accounts/login/")
    assert "Strict-Transport-Security" not in response


def test_the_404_page_is_french_and_carries_the_headers(client, director):
    client.force_login(director)
    response = client.get("/no-such-page/", secure=True)
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()
    assert '<html lang="fr">' in response.content.decode()
    assert_security_headers(response)


def test_an_anonymous_404_is_a_404_not_a_login_redirect(db):
    response = Client().get("/no-such-page/", secure=True)
    assert response.status_code == 404
    assert_security_headers(response)


@pytest.mark.urls("tests.trust.error_urls")
def test_the_403_page_is_french_and_carries_the_headers(client, director):
    client.force_login(director)
    response = client.get("/tests/forbidden/", secure=True)
    assert response.status_code == 403
    content = response.content.decode()
    assert "Accès refusé" in content
    assert "Votre rôle ne vous permet pas cette action" in content
    assert_security_headers(response)


@pytest.mark.urls("tests.trust.error_urls")
def test_the_500_page_is_french_and_carries_the_headers(client, director):
    client.force_login(director)
    client.raise_request_exception = False
    response = client.get("/tests/boom/", secure=True)
    assert response.status_code == 500
    content = response.content.decode()
    assert "Erreur du serveur" in content
    assert "a bug, on purpose" not in content  # nothing of the exception leaks
    assert_security_headers(response)


@pytest.mark.urls("tests.trust.error_urls")
def test_the_400_page_is_french_and_carries_the_headers(client, director):
    client.force_login(director)
    response = client.get("/tests/suspicious/", secure=True)
    assert response.status_code == 400
    content = response.content.decode()
    assert "Requête invalide" in content
    assert "forged" not in content
    assert_security_headers(response)


def test_production_cookies_are_secure_http_only_and_lax():
    values = _production_settings(
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SAMESITE",
        "SECURE_HSTS_SECONDS",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_AGE",
        "SESSION_SAVE_EVERY_REQUEST",
        "SESSION_REFRESH_SECONDS",
        "SESSION_ABSOLUTE_SECONDS",
        "LOGIN_FAILURE_LIMIT",
        "LOGIN_LOCK_SECONDS",
    )
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SAMESITE": "Lax",
        "SECURE_HSTS_SECONDS": 365 * 24 * 3600,
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_AGE": 30 * 60,
        "SESSION_SAVE_EVERY_REQUEST": False,
        "SESSION_REFRESH_SECONDS": 60,
        "SESSION_ABSOLUTE_SECONDS": 12 * 3600,
        "LOGIN_FAILURE_LIMIT": 10,
        "LOGIN_LOCK_SECONDS": 15 * 60,
    }


def test_check_deploy_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def _production_env() -> dict[str, str]:
    """The environment a production server has: DEBUG off, a key, a host, a mail server;
    none of the relaxations tests/settings.py puts into this process's environment."""
    relaxed = {
        "DJANGO_SETTINGS_MODULE",
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SESSION_IDLE_SECONDS",
        "SESSION_ABSOLUTE_SECONDS",
        "LOGIN_FAILURE_LIMIT",
        "LOGIN_LOCK_SECONDS",
    }
    env = {k: v for k, v in os.environ.items() if k not in relaxed}
    env.update(
        DJANGO_SETTINGS_MODULE="cap2021.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="cap.mairie.example",
        EMAIL_URL="smtp://mail.mairie.example:25",
    )
    return env


def _production_settings(*names: str) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


# CSRF and methods -----------------------------------------------------------------------


def _project_patterns(patterns=None, prefix="", namespace=None):
    """(pattern, full route, URL name, kwarg converters) of every non-admin URL."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route.startswith("admin/"):
                continue  # the admin site checks its own methods and CSRF
            ns = ":".join(p for p in (namespace, pattern.namespace) if p) or None
            yield from _project_patterns(pattern.url_patterns, route, ns)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield pattern, route, name, getattr(pattern.pattern, "converters", {}) or {}


def _is_post_only(callback) -> bool:
    """A function view decorated @require_POST (the house rule for every action)."""
    try:
        source = inspect.getsource(inspect.unwrap(callback))
    except (OSError, TypeError):
        return False
    return "@require_POST" in source


def post_only_urls() -> list[str]:
    # A POST-only view answers 405 to GET, and CSRF refuses the POST, before any lookup:
    # the kwargs need not exist, they only need to fit the converters.
    urls = []
    for pattern, _route, name, converters in _project_patterns():
        if _is_post_only(pattern.callback):
            kwargs = {
                kwarg: 1 if converter.regex == "[0-9]+" else "X-01"
                for kwarg, converter in converters.items()
            }
            urls.append(reverse(name, kwargs=kwargs))
    return urls


def history_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if hasattr(model, "instance_type")  # simple_history's historical models
    }


@pytest.mark.urls("tests.trust.error_urls")
def test_the_post_only_discovery_finds_a_require_post_view():
    # Guards the two tests below: if the discovery found nothing, they would prove nothing.
    assert "/tests/poke/" in post_only_urls()
    assert "/tests/forbidden/" not in post_only_urls()


def test_get_on_every_post_only_action_is_refused_with_405_and_changes_nothing(client, admin_user):
    client.force_login(admin_user)
    before = history_counts()
    for url in post_only_urls():
        response = client.get(url)
        assert response.status_code == 405, url
    assert client.get("/accounts/logout/").status_code == 405
    assert history_counts() == before


def test_a_post_without_csrf_token_is_refused_everywhere(director):
    client = Client(enforce_csrf_checks=True)
    client.force_login(director)
    before = history_counts()
    password_before = director.password
    for url in ["/accounts/logout/", "/accounts/password/", *post_only_urls()]:
        response = client.post(url, {"old_password": PASSWORD, "new_password1": "x" * 20})
        assert response.status_code == 403, url
        assert "Formulaire expiré" in response.content.decode()
    director.refresh_from_db()
    assert director.password == password_before
    assert history_counts() == before
    assert client.session[SESSION_KEY] == str(director.pk)  # logout was refused too


def test_a_login_post_without_csrf_token_is_refused(director):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "directeur", "password": PASSWORD})
    assert response.status_code == 403
    assert SESSION_KEY not in client.session


def test_the_login_form_posts_with_its_csrf_token(director):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/accounts/login/")
    token = page.context["csrf_token"]
    response = client.post(
        "/accounts/login/",
        {"username": "directeur", "password": PASSWORD, "csrfmiddlewaretoken": str(token)},
    )
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(director.pk)


def test_get_on_pages_without_parameters_changes_no_row(client, admin_user, director):
    factories.StatusUpdateFactory(workstream=factories.WorkstreamFactory(owner=director))
    before = history_counts()
    urls = [
        "/" + route
        for pattern, route, _name, converters in _project_patterns()
        if not converters and not _is_post_only(pattern.callback)
    ]
    assert "/" in urls and "/healthz" in urls
    for user in (admin_user, director):
        client.force_login(user)
        for url in urls:
            if url == "/accounts/logout/":
                continue
            response = client.get(url)
            assert response.status_code < 500, url
    assert history_counts() == before


# Passwords ------------------------------------------------------------------------------


def _change_password(client, new: str):
    return client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )


def test_a_short_password_is_refused_in_french(client, director):
    client.force_login(director)
    response = _change_password(client, "Court-1!")
    assert response.status_code == 200
    assert (
        "Ce mot de passe est trop court. Il doit contenir au minimum 12 caractères."
        in response.content.decode()
    )
    director.refresh_from_db()
    assert director.check_password(PASSWORD)


def test_a_common_password_is_refused_in_french(client, director):
    client.force_login(director)
    response = _change_password(client, "q1w2e3r4t5y6")
    assert response.status_code == 200
    assert "Ce mot de passe est trop courant." in response.content.decode()
    director.refresh_from_db()
    assert director.check_password(PASSWORD)


def test_a_long_lowercase_passphrase_is_accepted_without_composition_rules(client, director):
    client.force_login(director)
    response = _change_password(client, "le chemin de la mairie longe la riviere")
    assert response.status_code == 302
    director.refresh_from_db()
    assert director.check_password("le chemin de la mairie longe la riviere")


# Security log ---------------------------------------------------------------------------


@pytest.fixture
def security_log(caplog):
    """The security logger does not propagate to the root (it has its own handler):
    hand caplog's handler to it directly."""
    logger = logging.getLogger("core.security")
    logger.addHandler(caplog.handler)
    caplog.set_level(logging.INFO, logger="core.security")
    yield caplog
    logger.removeHandler(caplog.handler)


def _utc_formatter() -> logging.Formatter:
    handler = logging.getLogger("core.security").handlers[0]
    return handler.formatter


@pytest.mark.urls("tests.trust.error_urls")
def test_logins_failures_and_403s_are_logged_with_a_utc_timestamp(security_log, director):
    # 10:00 in Paris in summer is 08:00 UTC: the log must say 08:00 and Z.
    with time_machine.travel(dt.datetime(2021, 7, 3, 8, 0, tzinfo=dt.UTC), tick=False):
        client = Client(REMOTE_ADDR="192.0.2.10")
        client.post("/accounts/login/", {"username": "directeur", "password": "mauvais"})
        client.post("/accounts/login/", {"username": "directeur", "password": PASSWORD})
        client.get("/tests/forbidden/")

    messages = [r.getMessage() for r in security_log.records if r.name == "core.security"]
    assert messages == [
        "login-failed username='directeur' ip=192.0.2.10",
        f"login-success user='directeur' id={director.pk} ip=192.0.2.10",
        "forbidden method=GET path='/tests/forbidden/' user='directeur' ip=192.0.2.10",
    ]
    formatter = _utc_formatter()
    for record in security_log.records:
        stamp = formatter.formatTime(record)
        assert stamp == "2021-07-03T08:00:00.000Z"
        assert formatter.format(record).startswith("2021-07-03T08:00:00.000Z ")
    assert "mauvais" not in security_log.text  # no password in the log


def test_a_csrf_refusal_and_a_lock_are_logged(security_log, director):
    client = Client(enforce_csrf_checks=True)
    client.post("/accounts/login/", {"username": "directeur", "password": PASSWORD})
    other = Client()
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        other.post("/accounts/login/", {"username": "directeur", "password": "mauvais"})
    messages = [r.getMessage() for r in security_log.records]
    assert "forbidden method=POST path='/accounts/login/' user='-' ip=127.0.0.1" in messages
    assert "login-locked username='directeur' ip=127.0.0.1 failures=10 seconds=900" in messages
