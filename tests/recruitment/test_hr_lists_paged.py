"""HR's lists a page at a time (issue 9): the recruitment list, the board and its links to
it, the DG's arbitration, the tableau des emplois and the job profiles. Each says how many
rows in all, reaches every page, never answers 500 to a page number, filters with its
FilterSet and exports every row its filters keep."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recruitment import board_views, position_views, views
from recruitment.models import JobProfile, Position, Recruitment
from tests import factories

Stage = Recruitment.Stage
NOW = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


@pytest.fixture
def small_pages(monkeypatch):
    """Two rows a page, so that a handful of rows makes several pages."""
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    monkeypatch.setattr(position_views, "PAGE_SIZE", 2)
    monkeypatch.setattr(board_views, "ARBITRATION_PAGE_SIZE", 2)


@pytest.fixture
def three_of_each(db):
    """Three recruitments, posts (with their job profile) awaiting arbitration."""
    workstream = factories.WorkstreamFactory(code="CCI-02")
    for _ in range(3):
        recruitment = factories.RecruitmentFactory(
            position__workstream=workstream, position__nature="creation"
        )
        factories.JobProfileFactory(position=recruitment.position)
    return workstream


# --- Every paged list ----------------------------------------------------------------------

PAGED = ["/recruitment/", "/recruitment/positions/", "/recruitment/profiles/"]


@pytest.mark.parametrize("url", [*PAGED, "/recruitment/arbitration/"])
@pytest.mark.parametrize("number", ["abc", "0", "-1", "2.5", "9" * 30, "%00", ""])
def test_a_bad_page_number_shows_the_nearest_page_not_an_error(
    client, hr, small_pages, three_of_each, url, number
):
    client.force_login(hr)
    response = client.get(f"{url}?page={number}")
    assert response.status_code == 200
    assert response.context["page"].number in (1, 2)


@pytest.mark.parametrize(
    ("url", "total"),
    [
        ("/recruitment/", "3 recrutements"),
        ("/recruitment/positions/", "3 postes"),
        ("/recruitment/profiles/", "3 fiches de poste"),
        ("/recruitment/arbitration/", "3 postes"),
    ],
)
def test_each_list_says_how_many_rows_and_reaches_its_last_page(
    client, dg, small_pages, three_of_each, url, total
):
    client.force_login(dg)
    first = client.get(url).content.decode()
    assert "Page 1 sur 2" in first and 'rel="next"' in first
    assert total in first
    last = client.get(f"{url}?page=99").content.decode()
    assert "Page 2 sur 2" in last and 'rel="prev"' in last


@pytest.mark.parametrize("url", PAGED)
def test_a_later_page_runs_the_same_queries_as_the_first(
    client, hr, small_pages, three_of_each, url, django_assert_num_queries
):
    client.force_login(hr)
    client.get(url)
    # The first page's count (asserted for each list in test_hr_queries), for the second.
    with django_assert_num_queries(len(_queries(client, url))):
        assert client.get(f"{url}?page=2").status_code == 200


def _queries(client, url) -> list:
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return captured.captured_queries


# --- The recruitment list -------------------------------------------------------------------


def test_the_list_shows_the_oldest_in_their_stage_first_on_request(client, hr):
    made = []
    for day in (5, 1, 3):
        with time_machine.travel(dt.datetime(2026, 1, day, 9, tzinfo=dt.UTC), tick=False):
            made.append(factories.RecruitmentFactory(stage=Stage.INTERVIEWS))
    client.force_login(hr)
    newest_first = [r.pk for r in client.get("/recruitment/").context["rows"]]
    assert newest_first == [made[0].pk, made[2].pk, made[1].pk]
    oldest_first = client.get("/recruitment/?stage=interviews&sort=oldest").context["rows"]
    assert [r.pk for r in oldest_first] == [made[1].pk, made[2].pk, made[0].pk]
    # An unknown order is the default one, not an error.
    assert client.get("/recruitment/?sort=zzz").status_code == 200


def test_the_workstream_filter_takes_a_code_of_the_programme_consulted_or_an_id(client, hr):
    ours = factories.WorkstreamFactory(code="CCI-02")
    elsewhere = factories.WorkstreamFactory(
        code="CCI-02", priority__programme=factories.ProgrammeFactory()
    )
    mine = factories.RecruitmentFactory(position__workstream=ours)
    theirs = factories.RecruitmentFactory(position__workstream=elsewhere)
    client.force_login(hr)
    for value in ("cci-02", " CCI-02 ", str(ours.pk)):
        rows = client.get("/recruitment/", {"workstream": value}).context["rows"]
        assert [r.pk for r in rows] == [mine.pk], value
    board = client.get("/recruitment/board/?workstream=CCI-02").context["columns"]
    assert [c.pk for column in board for c in column["cards"]] == [mine.pk]
    unknown = client.get("/recruitment/?workstream=ZZZ-99").content.decode()
    assert "Vérifiez le code du chantier" in unknown
    assert theirs.position.title not in unknown


# --- The board ------------------------------------------------------------------------------


def test_a_column_counts_every_card_shows_the_oldest_and_links_to_the_rest(client, hr):
    workstream = factories.WorkstreamFactory(code="PTS-01")
    made = []
    for day in range(1, 13):  # twelve offers published in January, all late by March
        with time_machine.travel(dt.datetime(2026, 1, day, 9, tzinfo=dt.UTC), tick=False):
            made.append(
                factories.RecruitmentFactory(
                    stage=Stage.OFFER_PUBLISHED, position__workstream=workstream
                )
            )
    link = "/recruitment/?workstream=PTS-01&amp;stage=offer_published&amp;sort=oldest"
    with time_machine.travel(NOW, tick=False):
        factories.RecruitmentFactory(stage=Stage.OFFER_PUBLISHED)  # fresh, another workstream
        client.force_login(hr)
        response = client.get(f"/recruitment/board/?workstream={workstream.code}")
        listed = client.get(link.replace("&amp;", "&")).context
    column = {c["stage"]: c for c in response.context["columns"]}[Stage.OFFER_PUBLISHED]
    assert column["count"] == 12
    assert column["late"] == 12  # every late card counted, not only the ten shown
    assert [card.pk for card in column["cards"]] == [r.pk for r in made[:10]]
    content = response.content.decode()
    assert f'<a href="{link}">Voir les 12 recrutements à l\'étape « Offre publiée »' in content
    # The column with its every card shown has no link; the list behind the link goes on
    # where the column stops.
    assert "Voir les 1 " not in content
    assert listed["page"].paginator.count == 12
    assert [r.pk for r in listed["rows"]] == [r.pk for r in made]


def test_the_board_says_when_no_recruitment_matches(client, hr):
    factories.RecruitmentFactory()
    client.force_login(hr)
    content = client.get("/recruitment/board/?workstream=ZZZ-99").content.decode()
    assert "Aucun recrutement en cours ne correspond aux filtres." in content
    assert "Vérifiez le code du chantier." in content


# --- The DG's arbitration -------------------------------------------------------------------


@pytest.fixture
def posts(db):
    """The programme's posts: three creations waiting, one agreed, one deletion refused;
    a replacement (never arbitrated here) and another programme's creation."""
    workstream = factories.WorkstreamFactory(code="CCI-02")
    waiting = [
        factories.PositionFactory(
            workstream=workstream, nature="creation", fte="1", yearly_cost=10000
        )
        for _ in range(3)
    ]
    agreed = factories.PositionFactory(
        workstream=workstream, nature="creation", budget_state="agreed", yearly_cost=5000
    )
    refused = factories.PositionFactory(
        workstream=workstream, nature="deletion", budget_state="refused", fte="0.5"
    )
    factories.PositionFactory(workstream=workstream, nature="replacement")
    factories.PositionFactory(
        workstream=factories.WorkstreamFactory(priority__programme=factories.ProgrammeFactory()),
        nature="creation",
    )
    return waiting, agreed, refused


