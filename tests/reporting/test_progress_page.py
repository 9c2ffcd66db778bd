"""The élus' progress page: their delegation first, then the programme by priority,
mandate priority and domain; only what the DG published."""

import datetime as dt

from django.urls import reverse
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
    delegation = content.split("Ma délégation", 1)[1].split("Par priorité du programme", 1)[0]
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
            # Every view (nothing is cached): 1 session, 2 user, 2b the current programme
            # with its commune (the page's scope, and the header's), 3 the reader's delegation
            # with its latest published points (the stored pointer, one join), 3b each
            # priority's first key milestones (a window per priority), 3c the organisation
            # cible's units, 4 the priorities with their count of active workstreams, 5 the
            # first rows of each priority (a window per priority), 6 the mandate priorities
            # with their published progress, 7 the domains with theirs, 8 the decisions
            # expected from the élus (governance); the session is not written
            # (SESSION_REFRESH_SECONDS)
            return client.get("/progress/")

    page()
    for _ in range(12):
        workstream = factories.WorkstreamFactory()
        _published(workstream)
        factories.MilestoneFactory(workstream=workstream, is_key=True)
        factories.OrgUnitFactory()
    assert page().status_code == 200


def test_each_elected_official_sees_their_own_delegation_above_the_same_programme(client, elected):
    other_elected = factories.ElectedFactory(username="elu2")
    mine = factories.WorkstreamFactory(code="CSC-01", sponsor=elected)
    _published(mine, public_summary="Organigramme présenté")
    _published(factories.WorkstreamFactory(code="PTS-01", sponsor=other_elected))
    client.force_login(other_elected)
    first = client.get("/progress/").content.decode()
    client.force_login(elected)
    second = client.get("/progress/").content.decode()
    delegation = second.split("Ma délégation", 1)[1].split("Par priorité du programme", 1)[0]
    assert "CSC-01" in delegation and "PTS-01" not in delegation
    assert (
        second.split("Par priorité du programme", 1)[1]
        == first.split("Par priorité du programme", 1)[1]
    )


def test_the_programme_rows_escape_titles_and_keep_the_summarys_line_breaks(client, elected):
    workstream = factories.WorkstreamFactory(code="CSC-01", title="<b>Démarche</b> & co")
    _published(workstream, public_summary="Première ligne\n<i>seconde</i>", progress=30)
    factories.WorkstreamFactory(code="PTS-01")
    client.force_login(elected)
    programme = client.get("/progress/").content.decode().split("Par priorité du programme", 1)[1]
    assert "CSC-01 — &lt;b&gt;Démarche&lt;/b&gt; &amp; co" in programme
    assert "Première ligne<br>&lt;i&gt;seconde&lt;/i&gt;" in programme
    assert "30 %" in programme
    pts = programme.split("PTS-01", 1)[1].split("</tr>", 1)[0]
    assert "Pas encore de point publié." in pts


def test_a_publication_shows_to_the_elus_on_their_very_next_view(client, elected, dg):
    workstream = factories.WorkstreamFactory(code="CSC-01")
    submitted = factories.StatusUpdateFactory(
        workstream=workstream, public_summary="Nouvelle synthèse", progress=40
    )
    client.force_login(elected)
    assert "Nouvelle synthèse" not in client.get("/progress/").content.decode()
    client.force_login(dg)
    response = client.post(
        reverse("workstreams:status-update-publish", args=["CSC-01", submitted.pk]),
        {"version": submitted.version},
    )
    assert response.status_code == 302
    client.force_login(elected)
    assert "Nouvelle synthèse" in client.get("/progress/").content.decode()


