"""The workstream page: everything a director or the DG needs, in a bounded number of queries."""

import datetime as dt

import pytest
from django.urls import reverse

from tests import factories
from workstreams import services
from workstreams.models import StatusUpdate

DETAIL = "/workstreams/CSC-01/"


@pytest.fixture
def full(workstream, director, dg, elected):
    domain = factories.DomainFactory(number=4, name="Cohésion sociale et citoyenneté")
    mandate = factories.MandatePriorityFactory(name="Démocratie locale")
    workstream.domains.add(domain)
    workstream.mandate_priorities.add(mandate)
    workstream.sponsor = elected
    workstream.save()
    factories.StatusUpdateFactory(
        workstream=workstream,
        date=dt.date(2021, 6, 1),
        weather="on_track",
        progress=40,
        done="Premier atelier.",
    )
    factories.StatusUpdateFactory(
        workstream=workstream,
        date=dt.date(2021, 6, 28),
        weather="at_risk",
        progress=45,
        done="Deuxième atelier.",
        risks="Peu de participants.",
    )
    factories.ActionFactory(workstream=workstream, title="Lancer l'appel", state="done")
    factories.ActionFactory(workstream=workstream, title="Former les animateurs")
    factories.DecisionFactory(workstream=workstream, text="Le CODIR valide la charte.")
    position = factories.PositionFactory(workstream=workstream, title="Chargé de participation")
    factories.RecruitmentFactory(position=position)
    return workstream


def test_the_page_shows_the_frame_the_latest_update_and_the_earlier_ones(client, director, full):
    client.force_login(director)
    content = client.get(DETAIL).content.decode()
    assert "CSC-01" in content and "Démarche citoyenne" in content
    assert "Cohésion sociale et citoyenneté" in content
    assert "Démocratie locale" in content
    assert "Karim Benali" in content  # owner
    assert "Françoise Leroy (Adjointe à la citoyenneté)" in content  # sponsor
    latest = content.split("Dernier point, du 28/06/2021")[1].split("</article>")[0]
    assert "Orange" in latest and "Peu de participants." in latest
    assert "En dégradation" in latest  # on_track → at_risk
    assert "1 point précédent" in content and "Premier atelier." in content


def test_actions_are_split_into_done_and_to_do(client, director, full):
    client.force_login(director)
    content = client.get(DETAIL).content.decode()
    todo, done = content.split("Ce qui reste à faire")[1].split("Ce qui a déjà été fait")
    assert "Former les animateurs" in todo and "Lancer l" not in todo
    assert "Lancer l" in done.split("</section>")[0]


def test_related_decisions_and_recruitments_are_listed(client, hr, full):
    client.force_login(hr)
    content = client.get(DETAIL).content.decode()
    assert "Le CODIR valide la charte." in content
    assert "Chargé de participation" in content
    assert "Besoin identifié" in content or "besoin" in content.lower()


def test_the_status_update_button_is_near_the_top(client, director, full):
    client.force_login(director)
    content = client.get(DETAIL).content.decode()
    button = content.index("Nouveau point d'avancement")
    assert button < content.index("Synthèse")
    assert reverse("workstreams:status-update-create", args=["CSC-01"]) in content
    # Once CSC-01 has a draft, the same place continues it.
    draft = factories.StatusUpdateFactory(workstream=full, state="draft", submitted_at=None)
    content = client.get(DETAIL).content.decode()
    assert content.index("Reprendre le brouillon en cours") < content.index("Synthèse")
    assert reverse("workstreams:status-update-edit", args=["CSC-01", draft.pk]) in content
    assert StatusUpdate.objects.filter(state="draft").count() == 1


def test_the_history_says_who_changed_what_in_words_newest_first(client, dg, director, full):
    services.workstream_update(
        workstream=full, version=full.version, data={"title": "Démarche citoyenne 2021"}, actor=dg
    )
    client.force_login(director)
    content = client.get(DETAIL).content.decode()
    history = content.split('id="historique"')[1]
    assert "Claire Martin" in history
    assert (
        "Intitulé : <del>Démarche citoyenne</del> → <ins>Démarche citoyenne 2021</ins>" in history
    )
    # The newest change comes first.
    assert history.index("Démarche citoyenne 2021") < history.index("a créé")


def test_the_history_is_limited_to_thirty_entries(client, dg, workstream):
    for i in range(40):
        factories.ActionFactory(workstream=workstream, title=f"Action {i}")
    client.force_login(dg)
    history = client.get(DETAIL).context["history"]
    assert len(history) == 30
    assert history[0].object_label == "« Action 39 »"


def _with_milestones(workstream, n: int) -> None:
    owners = factories.DirectorFactory.create_batch(3)
    for i in range(n):
        milestone = factories.MilestoneFactory(
            workstream=workstream, owner=owners[i % 3], due_date=dt.date(2021, 9, 1)
        )
        if i % 2:
            services.milestone_postpone(
                milestone=milestone,
                version=1,
                new_due_date=dt.date(2021, 12, 1),
                reason="Report",
                actor=owners[0],
            )
    for i in range(n // 5 + 1):
        factories.ActionFactory(workstream=workstream, owner=owners[i % 3])
        factories.StatusUpdateFactory(workstream=workstream, date=dt.date(2021, 6, 1 + i % 28))


@pytest.mark.parametrize("n", [5, 100])
def test_the_detail_page_runs_the_same_queries_at_5_and_100_milestones(
    client, dg, full, n, django_assert_num_queries
):
    _with_milestones(full, n)
    client.force_login(dg)
    # 1 session, 2 user, 3 the workstream with its stored current update, priority, owner,
    # sponsor and org unit joined, domain and mandate priority names aggregated;
    # 4 status updates with authors, 5 milestones with owners, 6 actions with owners,
    # the panels other apps register (core.panels): 7 governance's decisions with
    # meeting and body, 8 recruitment's positions with their latest recruitment stage,
    # 9 the merged history (one UNION of four historical tables, predecessors included);
    # the session is not written (SESSION_REFRESH_SECONDS).
    with django_assert_num_queries(9):
        response = client.get(DETAIL)
    assert len(response.context["milestones"]) == n
    assert len(response.context["history"]) == (30 if n == 100 else 17)
