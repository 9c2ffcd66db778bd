"""Bad input everywhere (DESIGN.md §5): no page answers 500 to any input; a bad form value
gets a clear French message and changes nothing.

Every form of the project (each POST endpoint the permission table accepts for someone,
listed with its fields in permission_table.FORM_FIELDS) gets hostile values from hypothesis:
markup, SQL-ish strings, huge strings, unicode, NUL bytes, negative and huge numbers,
malformed dates, repeated keys. Every page gets hostile query strings (its own filter names
read from the page, pagination and sorting). The test client re-raises any exception a view
lets through, so a would-be 500 fails the test with its traceback.
"""

import re
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.contrib.messages import constants as message_levels
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.forms import BaseForm
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.trust import permission_table as table
from tests.trust.url_inventory import (
    PERSONA_USER,
    covered_urls,
    history_counts,
    rows_of,
    shared_data,
    side_for,
    url_for,
)

URLS = {entry.name: entry for entry in covered_urls()}
WRITER_ORDER = ("dir", "dg", "hr", "admin", "anon")
READER_ORDER = ("dg", "admin", "hr", "elu", "dir", "anon")
ACCEPTED = {"write", "ok"}


def _first_persona(url_name: str, method: str, order, outcomes) -> str | None:
    row = table.EXPECTED.get((url_name, method), {})
    return next((p for p in order if row.get(p) in outcomes), None)


FORM_URLS = sorted(
    name for name in URLS if _first_persona(name, "POST", WRITER_ORDER, ACCEPTED) is not None
)
PAGE_URLS = sorted(
    name for name in URLS if _first_persona(name, "GET", READER_ORDER, {"200"}) is not None
)

