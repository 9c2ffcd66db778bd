"""The workstream list: filters in the URL (the dashboard links to them), sorting,
pagination, and no 500 whatever the query string."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from tests import factories
from workstreams.models import StatusUpdate

LIST = reverse("workstreams:workstream-list")
NOW = dt.datetime(2021, 7, 1, 9, 0, tzinfo=dt.UTC)


def codes(response) -> list[str]:
    return [w.code for w in response.context["rows"]]


@pytest.fixture
def three(director, other_director):
    """Three workstreams with different weathers, owners and milestones, on 01/07/2021."""
    citizenship = factories.PriorityFactory(name="Cohésion sociale", order=1)
    resources = factories.PriorityFactory(name="Ressources", order=2)
    domain = factories.DomainFactory(name="Cohésion sociale et citoyenneté")
    mandate = factories.MandatePriorityFactory(name="Démocratie locale")
    a = factories.WorkstreamFactory(
        code="CSC-01",
        title="Démarche citoyenne",
        owner=director,
        priority=citizenship,
        org_unit=director.org_unit,
        phase="implementation",
        component="governance",
    )
    a.domains.add(domain)
    a.mandate_priorities.add(mandate)
    b = factories.WorkstreamFactory(
        code="RES-01",
        title="Budget participatif",
        owner=other_director,
        priority=resources,
        org_unit=other_director.org_unit,
    )
    c = factories.WorkstreamFactory(
        code="GRU-01",
        title="Accueil unique",
        owner=other_director,
        priority=citizenship,
        org_unit=other_director.org_unit,
    )
    factories.StatusUpdateFactory(
        workstream=a, date=dt.date(2021, 6, 1), weather="at_risk", progress=20
    )
    factories.StatusUpdateFactory(
        workstream=a, date=dt.date(2021, 6, 28), weather="on_track", progress=30
    )
    factories.StatusUpdateFactory(
        workstream=b, date=dt.date(2021, 5, 1), weather="off_track", progress=60
    )
    # A draft does not count: GRU-01 has no update yet.
    factories.StatusUpdateFactory(workstream=c, state="draft", weather="on_track", progress=90)
    factories.MilestoneFactory(workstream=b, title="Vote du budget", due_date=dt.date(2021, 6, 15))
    factories.MilestoneFactory(workstream=a, title="Charte", due_date=dt.date(2021, 9, 30))
    return a, b, c


@time_machine.travel(NOW)
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["CSC-01", "GRU-01", "RES-01"]),
        ("weather=on_track", ["CSC-01"]),
        ("weather=off_track", ["RES-01"]),
        ("weather=none", ["GRU-01"]),
        ("overdue=1", ["RES-01"]),
        ("stale=1", ["GRU-01", "RES-01"]),
        ("q=budget", ["RES-01"]),
        ("q=gru", ["GRU-01"]),
        ("phase=implementation", ["CSC-01"]),
        ("component=governance", ["CSC-01"]),
        ("sort=-progress", ["RES-01", "CSC-01", "GRU-01"]),
        ("sort=progress", ["GRU-01", "CSC-01", "RES-01"]),
        ("sort=weather", ["RES-01", "CSC-01", "GRU-01"]),
        ("sort=-last_update", ["CSC-01", "RES-01", "GRU-01"]),
        ("sort=-code", ["RES-01", "GRU-01", "CSC-01"]),
        ("sort=priority", ["CSC-01", "GRU-01", "RES-01"]),
        ("sort=next_milestone", ["RES-01", "CSC-01", "GRU-01"]),
    ],
)
def test_the_list_filters_and_sorts_by_the_query_string(client, dg, three, query, expected):
    client.force_login(dg)
    assert codes(client.get(f"{LIST}?{query}")) == expected


def test_filters_by_reference_ids(client, dg, three):
    a, b, c = three
    client.force_login(dg)
    assert codes(client.get(f"{LIST}?priority={a.priority_id}")) == ["CSC-01", "GRU-01"]
    assert codes(client.get(f"{LIST}?domain={a.domains.get().pk}")) == ["CSC-01"]
    assert codes(client.get(f"{LIST}?mandate_priority={a.mandate_priorities.get().pk}")) == [
        "CSC-01"
    ]
    assert codes(client.get(f"{LIST}?owner={b.owner_id}")) == ["GRU-01", "RES-01"]
    assert codes(client.get(f"{LIST}?org_unit={a.org_unit_id}")) == ["CSC-01"]


def test_mine_means_the_workstreams_i_own_or_of_my_org_unit(client, director, three):
    colleague_owned = factories.WorkstreamFactory(code="DCV-01", org_unit=director.org_unit)
    client.force_login(director)
    assert codes(client.get(f"{LIST}?mine=1")) == ["CSC-01", colleague_owned.code]


@time_machine.travel(NOW)
def test_each_row_shows_weather_word_progress_next_milestone_and_trend(client, dg, three):
    client.force_login(dg)
    content = client.get(LIST).content.decode()
    row = content.split('href="/workstreams/CSC-01/"')[1].split("</tr>")[0]
    assert "Vert" in row and "☀" in row
    assert '<progress max="100" value="30"' in row
    assert "Charte" in row and "30/09/2021" in row
    assert "28/06/2021" in row and "En amélioration" in row
    late = content.split('href="/workstreams/RES-01/"')[1].split("</tr>")[0]
    assert "Vote du budget" in late and "en retard" in late
    assert "Pas de point" in content.split('href="/workstreams/GRU-01/"')[1].split("</tr>")[0]


def test_sort_links_keep_the_filters_and_reverse_the_current_order(client, dg, three):
    client.force_login(dg)
    content = client.get(f"{LIST}?weather=on_track&sort=code&page=1").content.decode()
    assert 'href="?weather=on_track&amp;sort=-code"' in content
    assert 'aria-sort="ascending"' in content


@pytest.mark.parametrize(
    "query",
    [
        "page=-1",
        "page=abc",
        "page=99999999999999999999",
        "weather=sunny",
        "sort=password",
        "priority=abc",
        "priority=999999",
        "owner=-3",
        "domain=1e10",
        "mine=maybe",
        "overdue=%00",
        "q=" + "x" * 5000,
        "q=%00%ff",
        "phase=" + "é" * 300,
        "archived=1&stale=1&overdue=1&page=0",
    ],
)
def test_bad_query_string_values_never_give_a_500(client, dg, three, query):
    client.force_login(dg)
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    assert response.context["page"].number >= 1
    assert len(response.context["rows"]) <= 25


def test_an_unknown_choice_is_ignored_with_a_french_message(client, dg, three):
    client.force_login(dg)
    response = client.get(f"{LIST}?weather=sunny&q=budget")
    content = response.content.decode()
    assert "Sélectionnez un choix valide" in content
    assert codes(response) == ["RES-01"]  # the valid filter still applies


def test_a_very_long_search_is_refused_with_a_french_message(client, dg, three):
    client.force_login(dg)
    content = client.get(f"{LIST}?q={'x' * 500}").content.decode()
    assert "Assurez-vous que cette valeur comporte au plus 100 caractères" in content


def test_the_list_is_paginated_with_links_that_keep_the_filters(client, dg):
    priority = factories.PriorityFactory()
    owner = factories.DirectorFactory()
    factories.WorkstreamFactory.create_batch(30, priority=priority, owner=owner)
    client.force_login(dg)
    first = client.get(f"{LIST}?q=WS")
    assert len(first.context["rows"]) == 25
    assert 'href="?q=WS&amp;page=2"' in first.content.decode()
    second = client.get(f"{LIST}?q=WS&page=2")
    assert len(second.context["rows"]) == 5
    assert "Page 2 sur 2" in second.content.decode()


def _many_workstreams(n: int) -> None:
    priorities = factories.PriorityFactory.create_batch(3)
    owners = factories.DirectorFactory.create_batch(4)
    domain = factories.DomainFactory()
    for i in range(n):
        w = factories.WorkstreamFactory(priority=priorities[i % 3], owner=owners[i % 4])
        w.domains.add(domain)
        factories.StatusUpdateFactory(workstream=w, date=dt.date(2021, 6, 1), weather="at_risk")
        factories.StatusUpdateFactory(workstream=w, date=dt.date(2021, 6, 20))
        factories.MilestoneFactory(workstream=w)


@pytest.mark.parametrize("n", [10, 200])
def test_the_list_runs_the_same_queries_at_10_and_200_workstreams(
    client, dg, n, django_assert_num_queries
):
    _many_workstreams(n)
    client.force_login(dg)
    # 1 session, 2 user, 3 the current programme with its commune (the list's scope, and
    # the header's), 4 count for the paginator, 5 the page of workstreams with its
    # stored current update joined (weather, progress, date; the trend is a column), the
    # next milestone annotated and priority/owner/org unit/programme joined; the filter
    # form's choices: 6 priorities (the programme's), 7 domains, 8 mandate priorities,
    # 9 components (the programme's rows, no longer a fixed list), 10 the pôles and
    # directions (the pilot is a search box); the session is not written
    # (SESSION_REFRESH_SECONDS).
    with django_assert_num_queries(10):
        response = client.get(f"{LIST}?sort=-progress")
    assert len(response.context["rows"]) == min(n, 25)
    assert StatusUpdate.objects.count() == 2 * n


def test_the_direction_filter_keeps_the_workstreams_of_its_services_and_the_pilot_is_searched(
    client, dg
):
    direction = factories.OrgUnitFactory(name="Direction de la citoyenneté", kind="direction")
    service = factories.OrgUnitFactory(name="Service état civil", kind="service", parent=direction)
    elsewhere = factories.OrgUnitFactory(name="Direction des finances", kind="direction")
    pilot = factories.DirectorFactory(first_name="Karim", last_name="Benali")
    factories.WorkstreamFactory(code="CSC-01", org_unit=service, owner=pilot)
    factories.WorkstreamFactory(code="CSC-02", org_unit=direction)
    factories.WorkstreamFactory(code="RES-01", org_unit=elsewhere)
    client.force_login(dg)
    assert codes(client.get(f"{LIST}?org_unit={direction.pk}")) == ["CSC-01", "CSC-02"]
    assert codes(client.get(f"{LIST}?org_unit={service.pk}")) == ["CSC-01"]
    assert codes(client.get(f"{LIST}?owner=benali karim")) == ["CSC-01"]
    page = client.get(LIST).content.decode()
    # Only pôles and directions are offered: a service is reached through its direction.
    assert "Direction de la citoyenneté" in page and "Service état civil" not in page
