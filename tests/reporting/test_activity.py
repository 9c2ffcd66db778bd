"""The programme-wide activity feed: who changed which field, filters, pages, queries."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
import time_machine

from reporting import views
from tests import factories as f
from tests.reporting.conftest import PARIS
from workstreams.models import Milestone, StatusUpdate


def at(hour: int, minute: int = 0):
    return time_machine.travel(dt.datetime(2021, 7, 5, hour, minute, tzinfo=PARIS), tick=False)


def postpone(milestone, actor, new_due: dt.date):
    milestone._history_user = actor
    milestone.due_date = new_due
    milestone.state = Milestone.State.POSTPONED
    milestone.save()


def test_the_feed_shows_who_changed_which_field_with_old_and_new_values(
    client, dg, director, programme
):
    with at(11):
        postpone(programme.overdue, director, dt.date(2021, 9, 15))
    client.force_login(dg)
    response = client.get("/activity/")
    entry = response.context["page"].entries[0]
    assert entry.user_name == "Karim Benali"
    assert entry.type_label == "Modification"
    assert entry.model_label == "Jalon"
    assert entry.url == "/workstreams/CSC-01/"
    changes = {c.label: (c.old, c.new) for c in entry.changes}
    assert changes == {"Échéance": ("30/06/2021", "15/09/2021"), "État": ("Prévu", "Reporté")}
    content = response.content.decode()
    assert "<del>30/06/2021</del> → <ins>15/09/2021</ins>" in content
    assert 'href="/workstreams/CSC-01/">Ouverture du guichet</a>' in content


def test_a_changed_foreign_key_is_shown_by_name_and_long_text_is_truncated(
    client, dg, director, other_director, programme
):
    workstream = programme.fetes
    with at(11):
        workstream._history_user = dg
        workstream.owner = director
        workstream.summary = "Un très long résumé. " * 20
        workstream.save()
    client.force_login(dg)
    entry = client.get("/activity/").context["page"].entries[0]
    changes = {c.label: (c.old, c.new) for c in entry.changes}
    assert changes["Pilote"] == ("Sophie Durand", "Karim Benali")
    old, new = changes["Résumé"]
    assert old == "Un chantier du programme."
    assert len(new) == 80 and new.endswith("…")
    assert entry.url == "/workstreams/VAM-01/"


def test_a_meeting_links_to_its_page_and_a_decision_to_its_workstream(client, dg, programme):
    client.force_login(dg)
    meetings = client.get("/activity/", {"model": "meeting"}).context["page"].entries
    assert [e.url for e in meetings] == [f"/governance/meetings/{e.object_id}/" for e in meetings]
    assert len(meetings) == 2
    decisions = client.get("/activity/", {"model": "decision"}).context["page"].entries
    decision = next(e for e in decisions if e.label == "Ouvrir le guichet en septembre")
    assert decision.url == "/workstreams/CSC-01/"


def test_the_feed_filters_by_person_model_and_date(client, dg, director, programme):
    with at(11):
        postpone(programme.overdue, director, dt.date(2021, 9, 15))
    with time_machine.travel(dt.datetime(2021, 7, 8, 9, 0, tzinfo=PARIS), tick=False):
        programme.guichet._history_user = dg
        programme.guichet.title = "Guichet unique des familles"
        programme.guichet.save()
    client.force_login(dg)
    by_person = client.get("/activity/", {"person": director.pk}).context["page"].entries
    assert [(e.source.key, e.label) for e in by_person] == [("milestone", "Ouverture du guichet")]
    by_model = client.get("/activity/", {"model": "workstream"}).context["page"].entries
    assert {e.source.key for e in by_model} == {"workstream"}
    assert by_model[0].label == "CSC-01 — Guichet unique des familles"
    by_date = client.get("/activity/", {"start": "2021-07-06", "end": "08/07/2021"})
    assert [e.user_name for e in by_date.context["page"].entries] == ["Claire Martin"]


def test_bad_filter_values_give_a_message_and_the_whole_feed(client, dg, programme):
    client.force_login(dg)
    response = client.get(
        "/activity/", {"person": "x", "model": "nope", "start": "hier", "page": "-3"}
    )
    assert response.status_code == 200
    assert response.context["page"].number == 1
    assert len(response.context["page"].entries) == views.ACTIVITY_PAGE_SIZE
    assert "Le formulaire contient des erreurs" in response.content.decode()


def test_the_feed_is_paginated_without_counting_the_whole_history(
    client, dg, programme, monkeypatch
):
    monkeypatch.setattr(views, "ACTIVITY_PAGE_SIZE", 5)
    client.force_login(dg)
    first = client.get("/activity/").context["page"]
    second = client.get("/activity/", {"page": 2}).context["page"]
    assert first.has_next and not first.has_previous
    assert second.has_previous
    first_ids = {(e.source.key, e.history_id) for e in first.entries}
    second_ids = {(e.source.key, e.history_id) for e in second.entries}
    assert len(first_ids) == 5 and len(second_ids) == 5
    assert not first_ids & second_ids
    content = client.get("/activity/", {"page": 2, "model": "milestone"}).content.decode()
    assert "page=1" in content and "model=milestone" in content


def test_another_directors_draft_never_shows_in_a_directors_feed(
    client, dg, director, other_director, programme
):
    draft = f.StatusUpdateFactory.build(
        workstream=programme.fetes,
        author=other_director,
        state=StatusUpdate.State.DRAFT,
        date=dt.date(2021, 7, 5),
    )
    draft._history_user = other_director
    with at(11):
        draft.save()

    def drafts_seen_by(user):
        client.force_login(user)
        entries = client.get("/activity/", {"model": "statusupdate"}).context["page"].entries
        return [e for e in entries if e.history_id == draft.history.get().history_id]

    assert drafts_seen_by(director) == []
    assert len(drafts_seen_by(other_director)) == 1
    assert len(drafts_seen_by(dg)) == 1


@pytest.mark.parametrize("persona", ["elected", "hr"])
def test_elus_and_hr_may_not_open_the_activity_feed(client, request, persona, programme):
    client.force_login(request.getfixturevalue(persona))
    response = client.get("/activity/")
    assert response.status_code == 403
    assert "Guichet unique" not in response.content.decode()


def test_a_director_may_open_the_activity_feed(client, director, programme):
    client.force_login(director)
    response = client.get("/activity/")
    assert response.status_code == 200
    assert "Activité du programme" in response.content.decode()


def activity_queries(client, dg, django_assert_num_queries, expected):
    client.force_login(dg)
    with django_assert_num_queries(expected):
        # 1 session, 2 user, 2b the current programme with its commune (the header's,
        # and the feed's scope), 3 the people of the filter,
        # 4 the page: one UNION ALL over the history tables, each branch scoped to the
        # programme and the commune by a subquery (no query of its own),
        # then per model present on the page, its records and their predecessors
        # (here the page holds milestones only: 5), then per related model of a changed
        # foreign key, its names (the milestones' owners: 6, users); the session is
        # not written (SESSION_REFRESH_SECONDS).
        response = client.get("/activity/", {"model": "milestone"})
    assert response.status_code == 200
    return response


def test_the_feed_runs_the_same_queries_for_a_small_and_a_larger_history(
    client, dg, director, other_director, programme, django_assert_num_queries
):
    with at(11):
        for milestone in Milestone.objects.all():
            milestone._history_user = dg
            milestone.owner = other_director if milestone.owner == director else director
            milestone.save()
    activity_queries(client, dg, django_assert_num_queries, 7)
    from tests.reporting.conftest import grow

    grow(60)
    with at(12):
        for milestone in Milestone.objects.all():
            milestone._history_user = dg
            milestone.owner = other_director if milestone.owner == director else director
            milestone.save()
    response = activity_queries(client, dg, django_assert_num_queries, 7)
    assert len(response.context["page"].entries) == views.ACTIVITY_PAGE_SIZE


def test_the_workstream_owner_sees_a_draft_another_director_wrote_on_it(
    client, dg, director, other_director, programme
):
    # The same rule as the workstream page (workstreams.permissions): author, owner, DG.
    colleague = f.DirectorFactory(first_name="Lina", last_name="Roux")
    draft = f.StatusUpdateFactory.build(
        workstream=programme.fetes,  # Sophie's
        author=colleague,
        state=StatusUpdate.State.DRAFT,
        date=dt.date(2021, 7, 5),
    )
    draft._history_user = colleague
    with at(11):
        draft.save()
    history_id = draft.history.get().history_id

    def sees_draft(user) -> bool:
        client.force_login(user)
        entries = client.get("/activity/", {"model": "statusupdate"}).context["page"].entries
        return any(e.history_id == history_id for e in entries)

    assert sees_draft(other_director) and sees_draft(colleague) and sees_draft(dg)
    assert not sees_draft(director)


@pytest.mark.parametrize(
    "params",
    [
        {"start": "9999-12-31", "end": "9999-12-31"},
        {"start": "0001-01-01"},
        {"start": "2021-07-08", "end": "2021-07-01"},
        {"start": "2000-01-01", "end": "2099-12-31"},
        {"person": "99999", "model": "<script>", "start": "31/02/2021", "page": "abc"},
    ],
)
def test_bad_input_gives_a_french_message_and_the_unfiltered_feed_never_an_error(
    client, dg, programme, params
):
    client.force_login(dg)
    for url in ("/activity/", "/activity/export/"):
        response = client.get(url, params)
        assert response.status_code == 200, url
    response = client.get("/activity/", params)
    content = response.content.decode()
    assert "Le formulaire contient des erreurs" in content
    assert response.context["page"].number == 1
    assert len(response.context["page"].entries) == views.ACTIVITY_PAGE_SIZE


@pytest.mark.parametrize("number", ["abc", "0", "-1", "99999999999999999999"])
def test_a_page_number_that_is_not_a_page_shows_the_first_page(client, dg, programme, number):
    client.force_login(dg)
    response = client.get("/activity/", {"page": number})
    assert response.status_code == 200
    assert response.context["page"].number == 1


def test_an_inverted_period_is_ignored_with_a_message(client, dg, programme):
    client.force_login(dg)
    response = client.get("/activity/", {"start": "2021-07-08", "end": "2021-07-01"})
    assert "La date de fin précède la date de début" in response.content.decode()
    assert response.context["page"].entries  # the whole feed, not an empty one


def test_the_csv_export_follows_the_filters_of_the_page(client, dg, director, programme):
    with at(11):
        postpone(programme.overdue, director, dt.date(2021, 9, 15))
    client.force_login(dg)
    page = client.get("/activity/", {"person": director.pk}).content.decode()
    assert f'href="/activity/export/?person={director.pk}&amp;format=csv"' in page
    response = client.get("/activity/export/", {"person": director.pk, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="activite-' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Date",
        "Personne",
        "Opération",
        "Type d'objet",
        "Objet",
        "Chantier",
        "Modifications",
    ]
    assert rows[1:] == [
        [
            "05/07/2021 11:00",
            "Karim Benali",
            "Modification",
            "Jalon",
            "Ouverture du guichet",
            "CSC-01",
            "Échéance : 30/06/2021 → 15/09/2021\nÉtat : Prévu → Reporté",
        ]
    ]


def test_the_xlsx_export_has_one_row_per_entry_with_real_dates(client, dg, programme):
    client.force_login(dg)
    response = client.get("/activity/export/", {"model": "meeting", "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "Date"
    assert len(rows) == 1 + 2  # the programme's two meetings
    assert all(isinstance(row[0], dt.datetime) for row in rows[1:])
    assert {row[3] for row in rows[1:]} == {"Réunion"}


def test_another_directors_draft_is_not_in_a_directors_export(
    client, director, other_director, programme
):
    draft = f.StatusUpdateFactory.build(
        workstream=programme.fetes,
        author=other_director,
        state=StatusUpdate.State.DRAFT,
        date=dt.date(2021, 7, 5),
        risks="Texte du brouillon de Sophie",
    )
    draft._history_user = other_director
    with at(11):
        draft.save()
    params = {"model": "statusupdate", "format": "csv", "person": other_director.pk}

    def exported_by(user) -> list[list[str]]:
        client.force_login(user)
        text = client.get("/activity/export/", params).content.decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text), delimiter=";"))[1:]

    assert exported_by(director) == []
    assert [row[4] for row in exported_by(other_director)] == ["VAM-01 — Fêtes de quartier"]


@pytest.mark.parametrize("persona", ["elected", "hr"])
def test_elus_and_hr_may_not_export_the_activity_feed(client, request, persona, programme):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/activity/export/", {"format": "csv"}).status_code == 403
