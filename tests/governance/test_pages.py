"""The governance pages: calendar, meeting page, decision register, the drafted DG agenda."""

import datetime as dt

import pytest
from django.utils import timezone

from governance.models import Decision
from recruitment.models import Recruitment
from tests import factories
from workstreams.models import StatusUpdate


@pytest.fixture
def weekly_dg(db):
    return factories.BodyFactory(
        name="Réunion hebdomadaire DG", short_name="Hebdo DG", kind="administrative"
    )


def test_the_drafted_dg_agenda_lists_what_needs_the_dg(client, dg, weekly_dg):
    factories.MeetingFactory(body=weekly_dg, starts_at=timezone.now() + dt.timedelta(days=3))
    red = factories.StatusUpdateFactory(weather="off_track").workstream
    green = factories.StatusUpdateFactory(weather="on_track", progress=80).workstream
    late = factories.MilestoneFactory(
        title="Fiches de poste validées", due_date=timezone.localdate() - dt.timedelta(days=5)
    )
    asking = factories.StatusUpdateFactory(
        decisions_needed="Arbitrer le budget du poste de coordinateur",
        state=StatusUpdate.State.PUBLISHED,
        published_at=timezone.now(),
    ).workstream
    factories.RecruitmentFactory(
        position__title="Chef de service Police municipale",
        stage=Recruitment.Stage.DG_ARBITRATION,
        stage_changed_at=timezone.now() - dt.timedelta(days=45),
    )
    factories.RecruitmentFactory(position__title="Agent d'accueil récent")
    client.force_login(dg)
    content = client.get("/governance/dg-agenda/").content.decode()
    sections = content.split("<h2>")
    red_section = next(s for s in sections if s.startswith("Chantiers en rouge"))
    assert red.code in red_section and green.code not in red_section
    assert "Fiches de poste validées" in content and late.workstream.code in content
    assert "Arbitrer le budget du poste de coordinateur" in content and asking.code in content
    assert "Chef de service Police municipale" in content
    assert "Agent d&#x27;accueil récent" not in content and "Agent d'accueil récent" not in content
    # The two updates still submitted wait for publication; the published one does not.
    waiting = next(s for s in sections if s.startswith("Points d&#x27;avancement à publier"))
    assert red.code in waiting and asking.code not in waiting


def test_the_decision_register_filters_by_follow_up(client, director):
    factories.DecisionFactory(text="Valider la charte de gouvernance", follow_up="todo")
    factories.DecisionFactory(text="Créer la cellule Transversalité", follow_up="done")
    client.force_login(director)
    content = client.get("/governance/decisions/?follow_up=todo").content.decode()
    assert "Valider la charte de gouvernance" in content
    assert "Créer la cellule Transversalité" not in content


def test_the_decision_register_ignores_unknown_filter_values(client, director):
    factories.DecisionFactory(text="Valider la charte de gouvernance")
    client.force_login(director)
    response = client.get("/governance/decisions/?follow_up=zzz&kind=<script>&body=-1&page=abc")
    assert response.status_code == 200
    assert "Valider la charte de gouvernance" in response.content.decode()


def test_the_decision_register_runs_the_same_queries_for_few_and_many_decisions(
    client, dg, django_assert_num_queries
):
    client.force_login(dg)
    for n in (2, 55):
        factories.DecisionFactory.create_batch(n, workstream=factories.WorkstreamFactory())
        # 1 session, 2 user, 3 the count, 4 the page's fifty ids, 5 their rows with their
        # meetings, subjects, owners and action counts, 6 the current programme (header),
        # 7 the bodies of the filter's select.
        with django_assert_num_queries(7):
            assert client.get("/governance/decisions/").status_code == 200


