"""The admin follows the same rules as the pages (issue 12, point 4): a decision saved in
the admin goes through the governance service (the CST opinion sets the workstream's
consultation date, the quorum is checked), and what a service governs shows read-only."""

import datetime as dt

import pytest
from django.contrib.admin.sites import site
from django.urls import reverse
from django.utils import timezone

from governance.models import Body, Decision, Meeting
from organisation.models import OrgUnit
from tests import factories
from workstreams.models import Workstream


@pytest.fixture
def cst_meeting(db):
    body = factories.BodyFactory(name="Comité social territorial", kind=Body.Kind.SOCIAL_DIALOGUE)
    return factories.MeetingFactory(
        body=body, starts_at=timezone.make_aware(dt.datetime(2026, 3, 20, 14))
    )


def _add_decision(client, meeting, workstream, **extra):
    return client.post(
        reverse("admin:governance_decision_add"),
        {
            "meeting": meeting.pk,
            "kind": "favourable",
            "text": "Avis favorable sur le nouvel organigramme",
            "date": "2026-03-20",
            "workstream": workstream.pk,
            "follow_up": "todo",
            "actions-TOTAL_FORMS": "0",
            "actions-INITIAL_FORMS": "0",
            **extra,
        },
    )


def test_a_cst_opinion_saved_in_the_admin_sets_the_workstreams_consultation_date(
    client, admin_user, cst_meeting
):
    factories.quorate(cst_meeting)
    workstream = factories.WorkstreamFactory(changes_organisation=True)
    client.force_login(admin_user)
    response = _add_decision(client, cst_meeting, workstream)
    assert response.status_code == 302, response.content.decode()[:3000]
    workstream.refresh_from_db()
    assert workstream.cst_opinion_on == dt.date(2026, 3, 20)
    assert workstream.history.latest().history_user == admin_user
    assert Decision.objects.get().history.get().history_user == admin_user


def test_the_admin_refuses_a_cst_opinion_without_quorum_and_writes_nothing(
    client, admin_user, cst_meeting
):
    factories.seat_staff(cst_meeting.body, 2)  # nobody recorded present
    workstream = factories.WorkstreamFactory(changes_organisation=True)
    client.force_login(admin_user)
    response = _add_decision(client, cst_meeting, workstream)
    assert response.status_code == 200
    assert "Quorum non atteint" in response.content.decode()
    assert not Decision.objects.exists()
    workstream.refresh_from_db()
    assert workstream.cst_opinion_on is None


def test_a_decisions_subject_kind_and_date_cannot_be_changed_in_the_admin(
    client, admin_user, cst_meeting
):
    factories.quorate(cst_meeting)
    workstream, other = factories.WorkstreamFactory.create_batch(2)
    client.force_login(admin_user)
    _add_decision(client, cst_meeting, workstream)
    decision = Decision.objects.get()
    response = client.post(
        reverse("admin:governance_decision_change", args=[decision.pk]),
        {
            "meeting": cst_meeting.pk,
            "kind": "unfavourable",
            "date": "2020-01-01",
            "workstream": other.pk,
            "text": "Avis favorable, texte corrigé",
            "follow_up": "done",
            "actions-TOTAL_FORMS": "0",
            "actions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert (decision.kind, decision.date, decision.workstream) == (
        "favourable",
        dt.date(2026, 3, 20),
        workstream,
    )
    # What may change did, through the services (history's who).
    assert decision.text == "Avis favorable, texte corrigé" and decision.follow_up == "done"
    assert decision.history.first().history_user == admin_user


def test_a_meetings_state_convocation_and_minutes_cannot_be_typed_in_the_admin(client, admin_user):
    meeting = factories.MeetingFactory()
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:governance_meeting_change", args=[meeting.pk]),
        {
            "body": meeting.body.pk,
            "starts_at_0": "2030-01-15",
            "starts_at_1": "09:00:00",
            "place": "Salle des mariages",
            "state": "held",
            "convocation_date": "2020-01-01",
            "minutes": "Tapé dans l'administration",
            "agenda_items-TOTAL_FORMS": "0",
            "agenda_items-INITIAL_FORMS": "0",
            "attendances-TOTAL_FORMS": "0",
            "attendances-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting.refresh_from_db()
    assert meeting.place == "Salle des mariages" and meeting.version == 2
    assert (meeting.state, meeting.convocation_date, meeting.minutes) == ("planned", None, "")
    assert meeting.history.first().history_user == admin_user


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (
            Decision,
            {
                "meeting",
                "workstream",
                "position",
                "recruitment",
                "org_unit",
                "kind",
                "date",
                "owner",
                "archived_at",
                "version",
            },
        ),
        (Meeting, {"state", "convocation_date", "minutes", "minutes_published_on"}),
        (Body, {"members", "version"}),
        (Workstream, {"cst_opinion_on", "cst_opinion_ref", "phase"}),
        (OrgUnit, {"cst_opinion_on"}),
    ],
)
def test_the_fields_the_services_govern_are_read_only_in_the_admin(rf, admin_user, model, fields):
    model_admin = site._registry[model]
    request = rf.get("/")
    request.user = admin_user
    instance = model._default_manager.model()
    readonly = set(model_admin.get_readonly_fields(request, instance))
    assert fields <= readonly


def test_a_bodys_seats_are_shown_but_not_edited_in_the_admin(rf, admin_user):
    model_admin = site._registry[Body]
    request = rf.get("/")
    request.user = admin_user
    body = factories.BodyFactory(kind=Body.Kind.SOCIAL_DIALOGUE)
    (inline,) = model_admin.get_inline_instances(request, body)
    assert not inline.has_add_permission(request, body)
    assert not inline.has_change_permission(request, body)
    assert not inline.has_delete_permission(request, body)
    assert set(inline.get_readonly_fields(request, body)) >= {"user", "role", "college"}
