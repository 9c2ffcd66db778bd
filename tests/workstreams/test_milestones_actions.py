"""Milestones and actions kept current from the detail page, without leaving it."""

import datetime as dt

import time_machine
from django.urls import reverse

from tests import factories
from tests.workstreams.conftest import history_count
from workstreams.models import Action, Milestone

TODAY = dt.datetime(2021, 10, 5, 9, 0, tzinfo=dt.UTC)


@time_machine.travel(TODAY)
def test_a_director_marks_a_milestone_reached_and_returns_to_its_row(client, director, programme):
    milestone = programme["milestone"]
    client.force_login(director)
    response = client.post(
        reverse("workstreams:milestone-reach", args=["CSC-01", milestone.pk]),
        {"version": 1, "achieved_on": "2021-10-04"},
    )
    assert response["Location"] == f"/workstreams/CSC-01/#jalon-{milestone.pk}"
    milestone.refresh_from_db()
    assert milestone.state == Milestone.State.ACHIEVED
    assert milestone.achieved_on == dt.date(2021, 10, 4)
    assert milestone.history.order_by("-history_id").first().history_user == director


@time_machine.travel(TODAY)
def test_postponing_a_milestone_keeps_its_baseline_and_shows_the_slippage(
    client, director, programme
):
    milestone = programme["milestone"]  # due and promised 30/09/2021
    client.force_login(director)
    client.post(
        reverse("workstreams:milestone-postpone", args=["CSC-01", milestone.pk]),
        {"version": 1, "due_date": "2021-11-15", "move_reason": "Le CST siège en novembre."},
    )
    milestone.refresh_from_db()
    assert milestone.state == Milestone.State.POSTPONED
    assert milestone.due_date == dt.date(2021, 11, 15)
    assert milestone.baseline_date == dt.date(2021, 9, 30)
    content = client.get("/workstreams/CSC-01/").content.decode()
    assert "glissement +46 j par rapport à l&#x27;échéance initiale" in content
    assert "15/11/2021" in content and "30/09/2021" in content
    # …and the history says who moved it, in words.
    assert "Échéance : <del>30/09/2021</del> → <ins>15/11/2021</ins>" in content
    assert "État : <del>Prévu</del> → <ins>Reporté</ins>" in content
    # The reason is kept with the slippage, and in the milestone's history.
    assert milestone.move_reason == "Le CST siège en novembre."
    assert "Motif : Le CST siège en novembre." in content
    assert "Motif du déplacement : <del>" in content and "<ins>Le CST siège en novembre.</ins>" in (
        content
    )


@time_machine.travel(TODAY)
def test_postponing_a_milestone_without_a_reason_is_refused_and_changes_nothing(
    client, director, programme
):
    milestone = programme["milestone"]
    client.force_login(director)
    before = history_count()
    response = client.post(
        reverse("workstreams:milestone-postpone", args=["CSC-01", milestone.pk]),
        {"version": 1, "due_date": "2021-11-15", "move_reason": "  "},
    )
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.due_date == dt.date(2021, 9, 30)
    assert history_count() == before


def test_editing_a_milestone_date_without_a_reason_is_refused(client, director, programme):
    milestone = programme["milestone"]
    client.force_login(director)
    response = client.post(
        reverse("workstreams:milestone-edit", args=["CSC-01", milestone.pk]),
        {"version": 1, "title": milestone.title, "due_date": "2021-10-31"},
    )
    assert response.status_code == 200
    assert "Indiquez pourquoi l&#x27;échéance change." in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.due_date == dt.date(2021, 9, 30)