def _totals(response) -> dict:
    return {(row["nature"], row["state"]): row for row in response.context["totals"]}


def test_the_arbitration_shows_the_posts_waiting_and_totals_every_post_concerned(
    client, dg, small_pages, posts
):
    waiting, agreed, refused = posts
    client.force_login(dg)
    response = client.get("/recruitment/arbitration/")
    assert response.context["page"].paginator.count == 3
    assert len(response.context["positions"]) == 2  # a page
    totals = _totals(response)
    # Over every post of the programme the other filters keep, whatever page or state.
    assert totals[("creation", "pending")]["count"] == 3
    assert totals[("creation", "pending")]["cost"] == 30000
    assert totals[("creation", "pending")]["fte"] == 3
    assert totals[("creation", "agreed")]["count"] == 1
    assert totals[("creation", "agreed")]["cost"] == 5000
    assert totals[("deletion", "refused")]["count"] == 1
    assert totals[("deletion", "refused")]["fte"] == Decimal("0.5")
    assert totals[("transformation", "pending")]["count"] == 0
    content = response.content.decode()
    assert "3 postes" in content
    assert f'id="budget-{agreed.pk}"' not in content
    # Every state, or one nature of them: the totals follow the other filters.
    everything = client.get("/recruitment/arbitration/?budget_state=all")
    assert everything.context["page"].paginator.count == 5
    deletions = client.get("/recruitment/arbitration/?nature=deletion&budget_state=all")
    assert [p.pk for p in deletions.context["positions"]] == [refused.pk]
    assert _totals(deletions)[("creation", "pending")]["count"] == 0
    assert _totals(deletions)[("deletion", "refused")]["count"] == 1