def test_the_decision_register_pages_every_decision_most_recent_first(client, dg):
    today = timezone.localdate()
    decisions = [
        factories.DecisionFactory(text=f"Décision numéro {n:02d}", date=today - dt.timedelta(n))
        for n in range(52)
    ]
    factories.FollowUpActionFactory(decision=decisions[51], due_date=today - dt.timedelta(3))
    client.force_login(dg)
    first = client.get("/governance/decisions/").content.decode()
    second = client.get("/governance/decisions/?page=2").content.decode()
    assert "52 décisions" in first and "Page 1 sur 2" in first
    assert first.index("Décision numéro 00") < first.index("Décision numéro 49")
    assert "Décision numéro 50" not in first and "Décision numéro 50" in second
    # The last one's late action is counted on its row; its links are the decision's own.
    row = second[second.index("Décision numéro 51") :].split("</tr>")[0]
    assert "1 en retard" in row
    assert f'href="/governance/decisions/{decisions[51].pk}/edit/"' in row
    assert f'action="/governance/decisions/{decisions[51].pk}/follow-up/"' in row
    assert f'href="/governance/meetings/{decisions[51].meeting_id}/"' in row


def test_a_meeting_page_shows_agenda_minutes_decisions_and_the_convocation_deadline(client, dg):
    cst = factories.BodyFactory(
        name="Comité social territorial", kind="social_dialogue", convocation_days=15
    )
    meeting = factories.MeetingFactory(
        body=cst,
        starts_at=timezone.make_aware(dt.datetime(2021, 11, 30, 14)),
        minutes="Avis favorable à l'unanimité.",
    )
    workstream = factories.WorkstreamFactory(code="CSC-01")
    factories.AgendaItemFactory(
        meeting=meeting, title="Nouvel organigramme", workstream=workstream, kind="consultation"
    )
    factories.DecisionFactory(
        meeting=meeting,
        kind=Decision.Kind.FAVOURABLE,
        text="Avis favorable sur la création de la direction",
        workstream=workstream,
    )
    client.force_login(dg)
    content = client.get(f"/governance/meetings/{meeting.pk}/").content.decode()
    assert "Nouvel organigramme" in content and "Consultation pour avis" in content
    assert "Avis favorable à l&#x27;unanimité." in content
    assert "Avis favorable sur la création de la direction" in content
    assert "à envoyer au plus tard le 15/11/2021" in content


@pytest.mark.parametrize("persona", ["elected", "hr"])
def test_elected_officials_and_hr_do_not_open_the_governance_pages(client, request, persona):
    user = request.getfixturevalue(persona)
    meeting = factories.MeetingFactory()
    client.force_login(user)
    assert client.get("/governance/").status_code == 403
    assert client.get("/governance/decisions/").status_code == 403
    assert client.get("/governance/dg-agenda/").status_code == 403
    assert client.get(f"/governance/meetings/{meeting.pk}/").status_code == 404


def test_a_favourable_cst_opinion_lets_the_workstream_be_officialised(client, dg):
    from workstreams.models import Workstream

    cst = factories.BodyFactory(name="Comité social territorial", kind="social_dialogue")
    meeting = factories.quorate(factories.MeetingFactory(body=cst))
    workstream = factories.WorkstreamFactory(code="CSC-01", changes_organisation=True)
    client.force_login(dg)
    response = client.post(
        f"/governance/meetings/{meeting.pk}/decisions/new/",
        {
            "kind": "favourable",
            "text": "Avis favorable sur le nouvel organigramme",
            "date": "2022-03-15",
            "workstream": workstream.code,  # typed: its code
        },
    )
    assert response.status_code == 302
    workstream.refresh_from_db()
    assert workstream.cst_opinion_on == dt.date(2022, 3, 15)
    assert "Avis favorable" in workstream.cst_opinion_ref
    assert workstream.history.latest().history_user == dg
    decision = Decision.objects.get()
    assert decision.meeting == meeting and decision.history.get().history_user == dg
    # The officialisation rule now passes.
    workstream.phase = Workstream.Phase.OFFICIALISATION
    workstream.full_clean()


