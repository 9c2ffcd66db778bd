"""One permission matrix over every workstreams URL: each persona, allowed and forbidden.

dg edits everything; the director edits his own workstream; another director, HR read only;
an élu does not know the internal pages exist (404, and 403 for the list); anonymous visitors
go to the login page. A refused request changes nothing (no new history row).
"""

import pytest
from django.urls import reverse

from tests import factories
from tests.workstreams.conftest import history_count
from workstreams.models import Action, Milestone, StatusUpdate, Workstream

OK, REDIRECT, FORBIDDEN, NOT_FOUND, LOGIN = 200, 302, 403, 404, "login"

# (name, method, kwargs key, POST data builder, {persona: expected})
READ = {"dg": OK, "director": OK, "other_director": OK, "hr": OK, "elected": NOT_FOUND}
EDIT_PAGE = {
    "dg": OK,
    "director": OK,
    "other_director": FORBIDDEN,
    "hr": FORBIDDEN,
    "elected": NOT_FOUND,
}
EDIT_POST = {**EDIT_PAGE, "dg": REDIRECT, "director": REDIRECT}
DG_PAGE = {
    "dg": OK,
    "director": FORBIDDEN,
    "other_director": FORBIDDEN,
    "hr": FORBIDDEN,
    "elected": NOT_FOUND,
}
DG_POST = {**DG_PAGE, "dg": REDIRECT}


def _without_draft(p) -> dict:
    """A workstream has at most one draft: before an update goes back to a draft (returned,
    withdrawn), CSC-01's own draft is removed."""
    StatusUpdate.objects.filter(pk=p["draft"].pk).delete()
    return {}


def _fresh_start(p) -> dict:
    """CSC-01 with no draft and nothing awaiting the DG: a new point may start."""
    _without_draft(p)
    StatusUpdate.objects.filter(pk=p["submitted"].pk).update(
        state="published", published_at=p["submitted"].submitted_at
    )
    return {}


CASES = [
    (
        "workstream-list",
        "get",
        None,
        None,
        {**READ, "elected": FORBIDDEN},
    ),
    ("workstream-detail", "get", "ws", None, READ),
    (
        "workstream-create",
        "get",
        None,
        None,
        {**DG_PAGE, "elected": FORBIDDEN},
    ),
    ("workstream-edit", "get", "ws", None, DG_PAGE),
    ("workstream-archive", "post", "ws", lambda p: {"version": 1}, DG_POST),
    # CSC-01 has a draft: "Nouveau point" continues it (a redirect to its form).
    (
        "status-update-create",
        "get",
        "ws",
        None,
        {**EDIT_PAGE, "dg": REDIRECT, "director": REDIRECT},
    ),
    (
        "status-update-create",
        "post",
        "ws",
        lambda p: {
            **_fresh_start(p),
            "weather": "on_track",
            "progress": 50,
            "action": "submit",
        },
        EDIT_POST,
    ),
    ("status-update-edit", "get", "draft", None, EDIT_PAGE),
    (
        "status-update-submit",
        "post",
        "draft",
        lambda p: {"version": p["draft"].version},
        EDIT_POST,
    ),
    (
        "status-update-publish",
        "post",
        "submitted",
        lambda p: {"version": p["submitted"].version},
        DG_POST,
    ),
    (
        "status-update-return",
        "post",
        "submitted",
        lambda p: {
            **_without_draft(p),
            "version": p["submitted"].version,
            "return_comment": "Préciser les risques.",
        },
        DG_POST,
    ),
    (
        "status-update-withdraw",
        "post",
        "submitted",
        lambda p: {**_without_draft(p), "version": p["submitted"].version},
        # Only its author (Karim) takes it back; the DG publishes or returns it instead.
        {**EDIT_PAGE, "dg": FORBIDDEN, "director": REDIRECT},
    ),
    ("milestone-create", "get", "ws", None, EDIT_PAGE),
    (
        "milestone-create",
        "post",
        "ws",
        lambda p: {"title": "Nouveau jalon", "due_date": "2021-12-01"},
        EDIT_POST,
    ),
    ("milestone-edit", "get", "milestone", None, EDIT_PAGE),
    (
        "milestone-reach",
        "post",
        "milestone",
        lambda p: {"version": 1, "achieved_on": "2021-07-01"},
        EDIT_POST,
    ),
    (
        "milestone-postpone",
        "post",
        "milestone",
        lambda p: {"version": 1, "due_date": "2021-12-31", "move_reason": "CST reporté."},
        EDIT_POST,
    ),
    ("milestone-archive", "post", "milestone", lambda p: {"version": 1}, EDIT_POST),
    ("action-create", "get", "ws", None, EDIT_PAGE),
    ("action-edit", "get", "action", None, EDIT_PAGE),
    ("action-done", "post", "action", lambda p: {"version": 1}, EDIT_POST),
]
PERSONAS = ["dg", "director", "other_director", "hr", "elected", "anonymous"]


