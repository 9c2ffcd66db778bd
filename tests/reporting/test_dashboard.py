"""The DG's dashboard: its figures on a known programme, its links, its query budget."""

import html
import re
from urllib.parse import parse_qs, urlparse

import pytest

from tests import factories as f
from tests.reporting.conftest import grow
from workstreams.models import Weather


def section(content: str, title_id: str) -> str:
    """The HTML of one dashboard panel."""
    start = content.index(f'aria-labelledby="{title_id}"')
    return content[start : content.index("</section>", start)]


def heatmap_counts(response) -> dict:
    return {row.priority.code: dict(row.cells) for row in response.context["by_priority"]}


def test_the_heatmap_counts_current_weather_by_priority(client, dg, programme):
    client.force_login(dg)
    response = client.get("/")
    assert heatmap_counts(response) == {
        # Guichet is on track from its submitted update (its later draft does not count);
        # Accueil is at risk; the archived workstream is left out.
        "CSC": {"on_track": 1, "at_risk": 1, "off_track": 0, "none": 0},
        "VAM": {"on_track": 0, "at_risk": 0, "off_track": 1, "none": 1},
        "TRA": {"on_track": 0, "at_risk": 0, "off_track": 0, "none": 0},
    }
    content = response.content.decode()
    assert "Transversalité" in content
    assert "Cohésion sociale – Citoyenneté, Vert : 1 chantier(s)" in content


def test_progress_by_priority_and_domain_is_the_weighted_mean_of_current_progress(
    client, dg, programme
):
    client.force_login(dg)
    response = client.get("/")
    by_priority = {row.priority.code: row.progress for row in response.context["by_priority"]}
    # CSC: (2 × 60 + 1 × 30) / 3; VAM: only Fêtes has a point; TRA has no workstream.
    assert by_priority == {"CSC": 50.0, "VAM": 10.0, "TRA": None}
    by_domain = {row.domain.number: row.progress for row in response.context["by_domain"]}
    # Education: Guichet and Accueil; Ressources: Accueil (30) and Fêtes (10).
    assert by_domain == {1: 50.0, 5: 20.0}
    content = response.content.decode()
    assert "50,0 %" in content and "20,0 %" in content


def test_each_heatmap_cell_links_to_the_matching_filtered_list(client, dg, programme):
    client.force_login(dg)
    content = client.get("/").content.decode()
    links = {html.unescape(href) for href in re.findall(r'href="(/workstreams/\?[^"]+)"', content)}
    cohesion = programme.cohesion.pk
    for weather in ["on_track", "at_risk", "off_track", "none"]:
        assert f"/workstreams/?priority={cohesion}&weather={weather}" in links
    assert f"/workstreams/?priority={cohesion}" in links


@pytest.mark.parametrize(
    ("priority", "weather", "codes"),
    [
        ("cohesion", "on_track", {"CSC-01"}),
        ("cohesion", "at_risk", {"CSC-02"}),
        ("associations", "off_track", {"VAM-01"}),
        ("associations", "none", {"VAM-02"}),
        ("cohesion", "off_track", set()),
    ],
)
def test_following_a_heatmap_link_lists_exactly_the_counted_workstreams(
    client, dg, programme, priority, weather, codes
):
    client.force_login(dg)
    response = client.get("/")
    priority_obj = getattr(programme, priority)
    row = next(r for r in response.context["heatmap"].rows if r["source"].priority == priority_obj)
    cell = next(c for c, (w, _) in zip(row["cells"], row["source"].cells) if w == weather)
    listed = client.get(cell.href)
    assert listed.status_code == 200
    assert {w.code for w in listed.context["rows"]} == codes
    assert cell.count == len(codes)


def test_the_dashboard_lists_overdue_and_soon_due_milestones_with_their_owner(
    client, dg, programme
):
    client.force_login(dg)
    response = client.get("/")
    assert [m.title for m in response.context["overdue"]] == ["Ouverture du guichet"]
    assert response.context["headline"].overdue_milestones == 1
    assert [m.title for m in response.context["due_soon"]] == ["Charte d'accueil"]
    content = response.content.decode()
    overdue = section(content, "overdue-title")
    assert "Ouverture du guichet" in overdue and "Karim Benali" in overdue
    soon = section(content, "due-soon-title")
    assert "Charte d&#x27;accueil" in soon and "Sophie Durand" in soon
    # Achieved, archived, and archived-workstream milestones are not overdue.
    for panel in (overdue, soon):
        assert "Diagnostic" not in panel
        assert "Jalon archivé" not in panel
        assert "Jalon d&#x27;un chantier archivé" not in panel


def test_the_dashboard_lists_workstreams_without_a_recent_update(client, dg, programme):
    client.force_login(dg)
    response = client.get("/")
    # Accueil's last point is 25 days old; Bénévoles never had one.
    assert [w.code for w in response.context["stale"]] == ["VAM-02", "CSC-02"]
    assert response.context["headline"].stale == 2
    assert 'href="/workstreams/?stale=1"' in response.content.decode()


def test_the_dashboard_lists_updates_waiting_for_publication_and_decisions_needed(
    client, dg, programme
):
    client.force_login(dg)
    response = client.get("/")
    assert [u.workstream.code for u in response.context["waiting"]] == ["CSC-01", "VAM-01"]
    content = section(response.content.decode(), "waiting-title")
    assert 'href="/workstreams/CSC-01/"' in content
    content = section(response.content.decode(), "needed-title")
    assert [u.decisions_needed for u in response.context["needed"]] == [
        "Arbitrer le budget du guichet",
        "Valider le calendrier des fêtes",
    ]
    assert "Brouillon : ne pas montrer" not in content
    assert "Chantier archivé" not in content