# --- Hostile values ------------------------------------------------------------------------
NASTY = [
    "<script>alert('cap')</script>",
    '"><svg onload=alert(1)>',
    "'; DROP TABLE workstreams_workstream; --",
    "1' OR '1'='1",
    "1; SELECT pg_sleep(5)",
    "\x00",
    "a\x00b",
    "\u202egnp.exe",
    "😀🏳️‍🌈 Ｃａｐ ǅ ß ﬁ",
    "\ufeff",
    "\r\n\r\n",
    "A" * 100_000,
    "é" * 5_000,
    "-1",
    "0",
    "-2147483649",
    "2147483648",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "-0",
    "3.5",
    "2021-02-30",
    "2021-13-01",
    "31/12/2021",
    "0000-00-00",
    "9999-12-31",
    "10000-01-01",
    "2021-1-1T25:61",
    "demain",
    "../../../etc/passwd",
    "{{ 7|add:7 }}",
    "{% csrf_token %}",
    "%s%s%s%n",
    "None",
    "on",
    "[]",
    "",
]
TEXT = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=200)
SCALAR = st.one_of(
    st.sampled_from(NASTY),
    TEXT,
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.dates().map(lambda day: day.isoformat()),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
VALUE = st.one_of(SCALAR, st.lists(SCALAR, min_size=0, max_size=3))
# Uploads: odd names, random bytes, or the import's header followed by hostile text.
FILE = st.builds(
    lambda name, body: SimpleUploadedFile(name, body),
    st.sampled_from(["import.csv", "import.xlsx", "import.exe", "../../import.csv", "é.csv"]),
    st.one_of(
        st.binary(max_size=2_000),
        st.lists(SCALAR, max_size=12).map(
            lambda cells: (table.IMPORT_HEADER + ";".join(cells)).encode("utf-8", "replace")
        ),
    ),
)

# Django's own English messages, in case a string escapes the French translation.
ENGLISH = re.compile(
    r"This field|Enter a |Enter the |Ensure this|Select a valid|Null characters|is required"
    r"|are not allowed|must be |Please |is not a valid|Invalid |doesn.t exist|already exists"
)

HYPOTHESIS = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# --- Fixtures ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def shared(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker) as data:
        yield data


@pytest.fixture
def matrix_data(shared, db):
    return shared


@pytest.fixture(scope="module")
def module_client():
    # One client (and middleware chain) for the module: see test_permission_matrix.py.
    return Client()


@pytest.fixture
def client(module_client):
    module_client.cookies = SimpleCookie()
    return module_client


# --- Reading pages -------------------------------------------------------------------------
class _FormFields(HTMLParser):
    """The field names of each <form> of a page, with its method and action."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.links: list[str] = []
        self._current: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._current = {
                "method": (attrs.get("method") or "get").lower(),
                "action": attrs.get("action") or "",
                "fields": set(),
            }
            self.forms.append(self._current)
        elif tag in {"input", "select", "textarea", "button"} and self._current is not None:
            if attrs.get("name"):
                self._current["fields"].add(attrs["name"])
        elif tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def _parse(response) -> _FormFields:
    parser = _FormFields()
    if response["Content-Type"].startswith("text/html"):
        parser.feed(response.content.decode())
    return parser


def _login(client, data, persona: str):
    user = data.users[PERSONA_USER[persona]] if PERSONA_USER[persona] else None
    if user is not None:
        client.force_login(user)
    return user


# --- What a response says ----------------------------------------------------------------
def _form_errors(response) -> list[str]:
    errors: list[str] = []
    for context in response.context or []:
        for value in context.flatten().values() if hasattr(context, "flatten") else []:
            if isinstance(value, BaseForm) and value.is_bound:
                errors += [str(e) for field_errors in value.errors.values() for e in field_errors]
    return list(dict.fromkeys(errors))


def _error_messages(response) -> list[str]:
    storage = getattr(response.wsgi_request, "_messages", None)
    if storage is None:
        return []
    # Reading the queued messages without consuming them.
    return [str(m) for m in storage._queued_messages if m.level >= message_levels.ERROR]


# --- The tests -----------------------------------------------------------------------------
def test_every_form_of_the_project_is_in_the_hostile_input_list():
    missing = [name for name in FORM_URLS if name not in table.FORM_FIELDS]
    assert not missing, (
        "POST endpoint(s) accepted in MATRIX but absent from FORM_FIELDS in "
        f"tests/trust/permission_table.py: {missing}"
    )
    stale = sorted(set(table.FORM_FIELDS) - set(FORM_URLS))
    assert not stale, f"FORM_FIELDS rows for no accepted POST endpoint: {stale}"


# A POST-only action has its form on another page: the object's page, or any page (logout).
HOST_PAGES = {
    "logout": "reporting:dashboard",
    "priorities:programme-switch": "priorities:programme-list",
    "governance:decision-create": "governance:meeting-detail",
    "governance:decision-follow-up": "governance:decision-list",
    "governance:body-membership": "governance:body-detail",
    "governance:body-member-remove": "governance:body-detail",
    "governance:decision-archive": "governance:decision-edit",
    "governance:": "governance:meeting-detail",
    "workstreams:workstream-import-confirm": "workstreams:workstream-import",
    "workstreams:": "workstreams:workstream-detail",
    "recruitment:position-suppress": "recruitment:position-detail",
    "recruitment:position-budget": "recruitment:arbitration",
    "recruitment:profile-edit": "recruitment:profile-detail",
    "recruitment:profile-submit": "recruitment:profile-detail",
    "recruitment:profile-sign-director": "recruitment:profile-detail",
    "recruitment:profile-sign-dg": "recruitment:profile-detail",
    "recruitment:": "recruitment:recruitment-detail",
    "notifications:": "notifications:list",
    "reporting:edition-share": "reporting:edition-detail",
}


# Forms the meeting page shows only in a state the shared data's meeting is not in.
CONDITIONAL_GOVERNANCE_FORMS = {
    "governance:meeting-minutes": "the minutes form shows on a held meeting",
    "governance:meeting-minutes-publish": "the minutes are sent out from a held meeting",
    "governance:agenda-item-move": "an item moves on an agenda of two items or more",
    "governance:agenda-item-outcome": "an item's outcome is written once the meeting is held",
    "governance:meeting-agenda-pull": "shown when the drafted DG agenda proposes something",
    "governance:body-membership": "the add-a-member form shows once a search found someone",
    "governance:body-member-remove": "a remove button shows beside each member; none here",
}


def _host_page(url_name: str) -> str:
    if _first_persona(url_name, "GET", WRITER_ORDER, {"200"}):
        return url_name
    for prefix, host in HOST_PAGES.items():
        if url_name == prefix or (prefix.endswith(":") and url_name.startswith(prefix)):
            return host
    raise LookupError(f"{url_name}: add the page that holds its form to HOST_PAGES")


@pytest.mark.parametrize("url_name", FORM_URLS)
def test_the_field_list_covers_every_field_of_the_form_on_its_page(client, matrix_data, url_name):
    persona = _first_persona(url_name, "POST", WRITER_ORDER, ACCEPTED)
    if persona == "anon":
        persona = _first_persona(url_name, "GET", READER_ORDER, {"200"})
    user = _login(client, matrix_data, persona)
    objects = side_for(matrix_data, persona)
    url = url_for(URLS[url_name], objects, user)
    host = _host_page(url_name)
    host_url = url_for(URLS[host], objects, user)
    page = _parse(client.get(host_url))
    own = [
        f
        for f in page.forms
        if f["method"] == "post" and (f["action"] == url or (host == url_name and not f["action"]))
    ]
    if not own and url_name.startswith("notifications:"):
        pytest.skip(f"{host_url} shows no {url_name} form without a notification to act on")
    if not own and url_name.startswith("recruitment:profile-sign"):
        pytest.skip("the sign-off forms show on a fiche in review, the matrix's is a draft")
    if not own and url_name in CONDITIONAL_GOVERNANCE_FORMS:
        pytest.skip(CONDITIONAL_GOVERNANCE_FORMS[url_name])
    if not own and url_name == "workstreams:workstream-import-confirm":
        pytest.skip("the confirmation form is on the answer to a successful dry run (a POST)")
    if not own and url_name == "workstreams:status-update-create":
        # The side's workstream has a draft: "Nouveau point" continues it, on the edit
        # form (the same fields, checked under workstreams:status-update-edit).
        pytest.skip("the workstream's draft is continued on its edit form")
    assert own, f"no <form method=post> posting to {url} on {host_url}"
    on_page = set().union(*(f["fields"] for f in own)) - {"csrfmiddlewaretoken"}
    assert on_page <= set(table.FORM_FIELDS[url_name]), (
        f"{url_name}: fields on the page missing from FORM_FIELDS: "
        f"{sorted(on_page - set(table.FORM_FIELDS[url_name]))}"
    )


@pytest.mark.parametrize("url_name", FORM_URLS)
def test_hostile_form_values_never_crash_and_a_refusal_changes_nothing_and_speaks_french(
    client, matrix_data, url_name
):
    entry = URLS[url_name]
    persona = _first_persona(url_name, "POST", WRITER_ORDER, ACCEPTED)
    objects = side_for(matrix_data, persona)
    base = table.POST_DATA.get(url_name, lambda d, o: {})(matrix_data, objects)
    if url_name == "login":
        # Never a real account: hostile passwords would lock it for the next tests.
        base = {"username": "visiteur-hostile", "password": "pas-le-bon"}
    fields = table.FORM_FIELDS[url_name] or ["champ_inconnu"]

    @HYPOTHESIS
    @given(data=st.data())
    def post_hostile(data):
        chosen = data.draw(st.sets(st.sampled_from(fields), min_size=1), label="fields")
        payload = dict(base)
        for name in sorted(chosen):
            payload[name] = data.draw(
                st.one_of(FILE, VALUE) if name == "file" else VALUE, label=name
            )
        with transaction.atomic():
            user = _login(client, matrix_data, persona)
            url = url_for(entry, objects, user)
            history, rows = history_counts(), rows_of(objects)
            response = client.post(url, payload)
            assert response.status_code < 500, response.status_code
            errors = _form_errors(response) + _error_messages(response)
            refused = errors or response.status_code in {400, 403, 404, 405, 409}
            if refused:
                assert history_counts() == history, f"refused POST {url} wrote history"
                assert rows_of(objects) == rows, f"refused POST {url} changed a row"
                english = [e for e in errors if ENGLISH.search(e)]
                assert not english, f"English error message(s): {english}"
            if response.status_code == 400 or (response.status_code == 200 and refused):
                assert errors, f"{url} refused the input without saying why"
            if response.status_code == 302 and not errors:
                # Accepted: whatever was stored shows escaped on the page we are sent to.
                target = response["Location"]
                if urlsplit(target).netloc == "" and not target.startswith("/accounts/login"):
                    shown = client.get(target)
                    assert shown.status_code < 500
                    assert "<script>alert('cap')" not in shown.content.decode(errors="replace")
            transaction.set_rollback(True)

    post_hostile()


def test_a_nul_byte_in_a_form_gets_a_french_message_and_changes_nothing(client, matrix_data):
    client.force_login(matrix_data.users["director"])
    workstream = matrix_data.own.workstream
    url = f"/workstreams/{workstream.code}/updates/new/"
    data = table.POST_DATA["workstreams:status-update-create"](matrix_data, matrix_data.own)
    before = history_counts()
    response = client.post(url, {**data, "done": "Atelier\x00tenu"})
    assert response.status_code == 200
    assert "Le caractère nul n’est pas autorisé." in _form_errors(response)
    assert history_counts() == before


COMMON_PARAMS = ["page", "sort", "q", "format", "from", "to", "month", "start", "end", "next"]
FIXED_QUERIES = [
    {"page": "-1"},
    {"page": "abc"},
    {"page": "0"},
    {"page": "99999999999999999999"},
    {"page": "1e3"},
    {"sort": "inconnu"},
    {"sort": "-" * 300},
    {"page": "\x00"},
]


@pytest.mark.parametrize("url_name", PAGE_URLS)
def test_hostile_query_strings_never_crash_a_page(client, matrix_data, url_name):
    entry = URLS[url_name]
    persona = _first_persona(url_name, "GET", READER_ORDER, {"200"})
    user = _login(client, matrix_data, persona)
    url = url_for(entry, side_for(matrix_data, persona), user)
    page = _parse(client.get(url))
    names = set(COMMON_PARAMS)
    for form in page.forms:
        if form["method"] == "get":
            names |= form["fields"]
    for link in page.links:
        names |= {key for key, _value in parse_qsl(urlsplit(link).query)}
    names = sorted(names)

    # Each parameter once with a huge value and once with a NUL byte (PostgreSQL refuses
    # NUL in a string: a filter that passes it to the database answers 500).
    per_name = [{name: "x" * 5_000} for name in names] + [{name: "a\x00b"} for name in names]
    for query in FIXED_QUERIES + per_name:
        assert client.get(url, query).status_code < 500, query

    @HYPOTHESIS
    @given(query=st.dictionaries(st.sampled_from(names), VALUE, min_size=1, max_size=4))
    def get_hostile(query):
        response = client.get(url, query)
        assert response.status_code < 500, query

    get_hostile()