def test_editing_only_a_milestones_title_needs_no_reason(client, director, programme):
    milestone = programme["milestone"]
    client.force_login(director)
    response = client.post(
        reverse("workstreams:milestone-edit", args=["CSC-01", milestone.pk]),
        {"version": 1, "title": "Charte adoptée", "due_date": "2021-09-30"},
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.title == "Charte adoptée"


@time_machine.travel(TODAY)
def test_postponing_to_an_earlier_date_is_refused_in_french_and_keeps_the_input(
    client, director, programme
):
    milestone = programme["milestone"]
    client.force_login(director)
    before = history_count()
    response = client.post(
        reverse("workstreams:milestone-postpone", args=["CSC-01", milestone.pk]),
        {"version": 1, "due_date": "2021-09-01", "move_reason": "Avancé"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "La nouvelle échéance doit suivre l" in content
    assert 'value="2021-09-01"' in content
    milestone.refresh_from_db()
    assert milestone.due_date == dt.date(2021, 9, 30)
    assert history_count() == before


@time_machine.travel(TODAY)
def test_a_milestone_cannot_be_reached_in_the_future(client, director, programme):
    milestone = programme["milestone"]
    client.force_login(director)
    response = client.post(
        reverse("workstreams:milestone-reach", args=["CSC-01", milestone.pk]),
        {"version": 1, "achieved_on": "2022-01-01"},
    )
    assert "Un jalon ne peut être atteint dans le futur." in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.state == Milestone.State.PLANNED


@time_machine.travel(TODAY)
def test_a_new_milestone_takes_its_due_date_as_baseline(client, director, workstream):
    client.force_login(director)
    response = client.post(
        reverse("workstreams:milestone-create", args=["CSC-01"]),
        {"title": "Présentation au CST", "due_date": "2021-12-09", "is_key": "on"},
    )
    assert response.status_code == 302
    milestone = workstream.milestones.get()
    assert (milestone.due_date, milestone.baseline_date) == (dt.date(2021, 12, 9),) * 2
    assert milestone.is_key


def test_editing_a_milestone_date_keeps_the_baseline(client, director, programme):
    milestone = programme["milestone"]
    client.force_login(director)
    client.post(
        reverse("workstreams:milestone-edit", args=["CSC-01", milestone.pk]),
        {
            "version": 1,
            "title": milestone.title,
            "due_date": "2021-10-31",
            "move_reason": "Le conseil siège fin octobre.",
        },
    )
    milestone.refresh_from_db()
    assert milestone.due_date == dt.date(2021, 10, 31)
    assert milestone.baseline_date == dt.date(2021, 9, 30)


def test_an_archived_milestone_leaves_the_table_but_stays_listed_as_archived(
    client, director, programme
):
    milestone = programme["milestone"]
    client.force_login(director)
    client.post(
        reverse("workstreams:milestone-archive", args=["CSC-01", milestone.pk]), {"version": 1}
    )
    milestone.refresh_from_db()
    assert milestone.archived_at is not None
    assert Milestone.objects.filter(pk=milestone.pk).exists()  # archived, never deleted
    content = client.get("/workstreams/CSC-01/").content.decode()
    assert "1 jalon archivé" in content
    assert f'id="jalon-{milestone.pk}">Charte de la participation' in content
    assert reverse("workstreams:milestone-reach", args=["CSC-01", milestone.pk]) not in content


@time_machine.travel(TODAY)
def test_ticking_an_action_done_moves_it_to_what_has_been_done(client, director, programme):
    action = programme["action"]
    client.force_login(director)
    response = client.post(
        reverse("workstreams:action-done", args=["CSC-01", action.pk]), {"version": 1}
    )
    assert response["Location"] == "/workstreams/CSC-01/#actions"
    action.refresh_from_db()
    assert action.state == Action.State.DONE
    assert action.done_on == dt.date(2021, 10, 5)
    content = client.get("/workstreams/CSC-01/").content.decode()
    done_part = content.split("Ce qui a déjà été fait")[1]
    assert "Réunir le comité" in done_part


def test_an_action_is_created_and_edited_by_the_owner(client, director, workstream, hr):
    client.force_login(director)
    client.post(
        reverse("workstreams:action-create", args=["CSC-01"]),
        {"title": "Rédiger la fiche de poste", "state": "todo", "owner": hr.pk},
    )
    action = workstream.actions.get()
    assert action.owner == hr
    client.post(
        reverse("workstreams:action-edit", args=["CSC-01", action.pk]),
        {"version": 1, "title": "Rédiger la fiche de poste", "state": "abandoned"},
    )
    action.refresh_from_db()
    assert action.state == Action.State.ABANDONED
    assert action.owner is None


def test_a_milestone_of_another_workstream_is_not_found_through_this_one(
    client, director, workstream
):
    other = factories.MilestoneFactory()
    client.force_login(director)
    response = client.post(
        reverse("workstreams:milestone-reach", args=["CSC-01", other.pk]),
        {"version": 1, "achieved_on": "2021-01-01"},
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.state == Milestone.State.PLANNED
