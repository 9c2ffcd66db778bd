"""A workstream's current status is stored (current_update, published_update, current_trend)
by the status-update services; every path keeps it equal to what the rule derives."""

import datetime as dt
from importlib import import_module

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests import factories
from workstreams import services
from workstreams.models import STORED_STATUS_FIELDS, StatusUpdate, Workstream
from workstreams.services import trend

FORM = {
    "weather": "on_track",
    "progress": 40,
    "done": "Ateliers tenus.",
    "next_steps": "Présenter en CODIR.",
    "risks": "",
    "decisions_needed": "",
    "public_summary": "Le chantier avance.",
}


def _derived(workstream: Workstream) -> tuple:
    """What the rule says: the latest non-draft update, the latest published one, and the
    trend between the two latest non-draft updates."""
    non_draft = list(StatusUpdate.objects.current_of(workstream.pk)[:2])
    current = non_draft[0] if non_draft else None
    previous = non_draft[1] if len(non_draft) > 1 else None
    published = (
        StatusUpdate.objects.published()
        .filter(workstream=workstream)
        .order_by("-date", "-pk")
        .first()
    )
    derived_trend = (
        trend(current.weather, current.progress, previous.weather, previous.progress)
        if current and previous
        else None
    )
    return (
        current.pk if current else None,
        published.pk if published else None,
        derived_trend or "",
    ), (
        (current.weather, current.progress, current.date, bool(current.decisions_needed.strip()))
        if current
        else ("", None, None, False),
        (published.weather, published.progress, published.date) if published else ("", None, None),
    )


def _stored(workstream: Workstream) -> tuple:
    workstream = Workstream.objects.get(pk=workstream.pk)
    return workstream.current_update_id, workstream.published_update_id, workstream.current_trend


def _stored_values(workstream: Workstream) -> tuple:
    w = Workstream.objects.get(pk=workstream.pk)
    return (
        (w.current_weather, w.current_progress, w.last_update_on, w.decisions_pending),
        (w.public_weather, w.public_progress, w.public_update_on),
    )


def assert_stored_matches_rule(workstream: Workstream) -> None:
    pointers, values = _derived(workstream)
    assert _stored(workstream) == pointers
    # The pointed updates' weather, progress and date are stored beside the pointers.
    assert _stored_values(workstream) == values


@time_machine.travel(dt.datetime(2021, 7, 1, 9, 0, tzinfo=dt.UTC))
def test_every_status_update_path_keeps_the_stored_status_equal_to_the_rule(dg, director):
    workstream = factories.WorkstreamFactory(code="CSC-01", owner=director)
    version = Workstream.objects.get(pk=workstream.pk).version
    assert _stored(workstream) == (None, None, "")

    # Karim writes a draft: a draft is nobody's current status.
    draft = services.status_update_create(
        workstream=workstream, data=FORM, submit=False, actor=director
    )
    assert_stored_matches_rule(workstream)
    assert _stored(workstream) == (None, None, "")

    # He submits it: it becomes the current status, not yet the published one.
    draft = services.status_update_submit(update=draft, version=draft.version, actor=director)
    assert_stored_matches_rule(workstream)
    assert _stored(workstream) == (draft.pk, None, "")

    # Claire publishes it.
    first = services.status_update_publish(update=draft, version=draft.version, actor=dg)
    assert_stored_matches_rule(workstream)
    assert _stored(workstream) == (first.pk, first.pk, "")

    # A second update, submitted at once, in worse weather.
    second = services.status_update_create(
        workstream=workstream,
        data={**FORM, "weather": "off_track"},
        submit=True,
        actor=director,
    )
    assert_stored_matches_rule(workstream)
    assert _stored(workstream) == (second.pk, first.pk, "worse")

    # Claire sends it back: it is a draft again, the first one is current once more.
    second = services.status_update_return(
        update=second, version=second.version, comment="Préciser les risques.", actor=dg
    )
    assert_stored_matches_rule(workstream)
    assert _stored(workstream) == (first.pk, first.pk, "")

    # Karim edits it and submits it with more progress and the same weather as before.
    second = services.status_update_edit(
        update=second,
        version=second.version,
        data={**FORM, "progress": 55},
        submit=True,
        actor=director,
    )
    assert_stored_matches_rule(workstream)
    assert _stored(workstream) == (second.pk, first.pk, "better")

    # An edit kept as a draft takes it out of the current status again.
    second = services.status_update_edit(
        update=second, version=second.version, data=FORM, submit=False, actor=director
    )
    assert_stored_matches_rule(workstream)
    assert _stored(workstream)[0] == first.pk

    # None of this moved the workstream's version: the DG's edit of it does not conflict.
    assert Workstream.objects.get(pk=workstream.pk).version == version


def test_an_imported_workstream_starts_with_no_stored_status(client, dg, director):
    factories.PriorityFactory(code="CSC", name="Cohésion sociale – Citoyenneté")
    client.force_login(dg)
    header = "type;code;intitule;priorite;pilote;phase;date_debut;echeance;jalon_cle;etat;resume\n"
    body = "chantier;CSC-07;Maison des droits;CSC;directeur;Réflexion;01/09/2021;30/06/2022;;;\n"
    upload = SimpleUploadedFile("import.csv", (header + body).encode(), content_type="text/csv")
    assert client.post("/workstreams/import/", {"file": upload}).status_code == 302
    workstream = Workstream.objects.get(code="CSC-07")
    assert_stored_matches_rule(workstream)
    assert _stored(workstream) == (None, None, "")


