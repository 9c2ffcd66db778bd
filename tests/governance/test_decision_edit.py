"""A recorded decision is corrected and archived in Cap, not in the admin (issue 12): its
wording, owner, date and subject on its own page, through `decision_edit` (history, version,
the facts written below re-written); archived, it leaves the follow-up and the élus'
"décisions attendues" but stays readable in the register. And an agenda item's "suite
donnée", written on the held meeting's page."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from governance.models import Body, Decision
from governance.services import decision_edit, decision_record
from notifications.models import Notification
from tests import factories

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def codir(db, dg):
    body = factories.BodyFactory(
        name="Comité de direction", short_name="CODIR", kind=Body.Kind.ADMINISTRATIVE
    )
    body.members.add(dg)
    return body


@pytest.fixture
def meeting(codir):
    return factories.MeetingFactory(body=codir, state="held")


@pytest.fixture
def decision(meeting):
    return factories.DecisionFactory(
        meeting=meeting, text="Ouvrir le guichet unique", workstream=factories.WorkstreamFactory()
    )


def _edit(decision, **changes) -> dict:
    data = {
        "text": decision.text,
        "date": decision.date.isoformat(),
        "workstream": decision.workstream.code if decision.workstream else "",
        "owner": decision.owner_id or "",
        "version": decision.version,
    }
    return {**data, **changes}


def test_the_dg_corrects_the_wording_owner_and_date_and_history_keeps_both(
    client, dg, director, decision
):
    client.force_login(dg)
    url = f"/governance/decisions/{decision.pk}/edit/"
    page = client.get(url).content.decode()
    assert "Ouvrir le guichet unique" in page and 'name="version" value="1"' in page
    response = client.post(
        url,
        _edit(
            decision,
            text="Ouvrir le guichet unique en janvier",
            owner=director.pk,
            date="2021-10-05",
        ),
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#decision-{decision.pk}")
    decision.refresh_from_db()
    assert decision.text == "Ouvrir le guichet unique en janvier"
    assert (decision.owner, decision.date, decision.version) == (
        director,
        dt.date(2021, 10, 5),
        2,
    )
    old, new = decision.history.order_by("history_date")[:2]
    assert old.text == "Ouvrir le guichet unique" and new.history_user == dg
    # The new owner is told, as when the decision is recorded.
    assert Notification.objects.filter(recipient=director, kind="decision_assigned").exists()


def test_a_concurrent_correction_answers_409_and_keeps_what_was_typed(client, dg, decision):
    client.force_login(dg)
    url = f"/governance/decisions/{decision.pk}/edit/"
    assert client.post(url, _edit(decision, text="Première correction")).status_code == 302
    response = client.post(url, _edit(decision, text="Seconde correction, périmée"))
    assert response.status_code == 409
    content = response.content.decode()
    assert "Seconde correction, périmée" in content and "Quelqu&#x27;un d&#x27;autre" in content
    decision.refresh_from_db()
    assert decision.text == "Première correction" and decision.version == 2


def test_a_bad_correction_is_refused_in_french_and_changes_nothing(client, dg, decision):
    client.force_login(dg)
    response = client.post(
        f"/governance/decisions/{decision.pk}/edit/", _edit(decision, text="", date="31/02")
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Ce champ est obligatoire" in content and "Saisissez une date valide" in content
    decision.refresh_from_db()
    assert decision.text == "Ouvrir le guichet unique" and decision.version == 1


def test_the_bodys_secretary_corrects_its_decisions_a_director_does_not(
    client, director, other_director, codir, decision
):
    client.force_login(director)
    url = f"/governance/decisions/{decision.pk}/edit/"
    assert client.get(url).status_code == 403
    assert client.post(url, _edit(decision, text="Tapé par un directeur")).status_code == 403
    Body.objects.filter(pk=codir.pk).update(secretary=director)
    assert client.post(url, _edit(decision, text="Corrigé par le secrétariat")).status_code == 302
    decision.refresh_from_db()
    assert decision.text == "Corrigé par le secrétariat"
    assert decision.history.latest().history_user == director


# --- The facts written below: a CST opinion's date ----------------------------------------


@pytest.fixture
def cst_opinion(dg):
    cst = factories.BodyFactory(name="Comité social territorial", kind=Body.Kind.SOCIAL_DIALOGUE)
    meeting = factories.quorate(
        factories.MeetingFactory(
            body=cst, state="held", starts_at=dt.datetime(2026, 3, 20, 14, tzinfo=PARIS)
        )
    )
    workstream = factories.WorkstreamFactory(changes_organisation=True)
    return decision_record(
        meeting=meeting,
        data={
            "kind": "favourable",
            "text": "Avis favorable sur le nouvel organigramme",
            "workstream": workstream,
            "date": dt.date(2026, 3, 20),
        },
        actor=dg,
    )


def test_correcting_a_cst_opinions_date_moves_the_workstreams_consultation_date(
    client, dg, cst_opinion
):
    workstream = cst_opinion.workstream
    workstream.refresh_from_db()
    assert workstream.cst_opinion_on == dt.date(2026, 3, 20)
    client.force_login(dg)
    response = client.post(
        f"/governance/decisions/{cst_opinion.pk}/edit/", _edit(cst_opinion, date="2026-03-19")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    workstream.refresh_from_db()
    assert workstream.cst_opinion_on == dt.date(2026, 3, 19)
    assert workstream.history.latest().history_user == dg


def test_a_subject_added_to_a_cst_opinion_gets_its_consultation_date(client, dg, cst_opinion):
    position = factories.PositionFactory(workstream=None)
    client.force_login(dg)
    response = client.post(
        f"/governance/decisions/{cst_opinion.pk}/edit/",
        _edit(cst_opinion, position=position.pk),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    position.refresh_from_db()
    assert position.cst_opinion_on == dt.date(2026, 3, 20)


def test_the_subject_a_cst_opinion_wrote_its_date_on_cannot_be_taken_away(client, dg, cst_opinion):
    workstream = cst_opinion.workstream
    other = factories.WorkstreamFactory(changes_organisation=True)
    client.force_login(dg)
    response = client.post(
        f"/governance/decisions/{cst_opinion.pk}/edit/", _edit(cst_opinion, workstream=other.code)
    )
    assert response.status_code == 400
    assert "Archivez-la et enregistrez une nouvelle décision" in response.content.decode()
    cst_opinion.refresh_from_db()
    other.refresh_from_db()
    assert cst_opinion.workstream == workstream and cst_opinion.version == 1
    assert other.cst_opinion_on is None


# --- Archiving ------------------------------------------------------------------------------


def test_an_archived_decision_leaves_the_follow_up_and_the_elus_but_stays_in_the_register(
    client, dg, elected, meeting
):
    decision = factories.DecisionFactory(
        meeting=meeting, kind="with_elected", published=True, text="Choisir le lieu de la maison"
    )
    client.force_login(elected)
    assert "Choisir le lieu de la maison" in client.get("/progress/").content.decode()
    client.force_login(dg)
    edit = client.get(f"/governance/decisions/{decision.pk}/edit/").content.decode()
    assert f'action="/governance/decisions/{decision.pk}/archive/"' in edit
    response = client.post(f"/governance/decisions/{decision.pk}/archive/", {"version": 1})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.archived_at is not None and decision.version == 2
    assert decision.history.latest().history_user == dg
    assert not Decision.objects.awaiting_follow_up().filter(pk=decision.pk).exists()
    assert (
        "Choisir le lieu de la maison"
        not in client.get(f"/governance/meetings/{meeting.pk}/").content.decode()
    )
    assert (
        "Choisir le lieu de la maison" not in client.get("/governance/decisions/").content.decode()
    )
    archived = client.get("/governance/decisions/?archived=yes").content.decode()
    assert "Choisir le lieu de la maison" in archived and "archivée le" in archived
    # Archived: no longer corrected, nor archived again.
    assert client.get(f"/governance/decisions/{decision.pk}/edit/").status_code == 404
    client.force_login(elected)
    assert "Choisir le lieu de la maison" not in client.get("/progress/").content.decode()


def test_a_stale_archive_is_refused_and_changes_nothing(client, dg, decision):
    client.force_login(dg)
    client.post(f"/governance/decisions/{decision.pk}/edit/", _edit(decision, text="Corrigée"))
    response = client.post(
        f"/governance/decisions/{decision.pk}/archive/", {"version": 1}, follow=True
    )
    assert "Quelqu&#x27;un d&#x27;autre a modifié" in response.content.decode()
    decision.refresh_from_db()
    assert decision.archived_at is None and decision.version == 2


def test_the_register_and_the_meeting_page_link_to_the_correction(client, dg, decision):
    client.force_login(dg)
    link = f'href="/governance/decisions/{decision.pk}/edit/"'
    assert link in client.get("/governance/decisions/").content.decode()
    assert link in client.get(f"/governance/meetings/{decision.meeting_id}/").content.decode()


def test_the_correction_page_stays_within_its_query_budget(
    client, dg, decision, django_assert_num_queries
):
    client.force_login(dg)
    # 1 session, 2 user, 3 the decision with its meeting and body, 4 the header's current
    # programme; the choices: 5 workstreams, 6 posts, 7 recruitments, 8 units, 9 owners.
    with django_assert_num_queries(9):
        page = client.get(f"/governance/decisions/{decision.pk}/edit/")
    assert page.status_code == 200
    assert page.context["form"]["workstream"].value() == decision.workstream_id


def test_an_archived_decision_is_readable_with_its_date(client, dg, decision):
    decision.archived_at = timezone.make_aware(dt.datetime(2026, 5, 4, 9))
    decision.save()
    client.force_login(dg)
    content = client.get("/governance/decisions/?archived=all").content.decode()
    assert "Ouvrir le guichet unique" in content and "archivée le 04/05/2026" in content


# --- An agenda item's "suite donnée" ---------------------------------------------------------


def test_the_outcome_of_an_item_is_written_on_the_held_meetings_page(client, dg, meeting):
    item = factories.AgendaItemFactory(meeting=meeting, title="Guichet unique")
    client.force_login(dg)
    page = client.get(f"/governance/meetings/{meeting.pk}/").content.decode()
    assert f'action="/governance/agenda-items/{item.pk}/outcome/"' in page
    response = client.post(
        f"/governance/agenda-items/{item.pk}/outcome/",
        {"outcome": "Ouverture en janvier.", "version": 1},
    )
    assert response["Location"].endswith(f"#item-{item.pk}")
    item.refresh_from_db()
    assert (item.outcome, item.version) == ("Ouverture en janvier.", 2)
    assert item.history.latest().history_user == dg
    assert (
        "Ouverture en janvier."
        in client.get(f"/governance/meetings/{meeting.pk}/print/").content.decode()
    )


def test_a_stale_outcome_answers_409_and_keeps_what_was_typed(client, dg, meeting):
    item = factories.AgendaItemFactory(meeting=meeting)
    client.force_login(dg)
    url = f"/governance/agenda-items/{item.pk}/outcome/"
    client.post(url, {"outcome": "Première rédaction", "version": 1})
    response = client.post(url, {"outcome": "Rédaction périmée", "version": 1})
    assert response.status_code == 409
    assert "Rédaction périmée" in response.content.decode()
    item.refresh_from_db()
    assert item.outcome == "Première rédaction" and item.version == 2


def test_the_outcome_waits_for_the_meeting_to_be_held_and_a_director_cannot_write_it(
    client, dg, director, codir
):
    planned = factories.MeetingFactory(body=codir)
    item = factories.AgendaItemFactory(meeting=planned)
    client.force_login(dg)
    assert "/outcome/" not in client.get(f"/governance/meetings/{planned.pk}/").content.decode()
    response = client.post(
        f"/governance/agenda-items/{item.pk}/outcome/",
        {"outcome": "Trop tôt", "version": 1},
        follow=True,
    )
    assert "une fois la réunion tenue" in response.content.decode()
    client.force_login(director)
    held_item = factories.AgendaItemFactory(
        meeting=factories.MeetingFactory(body=codir, state="held")
    )
    assert (
        client.post(
            f"/governance/agenda-items/{held_item.pk}/outcome/", {"outcome": "x", "version": 1}
        ).status_code
        == 403
    )
    item.refresh_from_db()
    held_item.refresh_from_db()
    assert item.outcome == held_item.outcome == "" and item.version == held_item.version == 1


def test_the_recruitment_a_dg_arbitration_wrote_on_cannot_be_taken_away(dg, meeting):
    recruitment = factories.RecruitmentFactory()
    decision = factories.DecisionFactory(meeting=meeting, recruitment=recruitment)
    with pytest.raises(ValidationError, match="Archivez-la"):
        decision_edit(decision=decision, data={"recruitment": None}, actor=dg, version=1)
    decision.refresh_from_db()
    assert decision.recruitment == recruitment and decision.version == 1