def test_an_unknown_budget_state_shows_the_posts_waiting_and_says_why(client, dg, posts):
    client.force_login(dg)
    response = client.get("/recruitment/arbitration/?budget_state=zzz&nature=<b>")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 3
    assert "budget_state" in response.context["filter"].form.errors
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_a_decision_returns_to_the_filtered_page_it_was_taken_on(client, dg, small_pages, posts):
    client.force_login(dg)
    page = client.get("/recruitment/arbitration/?nature=creation&page=2&other=1")
    [target] = page.context["positions"]  # three posts waiting, two a page
    action = f"/recruitment/positions/{target.pk}/budget/?nature=creation&amp;page=2"
    assert f'action="{action}"' in page.content.decode()
    # Only the page's own filters go back: not an address slipped into the query.
    posted_to = action.replace("&amp;", "&") + "&next=https://ailleurs.example"
    response = client.post(posted_to, {"budget_state": "agreed"})
    assert response.status_code == 302
    assert response["Location"] == "/recruitment/arbitration/?nature=creation&page=2"
    target.refresh_from_db()
    assert target.budget_state == Position.BudgetState.AGREED
    # The page it returns to: the post decided is no longer among those waiting.
    after = client.get(response["Location"])
    assert after.status_code == 200
    assert after.context["page"].paginator.count == 2


def test_the_arbitration_export_is_every_post_its_filters_keep(client, dg, small_pages, posts):
    client.force_login(dg)
    content = client.get("/recruitment/arbitration/").content.decode()
    assert "/recruitment/arbitration/export/?format=csv&amp;budget_state=pending" in content
    waiting = _csv_rows(client.get("/recruitment/arbitration/export/?format=csv"))
    assert len(waiting) == 1 + 3  # header, then every post waiting: not one page of two
    everything = client.get("/recruitment/arbitration/export/?format=csv&budget_state=all")
    assert len(_csv_rows(everything)) == 1 + 5


# --- The tableau des emplois ----------------------------------------------------------------


