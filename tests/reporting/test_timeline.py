"""The milestone timeline: slippage drawn, filters, bad dates, bounded rows and queries."""

import datetime as dt

import pytest
from django.utils import timezone

from reporting import queries
from tests import factories as f
from tests.reporting.conftest import grow
from workstreams.models import Milestone


def test_a_postponed_milestone_shows_its_slippage_from_the_baseline(client, dg, programme):
    client.force_login(dg)
    response = client.get("/milestones/")
    content = response.content.decode()
    row = next(r for r in response.context["chart"].rows if r.milestone == programme.due_soon)
    # The baseline diamond sits left of the due one, with the slippage line between.
    assert row.slipped is True
    assert row.baseline_x < row.due_x
    assert f'x1="{row.baseline_x}" x2="{row.due_x}"' in content
    assert "initialement 15/06/2021" in row.description
    table_row = content[content.index("Charte d&#x27;accueil</th>") :]
    table_row = table_row[: table_row.index("</tr>")]
    assert "15/06/2021" in table_row and "20/07/2021" in table_row
    assert "+35 j" in table_row
    assert "Reporté" in table_row


def test_a_milestone_kept_on_time_draws_no_slippage(client, dg, programme):
    client.force_login(dg)
    response = client.get("/milestones/")
    row = next(r for r in response.context["chart"].rows if r.milestone == programme.overdue)
    assert row.slipped is False


def test_the_default_period_runs_six_months_either_side_of_today(client, dg, programme):
    client.force_login(dg)
    response = client.get("/milestones/")
    assert response.context["start"] == dt.date(2021, 1, 5)
    assert response.context["end"] == dt.date(2022, 1, 5)
    content = response.content.decode()
    assert 'name="start" value="2021-01-05"' in content
    assert 'name="end" value="2022-01-05"' in content
    titles = {m.title for m in response.context["milestones"]}
    assert titles == {"Ouverture du guichet", "Charte d'accueil", "Diagnostic", "Fête d'automne"}


@pytest.mark.parametrize(
    "query",
    [
        "start=demain&end=2021-13-45",
        "start=2021-09-01&end=2021-01-01",
        "start=0001-01-01&end=9999-12-31",
    ],
)
def test_bad_dates_give_a_french_message_and_the_default_period(client, dg, programme, query):
    client.force_login(dg)
    response = client.get(f"/milestones/?{query}")
    assert response.status_code == 200
    assert response.context["start"] == dt.date(2021, 1, 5)
    assert response.context["end"] == dt.date(2022, 1, 5)
    content = response.content.decode()
    assert "Le formulaire contient des erreurs" in content
    assert any(
        message in content
        for message in [
            "Saisissez une date valide",
            "La date de fin précède la date de début",
            "La période ne peut dépasser dix ans",
        ]
    )


def test_a_chosen_period_limits_the_milestones(client, dg, programme):
    client.force_login(dg)
    response = client.get("/milestones/?start=01/09/2021&end=2021-12-31")
    assert [m.title for m in response.context["milestones"]] == ["Fête d'automne"]


@pytest.mark.parametrize(
    ("params", "titles"),
    [
        ({"priority": "associations"}, {"Fête d'automne"}),
        ({"domain": "domain_ressources"}, {"Charte d'accueil", "Fête d'automne"}),
        ({"state": "postponed"}, {"Charte d'accueil"}),
        ({"key": "1"}, {"Ouverture du guichet"}),
        ({"phase": "implementation"}, {"Charte d'accueil"}),
        ({"owner": "other_director"}, {"Charte d'accueil", "Fête d'automne"}),
    ],
)
def test_the_timeline_filters_like_the_workstream_list(
    client, dg, request, programme, params, titles
):
    programme.overdue.is_key = True
    programme.overdue.save()
    programme.accueil.phase = "implementation"
    programme.accueil.save()
    query = {}
    for name, value in params.items():
        if name in {"priority", "domain"}:
            value = getattr(programme, value).pk
        elif name == "owner":
            value = request.getfixturevalue(value).pk
        query[name] = value
    client.force_login(dg)
    response = client.get("/milestones/", query)
    assert {m.title for m in response.context["milestones"]} == titles


def test_an_unknown_filter_value_is_ignored_with_a_message(client, dg, programme):
    client.force_login(dg)
    response = client.get("/milestones/?priority=999999&owner=abc")
    assert response.status_code == 200
    assert len(response.context["milestones"]) == 4
    assert "Ce choix n&#x27;existe pas : le filtre a été ignoré." in response.content.decode()


def test_the_org_unit_filter_keeps_the_units_workstreams(client, dg, director, programme):
    client.force_login(dg)
    response = client.get("/milestones/", {"org_unit": director.org_unit_id})
    assert {m.workstream.code for m in response.context["milestones"]} == {"CSC-01", "CSC-02"}


def test_more_milestones_than_the_cap_are_cut_with_a_message(client, dg, programme, monkeypatch):
    monkeypatch.setattr(queries, "TIMELINE_LIMIT", 2)
    client.force_login(dg)
    response = client.get("/milestones/")
    assert len(response.context["milestones"]) == 2
    assert response.context["total"] == 4
    assert "4 jalons correspondent : seuls les 2 premiers sont affichés." in (
        response.content.decode()
    )


def test_hr_may_open_the_timeline(client, hr, programme):
    client.force_login(hr)
    response = client.get("/milestones/")
    assert response.status_code == 200
    assert "Ouverture du guichet" in response.content.decode()


def test_an_elected_official_may_not_open_the_timeline(client, elected, programme):
    client.force_login(elected)
    response = client.get("/milestones/")
    assert response.status_code == 403
    assert "Ouverture du guichet" not in response.content.decode()


def test_the_timeline_svg_has_a_text_equivalent_and_no_style(client, dg, programme):
    client.force_login(dg)
    content = client.get("/milestones/").content.decode()
    assert 'role="img" aria-labelledby="timeline-title timeline-desc"' in content
    assert "<caption>Jalons de la période" in content
    assert "style=" not in content
    assert "Aujourd&#x27;hui" in content


TIMELINE_QUERIES = 10


def timeline_queries(client, dg, django_assert_num_queries):
    client.force_login(dg)
    with django_assert_num_queries(TIMELINE_QUERIES):
        # 1 session, 2 user,
        # 3-6 the filter's choices: priorities, domains, people, org units,
        # 7 the milestones of the period with their window COUNT (one query),
        # 8-10 the session saved: SAVEPOINT, UPDATE, RELEASE.
        response = client.get("/milestones/", {"key": "", "state": ""})
    assert response.status_code == 200
    return response


def test_the_timeline_runs_the_same_queries_for_a_small_and_a_larger_programme(
    client, dg, programme, django_assert_num_queries
):
    small = timeline_queries(client, dg, django_assert_num_queries)
    grow(60)
    large = timeline_queries(client, dg, django_assert_num_queries)
    assert large.context["total"] > small.context["total"] + 100


def test_the_timeline_lists_a_milestone_of_each_priority_under_its_heading(client, dg, db):
    first = f.MilestoneFactory(due_date=timezone.localdate(), state=Milestone.State.PLANNED)
    second = f.MilestoneFactory(due_date=timezone.localdate())
    client.force_login(dg)
    response = client.get("/milestones/")
    groups = [r.text for r in response.context["chart"].rows if r.kind == "group"]
    assert groups == [first.workstream.priority.name, second.workstream.priority.name]
