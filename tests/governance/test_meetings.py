"""The DG's office runs its meetings in Cap (issue 12, points 1, 2, 5): create and edit a
meeting, build its agenda (pulling the drafted DG agenda in one action), convene it, hold
it, take the attendance, write and send the minutes, record decisions from their agenda
item with follow-up actions; the body's charter; who besides the DG may do it."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from governance.models import AgendaItem, Body, Decision, FollowUpAction, Meeting
from tests import factories


@pytest.fixture
def codir(db, dg):
    body = factories.BodyFactory(
        name="Comité de direction", short_name="CODIR", kind=Body.Kind.ADMINISTRATIVE
    )
    body.members.add(dg, *factories.DirectorFactory.create_batch(2))
    return body


@pytest.fixture
def meeting(codir):
    return factories.MeetingFactory(body=codir, starts_at=timezone.now() + dt.timedelta(days=3))


def test_the_dg_creates_a_meeting_at_the_stable_address_with_the_models_field_names(
    client, dg, codir
):
    client.force_login(dg)
    assert client.get("/governance/meetings/new/").status_code == 200
    response = client.post(
        "/governance/meetings/new/",
        {"body": codir.pk, "starts_at": "2030-01-15T09:30", "place": "Salle du conseil"},
    )
    meeting = Meeting.objects.get()
    assert response["Location"] == f"/governance/meetings/{meeting.pk}/"
    assert meeting.body == codir and meeting.place == "Salle du conseil"
    assert timezone.localtime(meeting.starts_at).hour == 9
    assert meeting.history.get().history_user == dg


def test_a_bad_date_is_refused_in_french_and_nothing_is_created(client, dg, codir):
    client.force_login(dg)
    response = client.post(
        "/governance/meetings/new/", {"body": codir.pk, "starts_at": "demain", "place": "x"}
    )
    assert response.status_code == 400
    assert "Saisissez une date et une heure valides" in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_concurrent_edit_of_a_meeting_answers_409_and_keeps_what_was_typed(client, dg, meeting):
    client.force_login(dg)
    data = {
        "body": meeting.body.pk,
        "starts_at": "2030-02-01T10:00",
        "place": "Salle des mariages",
        "version": 1,
    }
    assert client.post(f"/governance/meetings/{meeting.pk}/edit/", data).status_code == 302
    response = client.post(
        f"/governance/meetings/{meeting.pk}/edit/", {**data, "place": "Mairie annexe"}
    )
    assert response.status_code == 409
    assert 'value="Mairie annexe"' in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.place == "Salle des mariages"


def test_the_agenda_is_built_reordered_and_trimmed_on_the_meeting_page(client, dg, meeting):
    client.force_login(dg)
    url = f"/governance/meetings/{meeting.pk}/"
    for title in ("Budget 2027", "Télétravail", "Questions diverses"):
        client.post(f"{url}agenda/", {"title": title, "kind": "discussion"})
    items = list(meeting.agenda_items.order_by("order"))
    assert [i.title for i in items] == ["Budget 2027", "Télétravail", "Questions diverses"]
    client.post(f"/governance/agenda-items/{items[2].pk}/move/", {"direction": "up"})
    client.post(f"/governance/agenda-items/{items[0].pk}/remove/")
    assert list(meeting.agenda_items.order_by("order").values_list("title", "order")) == [
        ("Questions diverses", 1),
        ("Télétravail", 2),
    ]


def test_the_drafted_dg_agenda_is_pulled_into_the_meeting_in_one_action(client, dg, meeting):
    workstream = factories.WorkstreamFactory(code="CSC-01", title="Guichet unique")
    factories.MilestoneFactory(
        workstream=workstream, title="Schéma validé", due_date=dt.date(2020, 1, 1), is_key=True
    )
    factories.StatusUpdateFactory(workstream=workstream, state="submitted")
    position = factories.PositionFactory(title="Chargé de mission", workstream=workstream)
    factories.RecruitmentFactory(position=position, stage="dg_arbitration")
    client.force_login(dg)
    page = client.get(f"/governance/meetings/{meeting.pk}/pull/")
    keys = [
        key
        for _group, choices in page.context["form"].fields["proposals"].choices
        for key, _label in choices
    ]
    assert any(k.startswith("milestone:") for k in keys)
    assert any(k.startswith("update:") for k in keys)
    assert any(k.startswith("arbitration:") for k in keys)
    response = client.post(f"/governance/meetings/{meeting.pk}/pull/", {"proposals": keys})
    assert response.status_code == 302
    titles = list(meeting.agenda_items.values_list("title", flat=True))
    assert len(titles) == len(keys) >= 3
    assert "CSC-01 — jalon en retard : Schéma validé (prévu le 01/01/2020)" in titles
    assert "Arbitrage du recrutement : Chargé de mission" in " ".join(titles)
    # Pulled again: nothing twice.
    client.post(f"/governance/meetings/{meeting.pk}/pull/", {"proposals": keys})
    assert meeting.agenda_items.count() == len(keys)


def test_convening_emails_every_member_with_the_agenda_and_an_ics(
    client, dg, meeting, django_capture_on_commit_callbacks
):
    factories.AgendaItemFactory(meeting=meeting, title="Budget 2027")
    client.force_login(dg)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/governance/meetings/{meeting.pk}/convene/")
    meeting.refresh_from_db()
    assert meeting.convocation_date == timezone.localdate()
    assert len(mail.outbox) == meeting.body.members.count() == 3
    assert all(m.attachments[0][0] == "convocation.ics" for m in mail.outbox)


def test_convening_without_an_agenda_is_refused_with_a_reason(client, dg, meeting):
    client.force_login(dg)
    response = client.post(f"/governance/meetings/{meeting.pk}/convene/", follow=True)
    assert "Établissez l&#x27;ordre du jour avant de convoquer" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.convocation_date is None and not mail.outbox


def test_a_meeting_is_held_then_gets_attendance_minutes_and_decisions(
    client, dg, codir, django_capture_on_commit_callbacks
):
    meeting = factories.MeetingFactory(body=codir, starts_at=timezone.now() - dt.timedelta(hours=1))
    item = factories.AgendaItemFactory(
        meeting=meeting, title="Guichet unique", workstream=factories.WorkstreamFactory()
    )
    members = list(codir.members.order_by("pk"))
    client.force_login(dg)
    url = f"/governance/meetings/{meeting.pk}/"
    assert client.post(f"{url}held/").status_code == 302
    client.post(
        f"{url}attendance/",
        {"member": [m.pk for m in members], "status": ["present", "excused", "represented"]},
    )
    assert dict(meeting.attendances.values_list("user_id", "status")) == {
        members[0].pk: "present",
        members[1].pk: "excused",
        members[2].pk: "represented",
    }
    response = client.post(
        f"{url}decisions/new/",
        {
            "agenda_item": item.pk,
            "kind": "arbitration",
            "text": "Le guichet unique ouvre en janvier.",
            "date": "2026-11-30",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.workstream == item.workstream  # from its agenda item
    client.post(f"{url}minutes/", {"minutes": "Relevé de décisions.", "version": 2})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{url}minutes/publish/")
    meeting.refresh_from_db()
    assert meeting.state == "held" and meeting.minutes == "Relevé de décisions."
    assert meeting.minutes_published_on == timezone.localdate()
    assert len(mail.outbox) == 3 and "Le guichet unique ouvre en janvier." in mail.outbox[0].body
    printable = client.get(f"{url}print/").content.decode()
    assert "Relevé de décisions." in printable and "Guichet unique" in printable


def test_a_stale_minutes_save_answers_409_and_keeps_the_text(client, dg, codir):
    meeting = factories.MeetingFactory(body=codir, state="held")
    client.force_login(dg)
    url = f"/governance/meetings/{meeting.pk}/minutes/"
    assert client.post(url, {"minutes": "Première version", "version": 1}).status_code == 302
    response = client.post(url, {"minutes": "Seconde version concurrente", "version": 1})
    assert response.status_code == 409
    assert "Seconde version concurrente" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.minutes == "Première version"


def test_follow_up_actions_show_done_late_and_open_in_the_register_and_the_workstream_page(
    client, dg, meeting
):
    workstream = factories.WorkstreamFactory(code="CSC-01")
    decision = factories.DecisionFactory(
        meeting=meeting, workstream=workstream, text="Ouvrir le guichet unique"
    )
    client.force_login(dg)
    client.post(
        f"/governance/decisions/{decision.pk}/actions/new/",
        {"title": "Recruter l'agent d'accueil", "owner": dg.pk, "due_date": "2020-01-31"},
    )
    client.post(
        f"/governance/decisions/{decision.pk}/actions/new/",
        {"title": "Former les agents", "owner": dg.pk, "due_date": "2099-01-31"},
    )
    done = factories.FollowUpActionFactory(decision=decision, done_on=dt.date(2021, 1, 1))
    assert FollowUpAction.objects.count() == 3
    register = client.get("/governance/decisions/").content.decode()
    assert "1 en retard" in register and "1 à faire" in register and "1 faite" in register
    assert client.get("/governance/decisions/?actions=late").context["page"].paginator.count == 1
    page = client.get(f"/workstreams/{workstream.code}/").content.decode()
    assert "Ouvrir le guichet unique" in page
    assert "Recruter l&#x27;agent d&#x27;accueil" in page and "en retard" in page
    assert done.title in page


def test_the_last_follow_up_action_done_carries_the_decision_out(client, dg, meeting):
    decision = factories.DecisionFactory(meeting=meeting)
    action = factories.FollowUpActionFactory(decision=decision)
    client.force_login(dg)
    client.post(f"/governance/follow-up-actions/{action.pk}/done/", {"version": 1})
    action.refresh_from_db()
    decision.refresh_from_db()
    assert action.done_on == timezone.localdate() and decision.follow_up == "done"


def test_decisions_to_take_with_the_elus_are_their_decisions_attendues(client, elected, meeting):
    factories.DecisionFactory(
        meeting=meeting, kind="with_elected", text="Choisir le lieu de la maison des droits",
        published=True,
    )  # fmt: skip
    factories.DecisionFactory(meeting=meeting, kind="with_elected", text="Interne, non publiée")
    client.force_login(elected)
    content = client.get("/progress/").content.decode()
    expected = content.split("Décisions attendues", 1)[1]
    assert "Choisir le lieu de la maison des droits" in expected
    assert "Interne, non publiée" not in content


def test_the_charter_is_on_the_bodys_page_and_each_version_is_kept(client, dg, codir):
    client.force_login(dg)
    url = f"/governance/bodies/{codir.pk}/"
    for version, text in enumerate(["Rôle : arbitrer.", "Rôle : arbitrer. Quorum : aucun."], 1):
        response = client.post(
            f"{url}edit/", {"charter": text, "cadence": "Bimensuel", "version": version}
        )
        assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Rôle : arbitrer. Quorum : aucun." in page
    assert "Versions précédentes de la charte" in page
    assert list(codir.history.values_list("charter", flat=True)[:2]) == [
        "Rôle : arbitrer. Quorum : aucun.",
        "Rôle : arbitrer.",
    ]


def test_the_dg_seats_cst_members_in_their_college(client, dg):
    cst = factories.BodyFactory(name="CST", kind=Body.Kind.SOCIAL_DIALOGUE)
    agent = factories.UserFactory(first_name="Nadège", last_name="Roux")
    client.force_login(dg)
    client.post(
        f"/governance/bodies/{cst.pk}/members/",
        {"user": agent.pk, "college": "staff", "role": "titular"},
    )
    assert cst.memberships.get().college == "staff" and agent in cst.members.all()
    assert (
        "Représentants du personnel" in client.get(f"/governance/bodies/{cst.pk}/").content.decode()
    )


def test_a_member_search_with_a_nul_byte_or_too_long_is_refused_in_french(client, dg, codir):
    """PostgreSQL refuses a NUL in a text: the search's form refuses it first (it answered
    500 on PostgreSQL)."""
    client.force_login(dg)
    url = f"/governance/bodies/{codir.pk}/"
    page = client.get(url, {"q": "lam\x00bert"})
    assert page.status_code == 200 and page.context["candidates"] == []
    assert "Le caractère nul n’est pas autorisé." in page.content.decode()
    page = client.get(url, {"q": "x" * 101})
    assert page.status_code == 200 and page.context["candidates"] == []
    assert "au plus 100 caractères" in page.content.decode()


def test_the_dg_finds_adds_and_removes_a_member_with_their_role_and_history_keeps_it(
    client, dg, codir
):
    agent = factories.DirectorFactory(first_name="Inès", last_name="Lambertière")
    factories.DirectorFactory(first_name="Paul", last_name="Martin")
    client.force_login(dg)
    url = f"/governance/bodies/{codir.pk}/"
    page = client.get(url)
    # No list of every person: a search first.
    assert page.context["membership_form"] is None and 'name="q"' in page.content.decode()
    found = client.get(f"{url}?q=lambertiè")
    assert [u.pk for u in found.context["candidates"]] == [agent.pk]
    assert "Inès Lambertière" in found.content.decode()
    response = client.post(f"{url}members/", {"user": agent.pk, "role": "guest"})
    assert response.status_code == 302 and response["Location"] == f"{url}#members"
    seat = codir.memberships.get(user=agent)
    assert (seat.role, seat.college) == ("guest", "")
    assert seat.history.get().history_user == dg
    assert "Invité·e permanent·e" in client.get(url).content.decode()
    # Already a member: the search no longer offers them.
    assert client.get(f"{url}?q=lambertiè").context["candidates"] == []
    response = client.post(f"{url}members/remove/", {"user": agent.pk})
    assert response.status_code == 302
    assert agent not in codir.members.all() and not codir.memberships.exists()
    deleted = type(seat).history.filter(id=seat.pk).latest("history_id")
    assert deleted.history_type == "-" and deleted.history_user == dg
    # The body's history keeps who sat in it, and who changed it.
    versions = list(codir.history.order_by("-history_id")[:2])
    assert versions[0].history_user == dg
    assert not versions[0].members.filter(user=agent).exists()
    assert versions[1].members.filter(user=agent).exists()


def test_a_cst_member_without_a_college_is_refused_in_french_and_nothing_changes(client, dg):
    cst = factories.BodyFactory(name="CST", kind=Body.Kind.SOCIAL_DIALOGUE)
    agent = factories.UserFactory(first_name="Nadège", last_name="Roux")
    client.force_login(dg)
    response = client.post(
        f"/governance/bodies/{cst.pk}/members/", {"user": agent.pk, "role": "titular"}
    )
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in response.content.decode()
    response = client.post(
        f"/governance/bodies/{cst.pk}/members/", {"user": "abc", "role": "x", "college": "y"}
    )
    assert response.status_code == 400
    assert "Choisissez une personne parmi les résultats de la recherche" in (
        response.content.decode()
    )
    response = client.post(f"/governance/bodies/{cst.pk}/members/remove/", {"user": agent.pk})
    assert response.status_code == 400
    assert "Cette personne n&#x27;est pas membre de l&#x27;instance." in response.content.decode()
    assert not cst.members.exists() and not cst.memberships.exists()


def test_only_the_dg_changes_a_bodys_members(client, director, codir):
    member = codir.members.exclude(pk=director.pk).first()
    Body.objects.filter(pk=codir.pk).update(secretary=director)
    client.force_login(director)
    page = client.get(f"/governance/bodies/{codir.pk}/?q={member.last_name}")
    assert page.context["membership_form"] is None and page.context["candidates"] == []
    url = f"/governance/bodies/{codir.pk}/members/"
    assert client.post(url, {"user": director.pk, "role": "titular"}).status_code == 403
    assert client.post(f"{url}remove/", {"user": member.pk}).status_code == 403
    assert member in codir.members.all() and director not in codir.members.all()


def test_the_body_page_runs_the_same_queries_for_few_and_many_members(
    client, dg, django_assert_num_queries
):
    cst = factories.BodyFactory(name="CST", kind=Body.Kind.SOCIAL_DIALOGUE)
    factories.WorkstreamFactory()  # a programme, with its commune, as on any live site
    client.force_login(dg)
    url = f"/governance/bodies/{cst.pk}/?q=quenzol"
    # 1 session, 2 user, 3 the body with chair and secretary, 4 the members with their
    # college and role, 5 the search's people (at most 20), 6 the charter's versions, 7 the
    # header's programme with its commune, 8 the body's meetings.
    for count in (1, 25):
        factories.seat_staff(cst, count)
        factories.UserFactory.create_batch(count, last_name="Quenzoltar")
        factories.MeetingFactory.create_batch(count, body=cst)
        with django_assert_num_queries(8):
            page = client.get(url)
        assert len(page.context["candidates"]) == min(count, 20)


def test_a_bodys_secretary_runs_its_meetings_and_no_other(client, director, codir, meeting):
    other = factories.MeetingFactory()
    client.force_login(director)
    assert client.get("/governance/meetings/new/").status_code == 403
    Body.objects.filter(pk=codir.pk).update(secretary=director)
    form = client.get("/governance/meetings/new/").context["form"]
    assert list(form.fields["body"].queryset) == [codir]
    response = client.post(
        f"/governance/meetings/{meeting.pk}/agenda/", {"title": "Budget", "kind": "decision"}
    )
    assert response.status_code == 302
    assert (
        client.post(
            f"/governance/meetings/{other.pk}/agenda/", {"title": "Budget", "kind": "decision"}
        ).status_code
        == 403
    )
    assert AgendaItem.objects.filter(meeting=other).count() == 0


@pytest.mark.parametrize("state", ["planned", "held"])
def test_the_meeting_page_runs_the_same_queries_for_few_and_many_rows(
    client, dg, codir, django_assert_num_queries, state
):
    meeting = factories.MeetingFactory(body=codir, state=state)

    def grow(n):
        for _ in range(n):
            item = factories.AgendaItemFactory(
                meeting=meeting, workstream=factories.WorkstreamFactory()
            )
            decision = factories.DecisionFactory(meeting=meeting, agenda_item=item)
            factories.FollowUpActionFactory(decision=decision)
            codir.members.add(factories.UserFactory())

    client.force_login(dg)
    url = f"/governance/meetings/{meeting.pk}/"
    # 1 session, 2 user, 3 the meeting with its body and chair, 4 the members with their
    # attendance, college and role, 5 the agenda with workstreams, 6 the decisions with
    # their subjects, 7 their follow-up actions with owners, 8 the current programme (the
    # header's, read once per request); a planned meeting's agenda form takes a typed
    # workstream code (no list to read). The pull, decision and follow-up forms are on
    # their own pages. The session is not written (SESSION_REFRESH_SECONDS).
    expected = 8
    grow(1)
    with django_assert_num_queries(expected):
        page = client.get(url)
    assert page.context["agenda_form"] if state == "planned" else page.context["minutes_form"]
    grow(10)
    with django_assert_num_queries(expected):
        page = client.get(url)
    assert len(page.context["items"]) == len(page.context["decisions"]) == 11
    assert len(page.context["members"]) == 3 + 11


def test_the_pull_decision_and_action_pages_stay_within_the_budget(
    client, dg, codir, django_assert_num_queries
):
    meeting = factories.MeetingFactory(body=codir)
    item = factories.AgendaItemFactory(meeting=meeting, workstream=factories.WorkstreamFactory())
    decision = factories.DecisionFactory(meeting=meeting, agenda_item=item)
    factories.MilestoneFactory(due_date=dt.date(2020, 1, 1))
    client.force_login(dg)
    # 1 session, 2 user, 3 the meeting; 4 the current programme (the header's too) and
    # 5-10 the six sections of the drafted DG agenda.
    with django_assert_num_queries(10):
        assert client.get(f"/governance/meetings/{meeting.pk}/pull/").status_code == 200
    # 3 the meeting, 4 the current programme; the choices: 5 agenda items, 6 workstreams,
    # 7 posts, 8 recruitments, 9 units, 10 owners (DG, directors, HR).
    with django_assert_num_queries(10):
        page = client.get(f"/governance/meetings/{meeting.pk}/decisions/new/?agenda_item={item.pk}")
    assert page.context["form"]["agenda_item"].value() == item.pk
    # 3 the decision with its meeting and body, 4 the header's programme, 5 the owners.
    with django_assert_num_queries(5):
        assert client.get(f"/governance/decisions/{decision.pk}/actions/new/").status_code == 200


def test_the_dg_calls_a_planned_meeting_off_from_its_page(client, dg, meeting):
    client.force_login(dg)
    url = f"/governance/meetings/{meeting.pk}/"
    assert "Annuler la réunion" in client.get(url).content.decode()
    stale = client.post(f"{url}cancel/", {"version": 7}, follow=True)
    assert "Quelqu&#x27;un d&#x27;autre a modifié cet élément" in stale.content.decode()
    meeting.refresh_from_db()
    assert meeting.state == "planned"
    response = client.post(f"{url}cancel/", {"version": meeting.version})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == "cancelled" and meeting.history.latest().history_user == dg
    page = client.get(url).content.decode()
    assert "Annuler la réunion" not in page and "Enregistrer une décision" not in page


def test_the_dg_publishes_a_decision_to_the_elus_from_the_meeting_page(
    client, dg, director, meeting
):
    decision = factories.DecisionFactory(meeting=meeting, text="Ouvrir le guichet unique")
    client.force_login(director)
    assert (
        client.post(f"/governance/decisions/{decision.pk}/publish/", {"published": "1"}).status_code
        == 403
    )
    client.force_login(dg)
    assert "Publier aux élus" in client.get(f"/governance/meetings/{meeting.pk}/").content.decode()
    response = client.post(f"/governance/decisions/{decision.pk}/publish/", {"published": "yes"})
    decision.refresh_from_db()
    assert response.status_code == 302 and not decision.published
    client.post(f"/governance/decisions/{decision.pk}/publish/", {"published": "1"})
    decision.refresh_from_db()
    assert decision.published and decision.history.latest().history_user == dg
    client.post(f"/governance/decisions/{decision.pk}/publish/", {"published": "0"})
    decision.refresh_from_db()
    assert not decision.published


def test_an_agenda_item_takes_its_workstream_by_code(client, dg, codir):
    """The agenda form's workstream is typed (its code); an unknown code or a NUL byte is
    refused in French and adds nothing."""
    from governance.models import AgendaItem

    meeting = factories.MeetingFactory(body=codir)
    workstream = factories.WorkstreamFactory(code="CSC-01")
    client.force_login(dg)
    url = f"/governance/meetings/{meeting.pk}/agenda/"
    for bad in ("CSC-99", "CSC\x00-01"):
        response = client.post(url, {"title": "Budget", "kind": "decision", "workstream": bad})
        assert response.status_code == 400
        assert "Aucun chantier actif du programme en cours" in response.content.decode()
    assert not AgendaItem.objects.exists()
    response = client.post(url, {"title": "Budget", "kind": "decision", "workstream": "CSC-01"})
    assert response.status_code == 302
    assert AgendaItem.objects.get().workstream == workstream