def test_a_dg_arbitration_on_a_recruitment_is_recorded_on_the_recruitment(client, dg):
    codir = factories.BodyFactory(name="CODIR", kind="administrative")
    meeting = factories.MeetingFactory(body=codir)
    recruitment = factories.RecruitmentFactory()
    client.force_login(dg)
    client.post(
        f"/governance/meetings/{meeting.pk}/decisions/new/",
        {
            "kind": "arbitration",
            "text": "Poste arbitré",
            "date": "2021-09-14",
            "recruitment": recruitment.pk,
        },
    )
    recruitment.refresh_from_db()
    assert recruitment.arbitration_on == dt.date(2021, 9, 14)
    assert "CODIR" in recruitment.arbitration_ref


def test_a_decision_without_text_gets_a_french_error_and_nothing_is_recorded(client, dg):
    meeting = factories.MeetingFactory()
    client.force_login(dg)
    response = client.post(
        f"/governance/meetings/{meeting.pk}/decisions/new/",
        {"kind": "validation", "text": "", "date": "2021-09-14"},
    )
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not Decision.objects.exists()


def test_a_director_reads_decisions_but_neither_records_nor_follows_them_up(client, director):
    meeting = factories.MeetingFactory()
    decision = factories.DecisionFactory(meeting=meeting)
    client.force_login(director)
    assert (
        "Enregistrer une décision"
        not in client.get(f"/governance/meetings/{meeting.pk}/").content.decode()
    )
    response = client.post(
        f"/governance/meetings/{meeting.pk}/decisions/new/",
        {"kind": "validation", "text": "x", "date": "2021-09-14"},
    )
    assert response.status_code == 403
    response = client.post(f"/governance/decisions/{decision.pk}/follow-up/", {"follow_up": "done"})
    assert response.status_code == 403
    decision.refresh_from_db()
    assert decision.follow_up == "todo"
    assert Decision.objects.count() == 1


def test_the_dg_marks_a_decision_done_from_the_register(client, dg):
    decision = factories.DecisionFactory(text="Créer la cellule Transversalité")
    client.force_login(dg)
    assert 'name="follow_up"' in client.get("/governance/decisions/").content.decode()
    response = client.post(f"/governance/decisions/{decision.pk}/follow-up/", {"follow_up": "done"})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.follow_up == "done"
    assert decision.history.latest().history_user == dg


def test_the_decision_page_takes_typed_subjects_and_suggests_the_agendas(
    client, dg, weekly_dg, django_assert_num_queries
):
    """The subject is typed (a workstream's code, a post's number), the datalists suggest
    the agenda's workstream and its open post but not another workstream; an unknown code,
    a NUL byte or a word for a number is refused in French and records nothing."""
    meeting = factories.MeetingFactory(body=weekly_dg)
    on_agenda = factories.WorkstreamFactory(code="CSC-01")
    elsewhere = factories.WorkstreamFactory(code="ENV-02")
    factories.AgendaItemFactory(meeting=meeting, workstream=on_agenda)
    post = factories.PositionFactory(workstream=on_agenda, title="Chargé de mission CSC")
    client.force_login(dg)
    url = f"/governance/meetings/{meeting.pk}/decisions/new/"
    client.get(url)
    # Session, user, meeting, programme, agenda items, owners, units, three suggestions.
    with django_assert_num_queries(10):
        page = client.get(url).content.decode()
    assert '<datalist id="suggested-workstream"><option value="CSC-01">' in page
    assert 'value="ENV-02"' not in page
    assert f'<option value="{post.pk}">Chargé de mission CSC</option>' in page
    base = {"kind": "arbitration", "text": "La DG tranche.", "date": "2021-10-04"}
    for bad, message in (
        ({"workstream": "XXX-99"}, "Aucun chantier actif du programme en cours"),
        ({"workstream": "CSC\x00-01"}, "Aucun chantier actif du programme en cours"),
        ({"position": "deux"}, "Aucun poste ouvert sans avis du CST"),
        ({"recruitment": "9" * 30}, "Aucune procédure en attente d"),
    ):
        response = client.post(url, {**base, **bad})
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not Decision.objects.exists()
    response = client.post(url, {**base, "workstream": "ENV-02", "position": str(post.pk)})
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert (decision.workstream, decision.position) == (elsewhere, post)
