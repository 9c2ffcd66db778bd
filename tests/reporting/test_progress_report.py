"""The point d'étape for the élus: published content only, as HTML and as PDF."""

import pytest
from django.utils import timezone

from tests import factories
from tests.pdf import read_pdf
from workstreams.models import StatusUpdate


@pytest.fixture
def programme(db):
    published = factories.StatusUpdateFactory(
        workstream__code="CSC-01",
        workstream__title="Direction Solidarite Citoyennete",
        state=StatusUpdate.State.PUBLISHED,
        published_at=timezone.now(),
        weather="at_risk",
        progress=35,
        public_summary="Organigramme presente au CST",
        risks="RISQUE-INTERNE-CONFIDENTIEL",
    )
    factories.StatusUpdateFactory(
        workstream=published.workstream,
        state=StatusUpdate.State.SUBMITTED,
        public_summary="BROUILLON-NON-PUBLIE",
    )
    unpublished = factories.StatusUpdateFactory(
        workstream__code="PTS-01", public_summary="SOUMIS-NON-PUBLIE"
    )
    factories.DecisionFactory(
        text="Creation de la direction validee", published=True, workstream=published.workstream
    )
    factories.DecisionFactory(text="ARBITRAGE-INTERNE", published=False)
    return published.workstream, unpublished.workstream


def test_the_report_shows_only_what_the_dg_published(client, elected, programme):
    client.force_login(elected)
    content = client.get("/progress/report/").content.decode()
    assert "Organigramme presente au CST" in content
    assert "35 %" in content and "Orange" in content
    assert "Creation de la direction validee" in content
    for secret in (
        "BROUILLON-NON-PUBLIE",
        "SOUMIS-NON-PUBLIE",
        "RISQUE-INTERNE-CONFIDENTIEL",
        "ARBITRAGE-INTERNE",
    ):
        assert secret not in content
    assert "PTS-01" in content and "Pas encore de point publié." in content


def test_the_pdf_carries_the_same_published_content_and_nothing_else(client, elected, programme):
    client.force_login(elected)
    response = client.get("/progress/report.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = read_pdf(response.content).text
    assert "Organigramme presente au CST" in text
    assert "Creation de la direction validee" in text
    for secret in ("BROUILLON-NON-PUBLIE", "SOUMIS-NON-PUBLIE", "RISQUE-INTERNE", "ARBITRAGE-"):
        assert secret not in text


# 1 session, 2 user, 3 the current programme with its commune, 4 its framework documents,
# 5 its components, 6 the mandate's domains, 7 the mandate's priorities, 8 the workstreams
# with their published summary, pilot, sponsor, unit and component, 9 the first actions of
# each list with the list's count, 10 the programme's priorities with their leads, 11 their
# mandate priorities, 12 their domains, 13 the key milestones, 14 the published decisions,
# 15 the élus' coming agenda items, 16 the posts' counts, 17 the created posts, 18 the
# organisation cible; the session is not written
REPORT_QUERIES = 18


def test_the_report_runs_the_same_queries_for_few_and_many_workstreams(
    client, elected, programme, django_assert_num_queries
):
    client.force_login(elected)
    client.get("/progress/report/")  # the session's first read
    for path in ("/progress/report/", "/progress/report/slides/"):
        with django_assert_num_queries(REPORT_QUERIES):
            assert client.get(path).status_code == 200
    for update in factories.StatusUpdateFactory.create_batch(
        15, state=StatusUpdate.State.PUBLISHED, published_at=timezone.now()
    ):
        factories.ActionFactory.create_batch(7, workstream=update.workstream)
        factories.MilestoneFactory(workstream=update.workstream, is_key=True)
    for path in ("/progress/report/", "/progress/report/slides/"):
        with django_assert_num_queries(REPORT_QUERIES):
            assert client.get(path).status_code == 200


@pytest.mark.parametrize("persona", ["hr", "director"])
def test_the_report_is_for_the_elus_and_the_dg_only(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/progress/report/").status_code == 403
    assert client.get("/progress/report.pdf").status_code == 403
