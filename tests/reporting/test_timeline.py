"""The milestone timeline: slippage drawn, filters, bad dates, every milestone of the period
reachable a page of workstreams at a time, bounded queries, and its export."""

import datetime as dt

import pytest
from django.utils import timezone

from reporting.queries import TIMELINE_WORKSTREAMS_PER_PAGE
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
    assert "glissement +35 j par rapport à l&#x27;échéance initiale" in table_row
    # Postponed and due in fifteen days: it slipped, but it is not late.
    assert "Reporté" in table_row and "en retard" not in table_row


def test_a_milestone_kept_on_time_draws_no_slippage(client, dg, programme):
    client.force_login(dg)
    response = client.get("/milestones/")
    row = next(r for r in response.context["chart"].rows if r.milestone == programme.overdue)
    assert row.slipped is False
    # Never moved, due five days ago: late, without any slippage.
    content = response.content.decode()
    table_row = content[content.index("Ouverture du guichet</th>") :]
    table_row = table_row[: table_row.index("</tr>")]
    assert "en retard de 5 j" in table_row and "glissement" not in table_row


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
        "start=9999-12-01&end=9999-12-31",
        "end=9999-12-31",
        "start=2000-01-01&end=2099-12-31",
        "start=%3Cscript%3E&end=2021-02-30",
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
            "Choisissez une date entre le 01/01/2000 et le 31/12/2099.",
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
    response = client.get("/milestones/?priority=999999")
    assert response.status_code == 200
    assert len(response.context["milestones"]) == 4
    assert "Ce choix n&#x27;existe pas : le filtre a été ignoré." in response.content.decode()


def test_the_org_unit_filter_keeps_the_units_workstreams(client, dg, director, programme):
    client.force_login(dg)
    response = client.get("/milestones/", {"org_unit": director.org_unit_id})
    assert {m.workstream.code for m in response.context["milestones"]} == {"CSC-01", "CSC-02"}


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
    assert 'class="visually-hidden">Jalons de la période' in content
    assert "style=" not in content
    assert "Aujourd'hui</text>" in content


TIMELINE_QUERIES = 8


def timeline_queries(client, dg, django_assert_num_queries, **params):
    client.force_login(dg)
    with django_assert_num_queries(TIMELINE_QUERIES):
        # 1 session, 2 user, 2b the current programme with its commune (the
        # milestones' scope, and the header's),
        # 3-5 the filter's choices: the programme's priorities, its mandate's domains, the
        # pôles and directions (the person is a search box),
        # 6 each priority's milestones and workstreams in the period (GROUP BY),
        # 7 the milestones of the page's workstreams (a LIMIT/OFFSET subquery); the
        # session is not written (SESSION_REFRESH_SECONDS).
        response = client.get("/milestones/", {"key": "", "state": "", **params})
    assert response.status_code == 200
    return response


def test_the_timeline_runs_the_same_queries_for_a_small_and_a_larger_programme(
    client, dg, programme, django_assert_num_queries
):
    small = timeline_queries(client, dg, django_assert_num_queries)
    grow(60)
    large = timeline_queries(client, dg, django_assert_num_queries)
    assert large.context["timeline"].total_milestones > (
        small.context["timeline"].total_milestones + 100
    )
    # The larger programme runs over several pages: the last one costs the same.
    assert large.context["page"].paginator.num_pages > 1
    last = timeline_queries(
        client, dg, django_assert_num_queries, page=large.context["page"].paginator.num_pages
    )
    assert last.context["milestones"]


def test_the_timeline_lists_a_milestone_of_each_priority_under_its_heading(client, dg, db):
    first = f.MilestoneFactory(due_date=timezone.localdate(), state=Milestone.State.PLANNED)
    second = f.MilestoneFactory(due_date=timezone.localdate())
    client.force_login(dg)
    response = client.get("/milestones/")
    groups = [r.text for r in response.context["chart"].rows if r.kind == "group"]
    assert groups == [first.workstream.priority.name, second.workstream.priority.name]


# --- Every milestone of the period, a page of workstreams at a time ---------------------


def test_each_priority_and_workstream_says_how_many_milestones_it_holds(client, dg, programme):
    client.force_login(dg)
    response = client.get("/milestones/")
    timeline = response.context["timeline"]
    assert [(p.name, p.milestones, p.workstreams) for p in timeline.priorities] == [
        ("Cohésion sociale – Citoyenneté", 3, 2),
        ("Vie associative – Manifestations", 1, 1),
    ]
    content = response.content.decode()
    assert "4 jalons sur 3 chantiers" in content
    assert "3 jalons sur 2 chantiers" in content
    # CSC-01 holds two milestones of the period (Ouverture du guichet and Diagnostic).
    header = content[content.index(">CSC-01</a>") :]
    assert "2 jalons" in header[: header.index("</th>")]


@pytest.fixture
def many_workstreams(db, frozen_today):
    """Forty workstreams of one priority, two milestones each in the period."""
    priority = f.PriorityFactory(name="Priorité chargée", order=1)
    for i in range(40):
        workstream = f.WorkstreamFactory(code=f"BIG-{i:02d}", priority=priority)
        f.MilestoneFactory(workstream=workstream, title=f"Premier {i:02d}", due_date=frozen_today)
        f.MilestoneFactory(
            workstream=workstream,
            title=f"Second {i:02d}",
            due_date=frozen_today + dt.timedelta(days=30),
            baseline_date=frozen_today,
        )
    return priority


