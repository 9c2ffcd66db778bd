"""One permission matrix over every URL pattern of the project (DESIGN.md §5, STYLE.md).

Every URL the resolver knows (through every include) × every persona × GET and POST is
requested and compared with the grid of permission_table.py. A new page without a row there
fails `test_every_url_of_the_project_has_a_row_in_the_permission_table`, naming it, and its
cases fail too. A refused POST must leave the audit trail and the objects as they were.
"""

from http.cookies import SimpleCookie
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from organisation.permissions import home_url_name
from tests.trust import permission_table as table
from tests.trust.url_inventory import (
    PERSONA_USER,
    all_urls,
    covered_urls,
    history_counts,
    rows_of,
    shared_data,
    side_for,
    url_for,
)

URLS = covered_urls()
STATEMENT_LINK = f'href="{reverse("reporting:accessibility")}"'
CASES = [
    pytest.param(entry, method, persona, id=f"{entry.name}-{method}-{persona}")
    for entry in URLS
    for method in ("GET", "POST")
    for persona in table.PERSONAS
]


@pytest.fixture(scope="module")
def shared(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker) as data:
        yield data


@pytest.fixture
def matrix_data(shared, db):
    return shared


@pytest.fixture(scope="module")
def module_client():
    # One client for the module: each new Client loads the middleware again, and WhiteNoise
    # then rescans every static file (~0.2 s); its cookies are cleared before each test.
    return Client()


@pytest.fixture
def client(module_client):
    module_client.cookies = SimpleCookie()
    return module_client


def test_every_url_of_the_project_has_a_row_in_the_permission_table():
    missing = [
        f"{entry.name} ({entry.route}) {method}"
        for entry in URLS
        for method in ("GET", "POST")
        if (entry.name, method) not in table.EXPECTED
    ]
    assert not missing, (
        "URL(s) with no row in tests/trust/permission_table.py MATRIX: " + "; ".join(missing)
    )


def test_the_permission_table_has_no_row_for_a_url_that_no_longer_exists():
    names = {entry.name for entry in URLS}
    stale = sorted({name for name, _method in table.EXPECTED} - names)
    assert not stale, f"rows for URL names the resolver does not know: {stale}"


def test_the_walk_reaches_inside_every_include_and_leaves_out_only_the_admin_internals():
    every_name = {entry.name for entry in all_urls()}
    covered = {entry.name for entry in URLS}
    # Names from an include (namespaced) and from the root are both reached.
    assert {"healthz", "login", "reporting:dashboard", "recruitment:recruitment-list"} <= covered
    assert "admin:index" in covered
    left_out = every_name - covered
    assert left_out, "the admin site's internal URLs are expected to be left out"
    assert all(name.startswith("admin:") for name in left_out), left_out


def _is_login_redirect(response) -> bool:
    location = response.get("Location", "")
    return response.status_code == 302 and (
        location.startswith(resolve_url(settings.LOGIN_URL)) and "next=" in location
    )


def _has_form_errors(response) -> bool:
    context = getattr(response, "context", None)
    if not context:
        return False
    form = context.get("form")
    return bool(form is not None and getattr(form, "errors", None))


def _messages(response) -> list[str]:
    storage = getattr(response.wsgi_request, "_messages", None)
    return [str(message) for message in storage] if storage is not None else []


def _check(response, outcome: str, user, method: str, url: str) -> None:
    status = response.status_code
    where = f"{method} {url} → {status} {response.get('Location', '')}"
    if outcome == "200":
        assert status == 200, where
        if response["Content-Type"].startswith("text/html"):
            # RGAA: the accessibility statement is reachable from every page.
            assert STATEMENT_LINK in response.content.decode(), f"{where}: no statement link"
    elif outcome == "login":
        assert _is_login_redirect(response), where
    elif outcome == "home":
        assert status == 302, where
        assert response["Location"] == reverse(home_url_name(user)), where
    elif outcome == "admin→":
        assert status == 302, where
        assert urlsplit(response["Location"]).path == reverse("admin:login"), where
    elif outcome in {"403", "404", "405"}:
        assert status == int(outcome), where
    elif outcome in {"write", "ok"}:
        assert status in {200, 302}, where
        assert not _is_login_redirect(response), where
        assert not _has_form_errors(response), f"{where}: {response.context['form'].errors}"
    else:  # pragma: no cover - parse_matrix refuses unknown outcomes
        raise AssertionError(outcome)


@pytest.mark.parametrize(("entry", "method", "persona"), CASES)
def test_permission_matrix(client, matrix_data, entry, method, persona):
    outcome = table.EXPECTED.get((entry.name, method), {}).get(persona)
    if outcome is None:
        pytest.fail(f"no row for {entry.name} ({entry.route}) {method} in permission_table.py")
    user = matrix_data.users[PERSONA_USER[persona]] if PERSONA_USER[persona] else None
    if user is not None:
        client.force_login(user)
    objects = side_for(matrix_data, persona)
    url = url_for(entry, objects, user)

    if method == "GET":
        before = history_counts()
        response = client.get(url)
        _check(response, outcome, user, method, url)
        assert history_counts() == before, f"GET {url} wrote to the audit trail"
        return

    data = table.POST_DATA.get(entry.name, lambda d, o: {})(matrix_data, objects)
    history_before, rows_before = history_counts(), rows_of(objects)
    response = client.post(url, data)
    _check(response, outcome, user, method, url)
    history_after, rows_after = history_counts(), rows_of(objects)
    if outcome == "write":
        assert history_after != history_before or rows_after != rows_before, (
            f"POST {url} was accepted but wrote nothing: {_messages(response)}"
        )
    elif outcome != "ok":
        assert history_after == history_before, f"refused POST {url} changed the history"
        assert rows_after == rows_before, f"refused POST {url} changed a row"