def test_the_stored_status_writes_no_workstream_history_row(dg, director):
    workstream = factories.WorkstreamFactory(owner=director)
    rows = workstream.history.count()
    update = services.status_update_create(
        workstream=workstream, data=FORM, submit=True, actor=director
    )
    services.status_update_publish(update=update, version=update.version, actor=dg)
    # The updates keep their own history; the derived pointers add nothing to the workstream's.
    assert workstream.history.count() == rows
    assert update.history.count() == 2


def test_the_dgs_edit_of_the_workstream_keeps_the_stored_status(dg, director):
    workstream = factories.WorkstreamFactory(code="CSC-02", owner=director)
    loaded_version = Workstream.objects.get(pk=workstream.pk).version
    update = services.status_update_create(
        workstream=workstream, data=FORM, submit=True, actor=director
    )
    # Claire saves the form she loaded before Karim's point: no conflict, nothing lost.
    services.workstream_update(
        workstream=workstream, version=loaded_version, data={"title": "Nouveau titre"}, actor=dg
    )
    assert _stored(workstream)[0] == update.pk


def test_the_admin_cannot_edit_the_stored_status(client, admin_user, director):
    workstream = factories.WorkstreamFactory(owner=director)
    factories.StatusUpdateFactory(workstream=workstream)
    client.force_login(admin_user)
    response = client.get(f"/admin/workstreams/workstream/{workstream.pk}/change/")
    assert response.status_code == 200
    form_fields = response.context["adminform"].form.fields
    for name in STORED_STATUS_FIELDS:
        assert name not in form_fields
        assert f'name="{name}"' not in response.content.decode()


def test_the_migration_fills_the_stored_status_of_existing_workstreams(director):
    migration = import_module("workstreams.migrations.0003_workstream_stored_status")
    workstream = factories.WorkstreamFactory(owner=director)
    older = factories.StatusUpdateFactory(
        workstream=workstream,
        date=dt.date(2021, 6, 1),
        weather="on_track",
        progress=30,
        state=StatusUpdate.State.PUBLISHED,
        published_at=dt.datetime(2021, 6, 2, tzinfo=dt.UTC),
    )
    newer = factories.StatusUpdateFactory(
        workstream=workstream, date=dt.date(2021, 6, 15), weather="at_risk", progress=35
    )
    factories.StatusUpdateFactory(
        workstream=workstream, date=dt.date(2021, 6, 20), state=StatusUpdate.State.DRAFT
    )
    state_apps = (
        MigrationExecutor(connection)
        .loader.project_state(("workstreams", "0003_workstream_stored_status"))
        .apps
    )
    migration.clear_stored_status(state_apps, None)
    assert _stored(workstream) == (None, None, "")
    migration.fill_stored_status(state_apps, None)
    assert _stored(workstream) == (newer.pk, older.pk, "worse")
    assert_stored_matches_rule(workstream)


def test_the_admin_cannot_change_what_decides_the_stored_status(client, admin_user, director):
    update = factories.StatusUpdateFactory(workstream=factories.WorkstreamFactory(owner=director))
    client.force_login(admin_user)
    response = client.get(f"/admin/workstreams/statusupdate/{update.pk}/change/")
    assert response.status_code == 200
    form_fields = response.context["adminform"].form.fields
    for name in ("workstream", "date", "weather", "progress", "state"):
        assert name not in form_fields
    assert client.get("/admin/workstreams/statusupdate/add/").status_code == 403


def test_the_migration_copies_the_pointed_updates_values_onto_existing_workstreams(director):
    migration = import_module("workstreams.migrations.0007_workstream_stored_status_values")
    workstream = factories.WorkstreamFactory(owner=director)
    factories.StatusUpdateFactory(
        workstream=workstream,
        date=dt.date(2021, 6, 1),
        weather="at_risk",
        progress=40,
        state=StatusUpdate.State.PUBLISHED,
        published_at=dt.datetime(2021, 6, 2, tzinfo=dt.UTC),
    )
    factories.StatusUpdateFactory(
        workstream=workstream, date=dt.date(2021, 6, 15), weather="off_track", progress=45
    )
    Workstream.objects.filter(pk=workstream.pk).update(
        current_weather="", current_progress=None, last_update_on=None, public_weather=""
    )
    state_apps = (
        MigrationExecutor(connection)
        .loader.project_state(("workstreams", "0007_workstream_stored_status_values"))
        .apps
    )
    migration.fill_status_values(state_apps, None)
    assert _stored_values(workstream) == (
        ("off_track", 45, dt.date(2021, 6, 15), False),
        ("at_risk", 40, dt.date(2021, 6, 1)),
    )
    assert_stored_matches_rule(workstream)


def test_the_admin_cannot_move_a_milestone_nor_change_its_state(client, admin_user, director):
    workstream = factories.WorkstreamFactory(owner=director)
    milestone = factories.MilestoneFactory(workstream=workstream)
    client.force_login(admin_user)
    governed = ("due_date", "baseline_date", "move_reason", "state", "achieved_on")
    response = client.get(f"/admin/workstreams/milestone/{milestone.pk}/change/")
    assert response.status_code == 200
    for name in governed:
        assert name not in response.context["adminform"].form.fields
    inline = client.get(f"/admin/workstreams/workstream/{workstream.pk}/change/")
    assert inline.status_code == 200
    html = inline.content.decode()
    assert 'name="milestones-0-title"' in html  # the inline is there, its dates are not
    assert 'name="milestones-0-due_date"' not in html
    assert client.get("/admin/workstreams/milestone/add/").status_code == 403
