"""The élus' progress page: their delegation first, then the programme by CAP 2021 priority,
mandate priority and domain; only what the DG published."""

from django.utils import timezone

from tests import factories
from workstreams.models import StatusUpdate


def _published(workstream, **kwargs):
    return factories.StatusUpdateFactory(
        workstream=workstream,
        state=StatusUpdate.State.PUBLISHED,
        published_at=timezone.now(),
        **kwargs,
    )


def test_an_elected_official_sees_their_delegation_first_and_only_published_content(
    client, elected
):
    social = factories.MandatePriorityFactory(name="Urgence sociale")
    domain = factories.DomainFactory(number=4, name="Cohésion sociale et citoyenneté")
    mine = factories.WorkstreamFactory(code="CSC-01", title="Direction Solidarité", sponsor=elected)
    mine.mandate_priorities.add(social)
    mine.domains.add(domain)
    other = factories.WorkstreamFactory(code="PTS-01", title="Police municipale", weight=3)
    other.mandate_priorities.add(social)
    _published(mine, weather="at_risk", progress=20, public_summary="Organigramme présenté")
    _published(other, progress=60, public_summary="Chef de service recruté")
    factories.StatusUpdateFactory(workstream=other, public_summary="SOUMIS-NON-PUBLIE", progress=99)
    client.force_login(elected)
    content = client.get("/progress/").content.decode()
    delegation = content.split("Ma délégation", 1)[1].split("Par priorité CAP 2021", 1)[0]
    assert "CSC-01" in delegation and "PTS-01" not in delegation
    assert "Organigramme présenté" in delegation and "Orange" in delegation
    assert "Chef de service recruté" in content
    assert "SOUMIS-NON-PUBLIE" not in content and "99 %" not in content
    # Urgence sociale: 2 workstreams, both published, (1×20 + 3×60) / 4 = 50 %.
    mandate = content.split("Par priorité du projet de mandat", 1)[1].split("Par domaine", 1)[0]
    row = mandate.split("Urgence sociale", 1)[1].split("</tr>", 1)[0]
    assert '<td class="num">2</td><td class="num">2</td>' in row
    assert "50,0 %" in row


def test_the_progress_page_runs_the_same_queries_for_few_and_many_workstreams(
    client, elected, django_assert_num_queries
):
    client.force_login(elected)
    _published(factories.WorkstreamFactory(sponsor=elected))

    def page():
        with django_assert_num_queries(11):
            # 1 session, 2 user, 3 published workstreams with their latest published point,
            # 4 the CAP 2021 priorities (each a section, empty ones included),
            # 5 mandate priorities, 6 grouped by mandate priority, 7 domains,
            # 8 grouped by domain, 9-11 the session saved (savepoint, update, release)
            return client.get("/progress/")

    page()
    for _ in range(12):
        _published(factories.WorkstreamFactory())
    assert page().status_code == 200
