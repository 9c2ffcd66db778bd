"""Lists and reports read the current programme; a closed programme's workstream is read,
never written, through any page; bookmarks of /workstreams/<code>/ keep answering."""

import pytest

from priorities.selection import SESSION_KEY
from workstreams.models import Action, Milestone, StatusUpdate, Workstream

pytestmark = pytest.mark.django_db


def _switch(client, slug):
    client.post(f"/programmes/{slug}/switch/")


def test_the_workstream_list_shows_only_the_current_programmes_workstreams(
    programmes, dg, client_for
):
    client = client_for(dg)
    titles = {w.title for w in client.get("/workstreams/").context["rows"]}
    assert titles == {"Guichet 2026", "Nouveau 2026"}
    _switch(client, "cap-2021")
    titles = {w.title for w in client.get("/workstreams/").context["rows"]}
    assert titles == {"Guichet 2021", "Ancien chantier terminé"}


def test_the_export_holds_only_the_current_programmes_workstreams(programmes, dg, client_for):
    body = client_for(dg).get("/workstreams/export/?format=csv").content.decode("utf-8-sig")
    assert "Guichet 2026" in body
    assert "Guichet 2021" not in body


def test_the_dashboard_counts_only_the_current_programme(programmes, dg, client_for):
    response = client_for(dg).get("/")
    assert sum(row.workstreams for row in response.context["by_priority"]) == 2
    assert {row.priority.name for row in response.context["by_priority"]} == {"Cohésion (2026)"}


def test_the_elus_pages_and_report_read_the_current_programme(programmes, elected, client_for):
    client = client_for(elected)
    page = client.get("/progress/").content.decode()
    assert "Guichet 2026" in page and "Guichet 2021" not in page
    report = client.get("/progress/report/").content.decode()
    assert "Adaptation 2026 – exemple" in report and "Guichet 2021" not in report
    old_priority = programmes["old"].priorities.get()
    assert client.get(f"/progress/priorities/{old_priority.pk}/").status_code == 404
    _switch(client, "cap-2021")
    assert client.get(f"/progress/priorities/{old_priority.pk}/").status_code == 200
    report = client.get("/progress/report/").content.decode()
    assert "CAP 2021 – Adaptation de l&#x27;Organisation" in report
    pdf = client.get("/progress/report.pdf")
    assert "cap-2021-point-etape-" in pdf["Content-Disposition"]


def test_a_bookmark_answers_for_the_current_then_the_active_programme(
    programmes, director, client_for
):
    client = client_for(director)
    assert client.get("/workstreams/CSC-01/").context["workstream"].title == "Guichet 2026"
    # A code only the closed programme has: its workstream still answers.
    assert client.get("/workstreams/CSC-02/").context["workstream"].title == (
        "Ancien chantier terminé"
    )
    assert client.get("/workstreams/CSC-01/?programme=cap-2021").context["workstream"].title == (
        "Guichet 2021"
    )
    _switch(client, "cap-2021")
    assert client.get("/workstreams/CSC-01/").context["workstream"].title == "Guichet 2021"


def test_links_to_a_closed_programmes_workstream_name_its_programme(programmes, dg, client_for):
    client = client_for(dg)
    _switch(client, "cap-2021")
    page = client.get("/workstreams/").content.decode()
    assert "/workstreams/CSC-01/?programme=cap-2021" in page


def test_a_closed_programmes_workstream_shows_no_write_button(programmes, dg, client_for):
    client = client_for(dg)
    _switch(client, "cap-2021")
    page = client.get("/workstreams/CSC-01/").content.decode()
    assert "Nouveau point d&#x27;avancement" not in page
    assert "Modifier le chantier" not in page
    assert "Programme clôturé : consultation seule." in page


def test_every_write_page_of_a_closed_programme_refuses_in_french_and_writes_nothing(
    programmes, dg, client_for
):
    client = client_for(dg)
    _switch(client, "cap-2021")
    old = Workstream.objects.get(programme=programmes["old"], code="CSC-01")
    milestone = Milestone.objects.create(
        workstream=old, title="Jalon 2021", due_date="2022-01-01", baseline_date="2022-01-01"
    )
    action = Action.objects.create(workstream=old, title="Action 2021")
    counts = (StatusUpdate.objects.count(), Milestone.objects.count(), Action.objects.count())
    base = "/workstreams/CSC-01"
    pages = [
        ("get", f"{base}/updates/new/", {}),
        ("post", f"{base}/updates/new/", {"weather": "on_track", "progress": 10}),
        ("get", f"{base}/edit/", {}),
        ("post", f"{base}/archive/", {"version": old.version}),
        ("get", f"{base}/milestones/new/", {}),
        ("post", f"{base}/milestones/new/", {"title": "X", "due_date": "2022-02-01"}),
        ("post", f"{base}/milestones/{milestone.pk}/reach/", {"version": 1}),
        ("post", f"{base}/milestones/{milestone.pk}/archive/", {"version": 1}),
        ("get", f"{base}/actions/new/", {}),
        ("post", f"{base}/actions/{action.pk}/done/", {"version": 1}),
    ]
    for method, url, data in pages:
        response = getattr(client, method)(url, data, follow=True)
        assert response.status_code == 200, url
        assert "est clôturé : il se consulte mais ne se modifie plus" in (
            response.content.decode()
        ), url
    assert counts == (
        StatusUpdate.objects.count(),
        Milestone.objects.count(),
        Action.objects.count(),
    )
    old.refresh_from_db()
    assert old.archived_at is None
    milestone.refresh_from_db()
    assert milestone.state == Milestone.State.PLANNED


def test_the_session_choice_survives_until_switched_back(programmes, dg, client_for):
    client = client_for(dg)
    _switch(client, "cap-2021")
    _switch(client, "adaptation-2026")
    assert client.session[SESSION_KEY] == programmes["new"].pk