def test_every_milestone_of_the_period_is_reached_through_the_pages(client, dg, many_workstreams):
    client.force_login(dg)
    first = client.get("/milestones/")
    per_page = TIMELINE_WORKSTREAMS_PER_PAGE
    pages = first.context["page"].paginator.num_pages
    assert pages == -(-40 // per_page)
    assert len({m.workstream_id for m in first.context["milestones"]}) == per_page
    every_page = [first] + [client.get("/milestones/", {"page": n}) for n in range(2, pages + 1)]
    seen = [m.title for response in every_page for m in response.context["milestones"]]
    assert len(seen) == len(set(seen)) == 80
    content = first.content.decode()
    assert f"80 jalons sur 40 chantiers — chantiers 1 à {per_page} sur cette page." in content
    # A workstream is never split between two pages.
    assert {m.workstream.code for m in every_page[-1].context["milestones"]} == {
        f"BIG-{i:02d}" for i in range(per_page * (pages - 1), 40)
    }
    # The priority's header gives its count over the whole period, on each page.
    assert every_page[-1].context["timeline"].priorities[0].milestones == 80


def test_the_pagination_links_keep_the_filters(client, dg, many_workstreams):
    client.force_login(dg)
    response = client.get("/milestones/", {"priority": many_workstreams.pk, "page": 1})
    content = response.content.decode()
    assert f'href="?priority={many_workstreams.pk}&amp;page=2"' in content
    assert f"Page 1 sur {-(-40 // TIMELINE_WORKSTREAMS_PER_PAGE)}" in content


def test_a_page_number_out_of_range_or_garbage_shows_a_page_not_an_error(
    client, dg, many_workstreams
):
    client.force_login(dg)
    last = -(-40 // TIMELINE_WORKSTREAMS_PER_PAGE)
    assert client.get("/milestones/", {"page": "999"}).context["page"].number == last
    assert client.get("/milestones/", {"page": "abc"}).context["page"].number == 1


def test_a_period_without_milestones_says_so(client, dg, programme):
    client.force_login(dg)
    response = client.get("/milestones/", {"start": "2030-01-01", "end": "2030-12-31"})
    content = response.content.decode()
    assert "Aucun jalon sur cette période avec ces filtres." in content
    assert "jalons sur" not in content
    assert "/milestones/export/" not in content


def test_the_rows_are_written_by_the_template_with_escaped_values(client, dg, db):
    f.MilestoneFactory(title="<b>Jalon</b> & co", due_date=timezone.localdate(), is_key=True)
    client.force_login(dg)
    content = client.get("/milestones/").content.decode()
    assert "&lt;b&gt;Jalon&lt;/b&gt; &amp; co" in content
    assert "<b>Jalon</b>" not in content


# --- Export -----------------------------------------------------------------------------


def test_the_export_holds_every_matching_milestone_with_the_timelines_columns(
    client, dg, programme, other_director
):
    client.force_login(dg)
    response = client.get("/milestones/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="jalons-2021-07-05.csv"' in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "Code du chantier;Chantier;Priorité du programme;Jalon;Jalon clé;Échéance initiale;"
        "Échéance;Glissement (jours);État;Atteint le;Responsable"
    )
    assert len(lines) == 5
    charte = next(line for line in lines if "Charte d'accueil" in line).split(";")
    assert charte[0] == "CSC-02"
    assert charte[3:9] == ["Charte d'accueil", "non", "15/06/2021", "20/07/2021", "35", "Reporté"]


def test_the_export_follows_the_pages_filters_across_every_page(client, dg, many_workstreams):
    f.MilestoneFactory(due_date=timezone.localdate())  # another priority, filtered out
    client.force_login(dg)
    response = client.get("/milestones/export/", {"priority": many_workstreams.pk, "page": 1})
    lines = response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + 80
    assert all(";Priorité chargée;" in line for line in lines[1:])


def test_the_export_in_xlsx_writes_dates_and_numbers_as_such(client, dg, programme):
    import io

    import openpyxl

    client.force_login(dg)
    response = client.get("/milestones/export/", {"format": "xlsx", "state": "postponed"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][3] == "Charte d'accueil"
    assert rows[1][6].date() == dt.date(2021, 7, 20)
    assert rows[1][7] == 35


def test_the_page_links_to_its_export_with_its_filters(client, dg, programme):
    client.force_login(dg)
    content = client.get("/milestones/", {"state": "postponed", "page": "1"}).content.decode()
    assert 'href="/milestones/export/?state=postponed&amp;format=csv"' in content
    assert 'href="/milestones/export/?state=postponed&amp;format=xlsx"' in content


def test_an_elected_official_may_not_export_the_milestones(client, elected, programme):
    client.force_login(elected)
    response = client.get("/milestones/export/")
    assert response.status_code == 403
    assert b"Charte" not in response.content


def test_bad_filters_on_the_export_fall_back_to_their_defaults(client, dg, programme):
    client.force_login(dg)
    response = client.get("/milestones/export/", {"start": "9999-12-31", "priority": "x"})
    assert response.status_code == 200
    assert len(response.content.decode("utf-8-sig").splitlines()) == 5


def test_the_person_filter_searches_the_milestone_owner_and_the_workstream_pilot(
    client, dg, director, programme
):
    client.force_login(dg)
    by_name = client.get("/milestones/", {"owner": director.last_name.upper()})
    by_id = client.get("/milestones/", {"owner": director.pk})
    found = {m.workstream.code for m in by_name.context["milestones"]}
    assert found and found == {m.workstream.code for m in by_id.context["milestones"]}
    assert client.get("/milestones/", {"owner": "personne-inconnue"}).context["milestones"] == []