def test_the_progress_page_shows_the_first_rows_of_a_priority_and_links_to_the_rest(
    client, elected
):
    priority = factories.PriorityFactory(name="Vie associative")
    for number in range(12):
        _published(
            factories.WorkstreamFactory(priority=priority, code=f"VAM-{number:02d}"),
            public_summary=f"Synthèse {number:02d}",
        )
    client.force_login(elected)
    content = client.get("/progress/").content.decode()
    assert "VAM-09" in content and "VAM-10" not in content
    link = reverse("reporting:progress-priority", args=[priority.pk])
    assert f'href="{link}"' in content and "Voir les 12 chantiers de la priorité" in content
    page = client.get(link).content.decode()
    assert "VAM-00" in page and "VAM-11" in page and "Synthèse 11" in page


def test_a_priority_page_pages_its_workstreams_and_never_shows_unpublished_text(client, elected):
    priority = factories.PriorityFactory(name="Transversalité")
    for number in range(27):
        factories.WorkstreamFactory(priority=priority, code=f"TRA-{number:02d}")
    draft_of = factories.WorkstreamFactory(priority=priority, code="TRA-99")
    factories.StatusUpdateFactory(workstream=draft_of, public_summary="SOUMIS-NON-PUBLIE")
    client.force_login(elected)
    link = reverse("reporting:progress-priority", args=[priority.pk])
    first = client.get(link).content.decode()
    assert "TRA-24" in first and "TRA-25" not in first
    last = client.get(f"{link}?page=2").content.decode()
    assert "TRA-25" in last and "TRA-99" in last and "SOUMIS-NON-PUBLIE" not in last
    assert client.get(f"{link}?page=abc").status_code == 200
    assert client.get(reverse("reporting:progress-priority", args=[999999])).status_code == 404


def test_the_elus_page_shows_the_organisation_cible_and_each_prioritys_key_milestones(
    client, elected
):
    pole = factories.OrgUnitFactory(name="Pôle Cohésion", acronym="PCO", kind="pole")
    factories.OrgUnitFactory(
        name="Direction Solidarité Citoyenneté", parent=pole, kind="direction", state="planned"
    )
    factories.OrgUnitFactory(name="Service supprimé", state="dissolved")
    vie_locale = factories.OrgUnitFactory(
        name="Direction Vie locale", parent=pole, kind="direction"
    )
    factories.OrgUnitFactory(name="Service Vie associative", parent=vie_locale, kind="service")
    factories.OrgUnitFactory(
        name="Cellule Transversalité", parent=vie_locale, kind="cell", state="planned"
    )
    workstream = factories.WorkstreamFactory(code="CSC-01")
    _published(workstream, weather="at_risk")
    factories.MilestoneFactory(
        workstream=workstream,
        title="Avis du CST",
        is_key=True,
        due_date=dt.date(2021, 11, 30),
        baseline_date=dt.date(2021, 9, 23),
    )
    factories.MilestoneFactory(workstream=workstream, title="Jalon ordinaire", is_key=False)
    client.force_login(elected)
    content = client.get("/progress/").content.decode()
    cible = content.split('id="organisation-cible"', 1)[1]
    assert "Pôle Cohésion (PCO)" in cible
    assert "org-target__unit--depth-1" in cible and "Direction Solidarité Citoyenneté" in cible
    assert "Prévue" in cible and "Service supprimé" not in cible
    # Its outline here (pôles, directions, missions, and what the programme creates, like
    # the planned cell); a current service is counted, and shown on the cible's own page.
    assert "Service Vie associative" not in cible and "et 1 entité rattachée" in cible
    assert "Cellule Transversalité" in cible
    whole = client.get(reverse("reporting:progress-organisation")).content.decode()
    assert "org-target__unit--depth-2" in whole and "Service Vie associative" in whole
    assert "Direction Solidarité Citoyenneté" in whole and "Service supprimé" not in whole
    assert "Avis du CST" in content and "30/11/2021" in content
    assert "prévu initialement le 23/09/2021" in content
    assert "Jalon ordinaire" not in content
    # The weather: a colour class, an icon and a word.
    assert (
        '<span class="weather weather--at_risk"><span aria-hidden="true">☁</span> Orange</span>'
        in content
    )