def test_the_dashboard_shows_the_recruitment_funnel_meetings_and_decisions_to_follow(
    client, dg, programme
):
    client.force_login(dg)
    response = client.get("/")
    funnel = {s.stage: s.count for s in response.context["funnel_open"]}
    assert funnel["need_identified"] == 2
    assert funnel["offer_published"] == 1
    assert funnel["interviews"] == 0
    assert {s.stage: s.count for s in response.context["funnel_final"]}["closed"] == 1
    assert response.context["funnel_total"] == 3
    content = response.content.decode()
    assert '<td class="num" data-stage="need_identified">2</td>' in content
    assert len(response.context["meetings"]) == 1
    assert "Comité de direction" in content
    assert "Ouvrir le guichet en septembre" in content
    assert "Décision soldée" not in content


def test_an_empty_programme_shows_empty_states_not_an_error(client, dg):
    client.force_login(dg)
    response = client.get("/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Aucun jalon en retard." in content
    assert "Aucun recrutement en cours." in content
    assert "Aucune réunion prévue." in content
    assert "Aucune décision en attente de suivi." in content


def test_the_dashboard_links_the_activity_feed_instead_of_computing_it(client, dg, programme):
    client.force_login(dg)
    response = client.get("/")
    assert "recent" not in response.context
    assert 'href="/activity/"' in response.content.decode()


def test_a_director_sees_their_to_dos_then_their_own_workstreams_first(client, director, programme):
    client.force_login(director)
    response = client.get("/")
    content = response.content.decode()
    assert [w.code for w in response.context["mine"]] == ["CSC-01", "CSC-02"]
    assert content.index("À faire") < content.index("Mes chantiers") < content.index("Météo et")


def test_the_dg_has_no_mes_chantiers_panel(client, dg, programme):
    client.force_login(dg)
    response = client.get("/")
    assert "mine" not in response.context
    assert "Mes chantiers" not in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "landing"), [("elected", "/progress/"), ("hr", "/recruitment/")]
)
def test_elus_and_hr_are_sent_to_their_own_first_page(client, request, persona, landing):
    client.force_login(request.getfixturevalue(persona))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == landing


def test_the_charts_are_svg_with_a_text_equivalent_and_no_style_attribute(client, dg, programme):
    client.force_login(dg)
    content = client.get("/").content.decode()
    assert content.count("<svg") >= 4
    assert "style=" not in content
    assert "<script" not in content
    assert 'aria-labelledby="bars-priority-title bars-priority-desc"' in content
    assert (
        '<caption id="weather-caption">Chantiers par météo et avancement pondéré, par priorité'
        "</caption>" in content
    )
    # Weather is never colour alone: each column says its word.
    for word in ["Vert", "Orange", "Rouge", "Pas de point"]:
        assert word in content


DG_QUERIES = 13
DIRECTOR_QUERIES = 11


def dashboard_queries(client, user, django_assert_num_queries, queries):
    client.force_login(user)
    with django_assert_num_queries(queries):
        # Every view (nothing is cached): 1 session, 2 user, 3 the current programme with
        # its commune (the panels' scope, and the header's);
        # every reader: 4 the priorities, each with its active workstreams counted by
        #   stored weather, stale, waiting for a decision, and their weighted progress (one
        #   GROUP BY: the heatmap, the progress bars and three headline figures),
        # 5 the domains with their weighted progress (one GROUP BY over the many-to-many),
        # 6 the first milestones due soon, with their count (a subquery);
        # the DG (+7): 7 updates awaiting publication (with their count),
        #   8 recruitments per stage, 9 decisions to follow up (with their count),
        #   10 decisions needed (the current updates of flagged workstreams),
        #   11 overdue milestones (with their count: the headline's), 12 stale
        #   workstreams, 13 upcoming meetings;
        # a director (+5 instead): 7 their drafts (returned ones "à reprendre"), 8 their
        #   actions due (with their count), 9 the decisions about their workstreams (with
        #   their count), 10 their late milestones (with their count), 11 their workstreams;
        # The session is not saved: SESSION_REFRESH_SECONDS has not passed since login.
        response = client.get("/")
    assert response.status_code == 200
    return response


def test_the_dashboard_runs_the_same_queries_for_a_small_and_a_larger_programme(
    client, dg, programme, django_assert_num_queries
):
    dashboard_queries(client, dg, django_assert_num_queries, DG_QUERIES)
    grow(60)
    response = dashboard_queries(client, dg, django_assert_num_queries, DG_QUERIES)
    assert sum(row.workstreams for row in response.context["by_priority"]) == 64
    assert response.context["headline"].overdue_milestones > 10
    assert len(response.context["overdue"]) == 10


def test_a_directors_dashboard_runs_the_same_queries_at_any_size(
    client, director, programme, django_assert_num_queries
):
    dashboard_queries(client, director, django_assert_num_queries, DIRECTOR_QUERIES)
    grow(60)
    dashboard_queries(client, director, django_assert_num_queries, DIRECTOR_QUERIES)


def test_the_weather_column_order_is_the_documented_one():
    from reporting.queries import WEATHER_COLUMNS

    assert WEATHER_COLUMNS == [Weather.ON_TRACK, Weather.AT_RISK, Weather.OFF_TRACK, "none"]


def test_a_cell_link_keeps_the_list_parameter_names(client, dg, programme):
    client.force_login(dg)
    response = client.get("/")
    cell = response.context["heatmap"].rows[0]["cells"][0]
    query = parse_qs(urlparse(cell.href).query)
    assert query == {"priority": [str(programme.cohesion.pk)], "weather": ["on_track"]}
    f.WorkstreamFactory(priority=programme.cohesion)  # nothing cached between requests
    again = client.get("/")
    assert heatmap_counts(again)["CSC"]["none"] == 1
