"""The last reads scoped by the current programme: the activity feed (page, export and the
dashboard's panel), the DG agenda, the choices of the recruitment and workstream lists'
filters and of the workstream form. Another programme's objects are absent, or refused
when posted by hand; what belongs to the commune shows in every programme."""

import datetime as dt

import pytest
from django.utils import timezone

from recruitment.models import Recruitment
from tests import factories
from workstreams.models import Workstream

pytestmark = pytest.mark.django_db


def _switch(client, slug):
    client.post(f"/programmes/{slug}/switch/")


def _workstream(programmes, key: str, code: str = "CSC-01") -> Workstream:
    return Workstream.objects.get(programme=programmes[key], code=code)


@pytest.fixture
def both_sides(programmes):
    """Around each programme's CSC-01: a milestone, a position and its recruitment, a
    decision; and the commune's own: a meeting, a position and a decision about no
    workstream."""
    old, new = _workstream(programmes, "old"), _workstream(programmes, "new")
    meeting = factories.MeetingFactory(
        body=factories.BodyFactory(name="Comité de direction"), place="Salle des mariages"
    )
    for workstream, year in ((old, "2021"), (new, "2026")):
        factories.MilestoneFactory(workstream=workstream, title=f"Jalon {year}")
        position = factories.PositionFactory(workstream=workstream, title=f"Poste {year}")
        factories.RecruitmentFactory(position=position)
        factories.DecisionFactory(meeting=meeting, workstream=workstream, text=f"Décision {year}")
    factories.PositionFactory(title="Poste de la commune")
    factories.DecisionFactory(meeting=meeting, text="Décision de la commune")
    return programmes


def _labels(entries) -> set[str]:
    return {entry.label for entry in entries}


def test_the_dgs_feed_shows_the_current_programmes_entries_and_the_communes(
    both_sides, dg, client_for
):
    client = client_for(dg)
    labels = _labels(client.get("/activity/").context["page"].entries)
    assert {"CSC-01 — Guichet 2026", "Jalon 2026", "Poste 2026", "Décision 2026"} <= labels
    assert {"Comité de direction", "Poste de la commune", "Décision de la commune"} <= labels
    assert "Cohésion (2026)" in labels
    # CAP 2021's workstreams, priority, milestone, position, recruitment and decision.
    assert not labels & {
        "CSC-01 — Guichet 2021",
        "CSC-02 — Ancien chantier terminé",
        "Cohésion (2021)",
        "Jalon 2021",
        "Poste 2021",
        "Décision 2021",
    }
    recruitments = client.get("/activity/", {"model": "recruitment"}).context["page"].entries
    assert _labels(recruitments) == {"Poste 2026"}


def test_after_switching_the_feed_is_the_closed_programmes(both_sides, dg, client_for):
    client = client_for(dg)
    _switch(client, "cap-2021")
    labels = _labels(client.get("/activity/").context["page"].entries)
    assert {"CSC-01 — Guichet 2021", "Jalon 2021", "Poste 2021", "Décision 2021"} <= labels
    assert "Comité de direction" in labels and "Décision de la commune" in labels
    assert not labels & {"CSC-01 — Guichet 2026", "Jalon 2026", "Poste 2026", "Décision 2026"}


def test_the_feeds_export_holds_the_current_programmes_entries_only(both_sides, dg, client_for):
    body = client_for(dg).get("/activity/export/?format=csv").content.decode("utf-8-sig")
    assert "Guichet 2026" in body and "Jalon 2026" in body and "Comité de direction" in body
    assert "Guichet 2021" not in body and "Jalon 2021" not in body


@pytest.fixture
def weekly_dg(db):
    body = factories.BodyFactory(
        name="Réunion hebdomadaire DG", short_name="Hebdo DG", kind="administrative"
    )
    return factories.MeetingFactory(body=body, starts_at=timezone.now() + dt.timedelta(days=3))


def test_the_dg_agenda_drafts_from_the_current_programme_only(
    programmes, dg, client_for, weekly_dg
):
    old, new = _workstream(programmes, "old"), _workstream(programmes, "new")
    late = timezone.localdate() - dt.timedelta(days=5)
    stuck = timezone.now() - dt.timedelta(days=45)
    for workstream, year in ((old, "2021"), (new, "2026")):
        factories.StatusUpdateFactory(
            workstream=workstream, weather="off_track", decisions_needed=f"Arbitrer {year}"
        )
        factories.MilestoneFactory(workstream=workstream, title=f"Jalon {year}", due_date=late)
        factories.RecruitmentFactory(
            position=factories.PositionFactory(workstream=workstream, title=f"Poste {year}"),
            stage=Recruitment.Stage.DG_ARBITRATION,
            stage_changed_at=stuck,
        )
    factories.RecruitmentFactory(
        position__title="Poste de la commune",
        stage=Recruitment.Stage.DG_ARBITRATION,
        stage_changed_at=stuck,
    )
    client = client_for(dg)
    content = client.get("/governance/dg-agenda/").content.decode()
    assert "Guichet 2026" in content and "Jalon 2026" in content
    assert "Arbitrer 2026" in content and "Poste 2026" in content
    assert "Poste de la commune" in content
    for absent in ("Guichet 2021", "Jalon 2021", "Arbitrer 2021", "Poste 2021"):
        assert absent not in content, absent
    _switch(client, "cap-2021")
    content = client.get("/governance/dg-agenda/").content.decode()
    assert "Jalon 2021" in content and "Poste 2021" in content
    assert "Jalon 2026" not in content and "Poste 2026" not in content


