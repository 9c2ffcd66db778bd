"""The drafted DG agenda: each section's first rows with its count, and every row of a
section on its own page, in a fixed number of queries whatever the volume."""

import datetime as dt

import pytest
from django.utils import timezone

from governance import views
from governance.queries import AGENDA_PREVIEW
from recruitment.models import Recruitment
from tests import factories


@pytest.fixture
def weekly_dg(db):
    body = factories.BodyFactory(
        name="Réunion hebdomadaire DG", short_name="Hebdo DG", kind="administrative"
    )
    factories.MeetingFactory(body=body, starts_at=timezone.now() + dt.timedelta(days=3))
    return body


def _red(n: int) -> list:
    return [factories.StatusUpdateFactory(weather="off_track").workstream for _ in range(n)]


def _section(content: str, title: str) -> str:
    return next(s for s in content.split("<h2>") if s.startswith(title))


def _fill(n: int) -> None:
    """n rows in every section of the agenda."""
    late = timezone.localdate() - dt.timedelta(days=5)
    stuck = timezone.now() - dt.timedelta(days=45)
    for workstream in _red(n):
        factories.StatusUpdateFactory(
            workstream=workstream, weather="off_track", decisions_needed="Arbitrer le budget"
        )
        factories.MilestoneFactory(workstream=workstream, due_date=late)
        factories.RecruitmentFactory(
            position__workstream=workstream,
            stage=Recruitment.Stage.DG_ARBITRATION,
            stage_changed_at=stuck,
        )


def test_the_dg_agenda_shows_a_sections_first_rows_its_count_and_a_link_to_all(
    client, dg, weekly_dg
):
    red = _red(AGENDA_PREVIEW + 2)
    client.force_login(dg)
    content = client.get("/governance/dg-agenda/").content.decode()
    section = _section(content, "Chantiers en rouge")
    assert f'<span class="badge">{AGENDA_PREVIEW + 2}</span>' in section
    assert all(w.code in section for w in red[:AGENDA_PREVIEW])
    assert red[-1].code not in section and red[-2].code not in section
    assert (
        f'<a href="/governance/dg-agenda/off_track/">Tout voir : Chantiers en rouge '
        f"({AGENDA_PREVIEW + 2})</a>" in section
    )
    # A section that fits shows no link; an empty one says so.
    assert "/governance/dg-agenda/milestone/" not in content
    assert "Rien à signaler." in _section(content, "Jalons en retard")


def test_a_sections_own_page_lists_every_row_page_by_page(client, dg, weekly_dg, monkeypatch):
    monkeypatch.setattr(views, "AGENDA_PAGE_SIZE", 3)
    red = _red(7)
    client.force_login(dg)
    pages = [
        client.get("/governance/dg-agenda/off_track/", {"page": n}).content.decode()
        for n in (1, 2, 3)
    ]
    assert "7 éléments à l'ordre du jour proposé" in pages[0]
    for n, workstream in enumerate(red):
        assert workstream.code in pages[n // 3]
        assert all(workstream.code not in page for page in pages[: n // 3])
    assert "Page 3 sur 3" in pages[2]
    # A page past the last or not a number: the nearest one, never an error.
    assert red[-1].code in client.get("/governance/dg-agenda/off_track/?page=99").content.decode()
    assert red[0].code in client.get("/governance/dg-agenda/off_track/?page=abc").content.decode()
    assert client.get("/governance/dg-agenda/unknown/").status_code == 404


def test_a_recruitment_section_says_each_stage_in_words(client, dg, weekly_dg):
    factories.RecruitmentFactory(
        position__title="Chef de service Police municipale",
        stage=Recruitment.Stage.DG_ARBITRATION,
        stage_changed_at=timezone.now() - dt.timedelta(days=45),
    )
    client.force_login(dg)
    stage = Recruitment.Stage.DG_ARBITRATION.label
    for url in ("/governance/dg-agenda/", "/governance/dg-agenda/arbitration/"):
        content = client.get(url).content.decode()
        assert "Chef de service Police municipale" in content
        assert f"— {stage}, depuis le" in content


def test_the_dg_agenda_and_a_section_run_the_same_queries_for_few_and_many_rows(
    client, dg, weekly_dg, django_assert_num_queries
):
    client.force_login(dg)
    for n in (1, AGENDA_PREVIEW + 3):
        _fill(n)
        # 1 session, 2 user, 3 the next DG meeting, 4 the current programme, 5–10 the six
        # sections (their first rows, each counted in the same query), 11 late minutes.
        with django_assert_num_queries(11):
            content = client.get("/governance/dg-agenda/").content.decode()
        assert "Arbitrer le budget" in content
        for section in ("off_track", "milestone", "decisions", "arbitration", "blocked"):
            # 1 session, 2 user, 3 the current programme, 4 the count, 5 the page's rows.
            with django_assert_num_queries(5):
                assert client.get(f"/governance/dg-agenda/{section}/").status_code == 200
