"""No lost update: two people load the same form at version 1; the second save is refused,
the row keeps the first save, and the second person's typing is still in the form."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.workstreams.conftest import history_count
from workstreams.models import Action, Milestone, StatusUpdate, Workstream

CONFLICT_MESSAGE = "Quelqu'un d'autre a modifié cet élément"


def _two_clients(first_user, second_user):
    first, second = Client(), Client()
    first.force_login(first_user)
    second.force_login(second_user)
    return first, second


def _assert_refused(response, typed: str):
    content = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 409
    assert CONFLICT_MESSAGE in content
    assert typed in content


def test_a_second_edit_of_a_milestone_is_refused_and_keeps_what_was_typed(programme, director, dg):
    milestone = programme["milestone"]
    url = reverse("workstreams:milestone-edit", args=["CSC-01", milestone.pk])
    karim, claire = _two_clients(director, dg)
    # Both load the form: version 1.
    assert karim.get(url).context["form"]["version"].value() == 1
    assert claire.get(url).context["form"]["version"].value() == 1
    first = karim.post(
        url,
        {
            "version": 1,
            "title": "Charte adoptée",
            "due_date": "2021-10-15",
            "move_reason": "Vote du conseil reporté",
        },
    )
    assert first.status_code == 302
    before = history_count()
    second = claire.post(
        url,
        {
            "version": 1,
            "title": "Titre de Claire",
            "due_date": "2021-11-30",
            "move_reason": "Calendrier du conseil",
        },
    )
    _assert_refused(second, "Titre de Claire")
    assert 'value="2021-11-30"' in second.content.decode()
    milestone.refresh_from_db()
    assert milestone.title == "Charte adoptée"
    assert milestone.due_date == dt.date(2021, 10, 15)
    assert milestone.baseline_date == dt.date(2021, 9, 30)  # the first promise stays
    assert milestone.version == 2
    assert history_count() == before


def test_a_second_edit_of_a_status_update_is_refused(programme, director, dg):
    draft = programme["draft"]
    url = reverse("workstreams:status-update-edit", args=["CSC-01", draft.pk])
    karim, claire = _two_clients(director, dg)
    data = {"version": 1, "weather": "on_track", "progress": 50, "action": "draft"}
    assert karim.post(url, {**data, "done": "Version de Karim"}).status_code == 302
    second = claire.post(url, {**data, "done": "Version de Claire", "progress": 60})
    _assert_refused(second, "Version de Claire")
    draft.refresh_from_db()
    assert draft.done == "Version de Karim"
    assert draft.progress == 50


def test_a_second_edit_of_an_action_is_refused(programme, director, dg):
    action = programme["action"]
    url = reverse("workstreams:action-edit", args=["CSC-01", action.pk])
    karim, claire = _two_clients(director, dg)
    assert (
        karim.post(url, {"version": 1, "title": "Réunir", "state": "in_progress"}).status_code
        == 302
    )
    second = claire.post(url, {"version": 1, "title": "Réunir vite", "state": "todo"})
    _assert_refused(second, "Réunir vite")
    action.refresh_from_db()
    assert (action.title, action.state) == ("Réunir", Action.State.IN_PROGRESS)


def test_a_second_edit_of_a_workstream_is_refused(workstream, dg):
    other_dg = factories.DGFactory(username="dga")
    url = reverse("workstreams:workstream-edit", args=["CSC-01"])
    claire, paul = _two_clients(dg, other_dg)
    form = claire.get(url).context["form"]
    data = {
        name: value
        for name, value in (
            (f.name, f.value()) for f in form if f.name not in {"domains", "mandate_priorities"}
        )
        if value is not None
    }
    data["affected_units"] = []
    assert claire.post(url, {**data, "title": "Titre de Claire"}).status_code == 302
    second = paul.post(url, {**data, "title": "Titre de Paul"})
    _assert_refused(second, "Titre de Paul")
    workstream.refresh_from_db()
    assert workstream.title == "Titre de Claire"
    assert workstream.version == 2


def test_ticking_an_action_already_changed_elsewhere_is_refused_with_a_message(
    client, programme, director
):
    action = programme["action"]
    url = reverse("workstreams:action-done", args=["CSC-01", action.pk])
    client.force_login(director)
    Action.objects.filter(pk=action.pk).update(version=2)  # someone saved meanwhile
    response = client.post(url, {"version": 1}, follow=True)
    assert CONFLICT_MESSAGE in response.content.decode().replace("&#x27;", "'")
    action.refresh_from_db()
    assert action.state == Action.State.TODO


@pytest.mark.parametrize("model", [Workstream, Milestone, Action, StatusUpdate])
def test_every_save_through_a_service_moves_the_version_on(model, programme, dg):
    from workstreams import services

    obj = model.objects.order_by("pk").first()
    service = {
        Workstream: lambda: services.workstream_update(
            workstream=obj, version=1, data={"title": "Nouveau"}, actor=dg
        ),
        Milestone: lambda: services.milestone_update(
            milestone=obj, version=1, data={"title": "Nouveau"}, actor=dg
        ),
        Action: lambda: services.action_update(
            action=obj, version=1, data={"title": "Nouveau"}, actor=dg
        ),
        StatusUpdate: lambda: services.status_update_edit(
            update=obj, version=1, data={"done": "Nouveau"}, submit=False, actor=dg
        ),
    }[model]
    saved = service()
    assert saved.version == 2
    assert model.objects.get(pk=obj.pk).version == 2
    last = model.history.filter(id=obj.pk).latest()
    assert last.history_user == dg
    with pytest.raises(services.ConcurrentEditError):
        service()
