"""Issue 11, point 1: each hand-over tells the person who must act, exactly once, in the
app and by email (their preference per kind, default on)."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from governance import services as governance
from notifications.models import Notification, NotificationPreference
from tests import factories
from workstreams import services
from workstreams.models import StatusUpdate


@pytest.fixture
def workstream(director, elected):
    """CSC-01, Karim's, with Françoise as its élue référente."""
    return factories.WorkstreamFactory(
        code="CSC-01", owner=director, org_unit=director.org_unit, sponsor=elected
    )


@pytest.fixture
def draft(workstream, director):
    return factories.StatusUpdateFactory(
        workstream=workstream, author=director, state="draft", submitted_at=None
    )


def _only(kind: str) -> Notification:
    notifications = list(Notification.objects.filter(kind=kind))
    assert len(notifications) == 1, notifications
    return notifications[0]


def test_submitting_an_update_tells_the_dg_once_in_the_app_and_by_email(
    draft, director, dg, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.status_update_submit(update=draft, version=draft.version, actor=director)
    notification = _only("update_submitted")
    assert notification.recipient == dg
    assert notification.read_at is None
    assert notification.url == f"/workstreams/CSC-01/#point-{draft.pk}"
    assert Notification.objects.count() == 1  # nobody else: not Karim, not the élue
    assert [m.to for m in mail.outbox] == [[dg.email]]
    assert "CSC-01" in mail.outbox[0].subject


def test_every_dg_is_told_but_the_dg_who_submitted(workstream, dg):
    other_dg = factories.DGFactory(username="dga")
    update = factories.StatusUpdateFactory(
        workstream=workstream, author=dg, state="draft", submitted_at=None
    )
    services.status_update_submit(update=update, version=update.version, actor=dg)
    assert _only("update_submitted").recipient == other_dg


def test_returning_an_update_tells_its_author_with_the_dgs_comment(draft, director, dg):
    submitted = services.status_update_submit(update=draft, version=1, actor=director)
    services.status_update_return(
        update=submitted,
        version=submitted.version,
        comment="Précisez le calendrier du CST.",
        actor=dg,
    )
    notification = _only("update_returned")
    assert notification.recipient == director
    assert "Précisez le calendrier du CST." in notification.body
    assert notification.url.endswith(f"#point-{draft.pk}")


def test_publishing_an_update_tells_the_elue_referente_with_a_link_she_may_open(
    draft, director, dg, elected, client_for
):
    submitted = services.status_update_submit(update=draft, version=1, actor=director)
    services.status_update_publish(update=submitted, version=submitted.version, actor=dg)
    notification = _only("update_published")
    assert notification.recipient == elected
    assert notification.url == reverse("reporting:progress-workstream", args=["CSC-01"])
    assert client_for(elected).get(notification.url).status_code == 200


def test_a_resubmission_after_a_return_tells_the_dg_again(draft, director, dg):
    submitted = services.status_update_submit(update=draft, version=1, actor=director)
    returned = services.status_update_return(
        update=submitted, version=submitted.version, comment="À compléter.", actor=dg
    )
    services.status_update_submit(update=returned, version=returned.version, actor=director)
    assert Notification.objects.filter(kind="update_submitted", recipient=dg).count() == 2


def test_saving_a_submitted_update_again_tells_nobody_twice(draft, director, dg):
    submitted = services.status_update_submit(update=draft, version=1, actor=director)
    services.status_update_edit(
        update=submitted,
        version=submitted.version,
        data={"done": "Un atelier de plus."},
        submit=True,
        actor=director,
    )
    assert Notification.objects.filter(kind="update_submitted").count() == 1


def test_moving_a_milestone_tells_the_workstreams_owner_with_the_reason(workstream, dg, director):
    milestone = factories.MilestoneFactory(workstream=workstream, due_date=dt.date(2022, 3, 31))
    services.milestone_postpone(
        milestone=milestone,
        version=1,
        new_due_date=dt.date(2022, 5, 31),
        reason="Le CST est reporté.",
        actor=dg,
    )
    notification = _only("milestone_moved")
    assert notification.recipient == director
    assert "Le CST est reporté." in notification.body
    assert "31/03/2022" in notification.body and "31/05/2022" in notification.body
    # Not a key milestone: the DG is not told (and she moved it herself anyway).
    assert not Notification.objects.filter(kind="key_milestone_slipped").exists()


def test_a_key_milestone_that_slips_also_tells_the_dg(workstream, dg, director):
    milestone = factories.MilestoneFactory(
        workstream=workstream, due_date=dt.date(2022, 3, 31), is_key=True
    )
    services.milestone_update(
        milestone=milestone,
        version=1,
        data={"due_date": dt.date(2022, 4, 30)},
        reason="Recrutement du chef de projet en retard.",
        actor=director,
    )
    assert _only("key_milestone_slipped").recipient == dg
    # Karim moved it himself: he is not told of his own change.
    assert not Notification.objects.filter(kind="milestone_moved").exists()


def test_a_key_milestone_brought_forward_does_not_alarm_the_dg(workstream, dg, director):
    milestone = factories.MilestoneFactory(
        workstream=workstream, due_date=dt.date(2022, 3, 31), is_key=True
    )
    services.milestone_update(
        milestone=milestone,
        version=1,
        data={"due_date": dt.date(2022, 3, 1)},
        reason="Le conseil est avancé.",
        actor=director,
    )
    assert not Notification.objects.exists()


def test_a_decision_assigned_tells_its_owner(director, dg):
    meeting = factories.MeetingFactory()
    decision = governance.decision_record(
        meeting=meeting,
        data={"kind": "arbitration", "text": "Ouvrir le guichet en septembre.", "owner": director},
        actor=dg,
    )
    notification = _only("decision_assigned")
    assert notification.recipient == director
    assert notification.about == decision
    assert notification.url == reverse("governance:meeting-detail", args=[meeting.pk])


def test_email_off_keeps_the_notification_in_the_app_only(
    draft, director, dg, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(recipient=dg, kind="update_submitted", by_email=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.status_update_submit(update=draft, version=1, actor=director)
    assert _only("update_submitted").read_at is None
    assert mail.outbox == []


def test_in_app_off_still_emails_and_logs_it_as_read(
    draft, director, dg, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(recipient=dg, kind="update_submitted", in_app=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.status_update_submit(update=draft, version=1, actor=director)
    assert _only("update_submitted").read_at is not None
    assert len(mail.outbox) == 1


def test_both_off_records_nothing(draft, director, dg):
    NotificationPreference.objects.create(
        recipient=dg, kind="update_submitted", in_app=False, by_email=False
    )
    services.status_update_submit(update=draft, version=1, actor=director)
    assert not Notification.objects.exists()


def test_a_refused_transition_tells_nobody(draft, director, dg):
    with pytest.raises(Exception):  # noqa: B017, PT011 — the service's refusal
        services.status_update_publish(update=draft, version=1, actor=dg)
    assert not Notification.objects.exists()
    assert StatusUpdate.objects.get(pk=draft.pk).state == "draft"