@pytest.fixture
def tableau(db):
    """A direction with three posts (one filled), a post elsewhere, a suppressed post."""
    direction = factories.OrgUnitFactory(name="Direction de la communication", acronym="DCOM")
    service = factories.OrgUnitFactory(name="Service presse", kind="service", parent=direction)
    ours = [
        factories.PositionFactory(org_unit=service, title="Attaché de presse", is_filled=True),
        factories.PositionFactory(org_unit=direction, title="Chargé de communication"),
        factories.PositionFactory(org_unit=direction, title="Graphiste", category="B"),
    ]
    factories.PositionFactory(title="Agent d'accueil", category="C", yearly_cost=30000)
    factories.PositionFactory(title="Poste supprimé", suppressed_on=dt.date(2025, 1, 1))
    return direction, ours


def test_the_tableau_filters_its_posts_and_its_totals(client, hr, small_pages, tableau):
    direction, ours = tableau
    client.force_login(hr)
    response = client.get("/recruitment/positions/")
    content = response.content.decode()
    assert response.context["page"].paginator.count == 4
    assert "4 postes" in content and "Poste supprimé" not in content
    assert 'id="total-budgeted">4<' in content and 'id="total-filled">1<' in content
    mine = client.get(f"/recruitment/positions/?org_unit={direction.pk}&filled=no")
    assert mine.context["page"].paginator.count == 2
    assert 'id="total-budgeted">2<' in mine.content.decode()
    assert 'id="total-vacant">2<' in mine.content.decode()
    searched = client.get("/recruitment/positions/?q=presse&category=A").context["positions"]
    assert [p.pk for p in searched] == [ours[0].pk]
    assert client.get("/recruitment/positions/?nature=zzz&filled=<b>").status_code == 200


def test_the_tableau_exports_every_post_its_filters_keep(client, hr, small_pages, tableau):
    direction, _ours = tableau
    client.force_login(hr)
    content = client.get(f"/recruitment/positions/?org_unit={direction.pk}").content.decode()
    assert f"/recruitment/positions/export/?org_unit={direction.pk}&amp;format=csv" in content
    rows = _csv_rows(client.get("/recruitment/positions/export/?format=csv"))
    assert rows[0][:3] == ["Poste", "Entité", "Nature"]
    assert len(rows) == 1 + 4  # every post, not a page of two; the suppressed one left out
    export = client.get(f"/recruitment/positions/export/?format=xlsx&org_unit={direction.pk}")
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


# --- The job profiles -----------------------------------------------------------------------


def test_the_job_profiles_filter_by_state_and_export_every_one(client, hr, small_pages):
    factories.JobProfileFactory(position__title="Archiviste")
    factories.JobProfileFactory(position__title="Juriste", state=JobProfile.State.IN_REVIEW)
    factories.JobProfileFactory(position__title="Géomaticien")
    client.force_login(hr)
    response = client.get("/recruitment/profiles/")
    assert response.context["page"].paginator.count == 3
    assert "3 fiches de poste" in response.content.decode()
    in_review = client.get("/recruitment/profiles/?state=in_review").context["profiles"]
    assert [p.position.title for p in in_review] == ["Juriste"]
    searched = client.get("/recruitment/profiles/?q=archi").context["profiles"]
    assert [p.position.title for p in searched] == ["Archiviste"]
    rows = _csv_rows(client.get("/recruitment/profiles/export/?format=csv"))
    assert [row[0] for row in rows[1:]] == ["Archiviste", "Géomaticien", "Juriste"]
    drafts = _csv_rows(client.get("/recruitment/profiles/export/?format=csv&state=draft"))
    assert len(drafts) == 1 + 2


def test_the_new_exports_are_closed_to_elected_officials(client, elected):
    client.force_login(elected)
    assert client.get("/recruitment/positions/export/").status_code == 403
    assert client.get("/recruitment/profiles/export/").status_code == 403