def test_the_recruitment_lists_workstream_filter_reads_the_current_programme(
    programmes, hr, client_for
):
    """The workstream is typed by its code (both programmes have a CSC-01): the code
    names the current programme's workstream, and another programme's id matches none."""
    old, new = _workstream(programmes, "old"), _workstream(programmes, "new")
    factories.RecruitmentFactory(position__title="Poste 2026", position__workstream=new)
    factories.RecruitmentFactory(position__title="Poste 2021", position__workstream=old)
    client = client_for(hr)
    content = client.get("/recruitment/", {"workstream": "csc-01"}).content.decode()
    assert "Poste 2026" in content and "Poste 2021" not in content
    assert "Guichet 2021" not in client.get("/recruitment/").content.decode()
    # Another programme's workstream typed into the address matches nothing, and says so.
    refused = client.get("/recruitment/", {"workstream": old.pk}).content.decode()
    assert "Poste 2021" not in refused and "Poste 2026" not in refused
    assert "Vérifiez le code du chantier." in refused
    _switch(client, "cap-2021")
    content = client.get("/recruitment/", {"workstream": "CSC-01"}).content.decode()
    assert "Poste 2021" in content and "Poste 2026" not in content


def test_the_workstream_lists_component_choices_are_the_current_programmes(
    programmes, dg, client_for
):
    factories.ComponentFactory(programme=programmes["old"], code="cst", name="Dialogue 2021")
    factories.ComponentFactory(programme=programmes["new"], code="agents", name="Agents 2026")
    client = client_for(dg)
    response = client.get("/workstreams/")
    choices = dict(response.context["filter"].form.fields["component"].choices)
    assert choices.get("agents") == "Agents 2026"
    assert "cst" not in choices
    assert "Dialogue 2021" not in response.content.decode()
    _switch(client, "cap-2021")
    choices = dict(client.get("/workstreams/").context["filter"].form.fields["component"].choices)
    assert "cst" in choices and "agents" not in choices


def _create(client, priority, director, **extra):
    return client.post(
        "/workstreams/new/",
        {
            "code": "NEW-02",
            "title": "Chantier saisi à la main",
            "priority": priority.pk,
            "owner": director.pk,
            "phase": "reflection",
            "weight": 1,
            **extra,
        },
    )


def test_the_workstream_forms_priorities_and_components_are_the_programmes(
    programmes, dg, director, client_for
):
    old_component = factories.ComponentFactory(programme=programmes["old"], name="Dialogue 2021")
    new_component = factories.ComponentFactory(programme=programmes["new"], name="Agents 2026")
    client = client_for(dg)
    form = client.get("/workstreams/new/").context["form"]
    assert {p.name for p in form.fields["priority"].queryset} == {"Cohésion (2026)"}
    assert set(form.fields["component"].queryset) == {new_component}
    edit = client.get("/workstreams/NEW-01/edit/").context["form"]
    assert {p.name for p in edit.fields["priority"].queryset} == {"Cohésion (2026)"}
    assert old_component not in set(edit.fields["component"].queryset)


def test_a_priority_of_another_programme_posted_by_hand_is_refused_in_french(
    programmes, dg, director, client_for
):
    old_priority = programmes["old"].priorities.get()
    old_component = factories.ComponentFactory(programme=programmes["old"], name="Dialogue 2021")
    client = client_for(dg)
    response = _create(client, old_priority, director, component=old_component.pk)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["priority"] == ["Choisissez une priorité du programme ADAPT 2026."]
    assert errors["component"] == ["Choisissez une composante du programme ADAPT 2026."]
    assert "Choisissez une priorité du programme ADAPT 2026." in response.content.decode()
    assert not Workstream.objects.filter(code="NEW-02").exists()
    # Editing: the workstream's own programme's priorities only.
    data = {
        "code": "NEW-01",
        "title": "Nouveau 2026",
        "priority": old_priority.pk,
        "owner": director.pk,
        "phase": "reflection",
        "weight": 1,
        "version": _workstream(programmes, "new", "NEW-01").version,
    }
    response = client.post("/workstreams/NEW-01/edit/", data)
    assert response.context["form"].errors["priority"] == [
        "Choisissez une priorité du programme ADAPT 2026."
    ]
    assert _workstream(programmes, "new", "NEW-01").priority.programme == programmes["new"]
    # The same post with the programme's own priority is accepted.
    new_priority = programmes["new"].priorities.get()
    assert _create(client, new_priority, director).status_code == 302
    assert Workstream.objects.get(code="NEW-02").programme == programmes["new"]