def _url(name, key, programme):
    code = programme["workstream"].code
    if key is None:
        return reverse(f"workstreams:{name}")
    if key == "ws":
        return reverse(f"workstreams:{name}", args=[code])
    return reverse(f"workstreams:{name}", args=[code, programme[key].pk])


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "method", "key", "data", "expected"),
    CASES,
    ids=[f"{c[1]}-{c[0]}" for c in CASES],
)
def test_each_persona_gets_what_its_role_allows_on_each_workstream_url(
    client, request, programme, persona, name, method, key, data, expected
):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    url = _url(name, key, programme)
    payload = data(programme) if method == "post" else None  # may prepare the data first
    before = history_count()
    response = client.get(url) if method == "get" else client.post(url, payload)
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert history_count() == before
        return
    want = expected[persona]
    assert response.status_code == want, (persona, name, response.content[:500])
    if method == "post" and want != REDIRECT:
        assert history_count() == before, "a refused request changed something"
    if method == "post" and want == REDIRECT:
        assert history_count() > before, "an allowed request changed nothing"
        assert response["Location"].startswith(f"/workstreams/{programme['workstream'].code}/")


def test_a_director_of_the_same_org_unit_edits_a_workstream_he_does_not_own(
    client, workstream, director
):
    colleague = factories.DirectorFactory(org_unit=director.org_unit)
    client.force_login(colleague)
    response = client.post(
        reverse("workstreams:action-create", args=[workstream.code]),
        {"title": "Caler la réunion", "state": "todo"},
    )
    assert response.status_code == 302
    assert workstream.actions.get().title == "Caler la réunion"


def test_the_detail_page_offers_editing_only_to_those_who_may_edit(
    client, programme, director, other_director, hr, dg
):
    url = programme["workstream"].get_absolute_url()
    new_update = reverse("workstreams:status-update-create", args=["CSC-01"])
    publish = reverse(
        "workstreams:status-update-publish", args=["CSC-01", programme["submitted"].pk]
    )
    for user, may_edit, may_publish in [
        (director, True, False),
        (dg, True, True),
        (other_director, False, False),
        (hr, False, False),
    ]:
        client.force_login(user)
        content = client.get(url).content.decode()
        # CSC-01 has a draft: the header's button continues it.
        assert ("Reprendre le brouillon en cours" in content) is may_edit, user
        assert ("Nouveau point d'avancement" in content) is False, user
        assert new_update not in content
        assert (publish in content) is may_publish, user
        # Drafts are the editors' working copies: readers never see them.
        assert ("Brouillons" in content) is may_edit, user


def test_an_unknown_code_is_a_404_even_for_the_dg(client, dg):
    client.force_login(dg)
    assert client.get("/workstreams/NOPE-99/").status_code == 404
    assert client.get("/workstreams/CSC-01/updates/new/").status_code == 404


def test_an_archived_workstream_stays_readable_but_takes_no_new_update(
    client, workstream, director, dg
):
    client.force_login(dg)
    client.post(reverse("workstreams:workstream-archive", args=["CSC-01"]), {"version": 1})
    client.force_login(director)
    content = client.get(workstream.get_absolute_url()).content.decode()
    assert "Chantier archivé" in content
    assert "Nouveau point d'avancement" not in content
    response = client.get(reverse("workstreams:status-update-create", args=["CSC-01"]))
    assert response.status_code == 403


def test_get_is_refused_on_every_state_changing_url(client, programme, dg):
    client.force_login(dg)
    for name, method, key, _data, _expected in CASES:
        # The submission's confirmation page is a GET of its address.
        if method == "post" and name not in {
            "status-update-create",
            "milestone-create",
            "status-update-submit",
        }:
            url = _url(name, key, programme)
            assert client.get(url).status_code == 405, name
    assert Workstream.objects.get().archived_at is None
    assert Milestone.objects.get().state == Milestone.State.PLANNED
    assert Action.objects.get().state == Action.State.TODO
    assert StatusUpdate.objects.filter(state="published").count() == 0
