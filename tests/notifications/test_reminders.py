"""Reminders reach people before a milestone slips, and each reminder is sent once."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from notifications.models import Notification
from notifications.services import dg_digest_send, reminders_send_all
from tests import factories
from workstreams.models import Milestone, StatusUpdate

TODAY = dt.date(2021, 9, 6)  # a Monday


@pytest.fixture
def frozen_today():
    with time_machine.travel(dt.datetime(2021, 9, 6, 9, 0, tzinfo=dt.UTC), tick=False):
        yield TODAY


def _send(captured, **kwargs):
    with captured(execute=True):
        return reminders_send_all(today=TODAY, **kwargs)


def test_a_milestone_due_in_ten_days_gets_its_14_day_reminder_once(
    db, django_capture_on_commit_callbacks, frozen_today
):
    milestone = factories.MilestoneFactory(
        title="Organisation cible formalisée", due_date=TODAY + dt.timedelta(days=10)
    )
    factories.StatusUpdateFactory(workstream=milestone.workstream, date=TODAY)
    first = _send(django_capture_on_commit_callbacks)
    second = _send(django_capture_on_commit_callbacks)

    assert first["milestone_due_14"] == 1
    assert sum(second.values()) == 0
    assert len(mail.outbox) == 1
    assert "Organisation cible formalisée" in mail.outbox[0].subject
    assert mail.outbox[0].to == [milestone.workstream.owner.email]
    notification = Notification.objects.get()
    assert notification.recipient == milestone.workstream.owner
    assert notification.sent_at is not None
    assert notification.url == milestone.workstream.get_absolute_url()


def test_the_7_and_1_day_reminders_follow_as_the_date_comes_closer(
    db, django_capture_on_commit_callbacks
):
    milestone = factories.MilestoneFactory(due_date=TODAY + dt.timedelta(days=10))
    for day, kind in [(0, "milestone_due_14"), (4, "milestone_due_7"), (9, "milestone_due_1")]:
        with django_capture_on_commit_callbacks(execute=True):
            sent = reminders_send_all(today=TODAY + dt.timedelta(days=day))
        assert sent[kind] == 1, (day, sent)
    kinds = set(
        Notification.objects.filter(
            object_id=str(milestone.pk), kind__startswith="milestone"
        ).values_list("kind", flat=True)
    )
    assert kinds == {"milestone_due_14", "milestone_due_7", "milestone_due_1"}


def test_an_overdue_milestone_is_reminded_and_a_postponed_one_again_at_its_new_date(
    db, django_capture_on_commit_callbacks
):
    milestone = factories.MilestoneFactory(due_date=TODAY - dt.timedelta(days=3))
    assert _send(django_capture_on_commit_callbacks)["milestone_overdue"] == 1
    milestone.due_date = TODAY - dt.timedelta(days=1)
    milestone.state = Milestone.State.POSTPONED
    milestone.save()
    assert _send(django_capture_on_commit_callbacks)["milestone_overdue"] == 1
    assert Notification.objects.filter(kind="milestone_overdue").count() == 2


def test_reached_and_archived_milestones_are_not_reminded(db, django_capture_on_commit_callbacks):
    factories.MilestoneFactory(
        due_date=TODAY - dt.timedelta(days=3),
        state=Milestone.State.ACHIEVED,
        achieved_on=TODAY - dt.timedelta(days=4),
    )
    factories.MilestoneFactory(due_date=TODAY + dt.timedelta(days=2), archived_at=timezone.now())
    sent = _send(django_capture_on_commit_callbacks)
    assert not any(kind.startswith("milestone") for kind in sent)


def test_a_workstream_without_an_update_for_14_days_reminds_its_owner(
    db, django_capture_on_commit_callbacks
):
    fresh = factories.StatusUpdateFactory(date=TODAY - dt.timedelta(days=3)).workstream
    stale = factories.StatusUpdateFactory(date=TODAY - dt.timedelta(days=20)).workstream
    # A draft does not count as an update.
    factories.StatusUpdateFactory(
        workstream=stale, date=TODAY, state=StatusUpdate.State.DRAFT, submitted_at=None
    )
    sent = _send(django_capture_on_commit_callbacks)
    assert sent["update_stale"] == 1
    notification = Notification.objects.get(kind="update_stale")
    assert notification.recipient == stale.owner
    assert notification.object_id == str(stale.pk)
    assert not Notification.objects.filter(object_id=str(fresh.pk), kind="update_stale").exists()


def test_a_recruitment_stuck_for_30_days_reminds_its_hr_owner(
    db, django_capture_on_commit_callbacks
):
    stuck = factories.RecruitmentFactory(
        stage_changed_at=timezone.make_aware(dt.datetime(2021, 7, 20, 10))
    )
    factories.RecruitmentFactory(stage_changed_at=timezone.make_aware(dt.datetime(2021, 8, 30)))
    sent = _send(django_capture_on_commit_callbacks)
    assert sent["recruitment_stuck"] == 1
    assert Notification.objects.get(kind="recruitment_stuck").recipient == stuck.hr_owner


def test_a_cst_meeting_reminds_the_dg_of_its_convocation_deadline(
    db, django_capture_on_commit_callbacks
):
    dg = factories.DGFactory()
    cst = factories.BodyFactory(
        name="Comité social territorial", kind="social_dialogue", convocation_days=15
    )
    meeting = factories.MeetingFactory(
        body=cst, starts_at=timezone.make_aware(dt.datetime(2021, 9, 24, 14))
    )
    sent = _send(django_capture_on_commit_callbacks)
    assert sent["convocation_deadline"] == 1
    notification = Notification.objects.get(kind="convocation_deadline")
    assert notification.recipient == dg
    assert "09/09/2021" in notification.subject  # 24/09 minus 15 days
    # Once the convocation is sent, no more reminders for that meeting.
    meeting.convocation_date = TODAY
    meeting.save()
    Notification.objects.all().delete()
    assert _send(django_capture_on_commit_callbacks)["convocation_deadline"] == 0


def test_the_monday_digest_tells_the_dg_what_needs_them(db, django_capture_on_commit_callbacks):
    dg = factories.DGFactory()
    factories.MilestoneFactory(due_date=TODAY - dt.timedelta(days=1))
    factories.StatusUpdateFactory(weather="off_track")
    with django_capture_on_commit_callbacks(execute=True):
        sent = dg_digest_send(today=TODAY)
        again = dg_digest_send(today=TODAY)
    assert sent["dg_digest"] == 1 and sum(again.values()) == 0
    body = Notification.objects.get(kind="dg_digest", recipient=dg).body
    assert "Jalons en retard : 1" in body
    assert "Points d'avancement à publier : 1" in body
    assert "Chantiers en rouge : 1" in body


def test_the_send_reminders_command_is_idempotent(db, capsys, frozen_today):
    factories.MilestoneFactory(due_date=TODAY + dt.timedelta(days=1))
    call_command("send_reminders")
    first = capsys.readouterr().out
    call_command("send_reminders")
    second = capsys.readouterr().out
    assert "milestone_due_1 : 1" in first
    assert "Relances envoyées : 0" in second


def test_the_send_reminders_command_refuses_a_bad_date_in_french(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Date invalide"):
        call_command("send_reminders", "--date", "06/09/2021")


def test_a_person_sees_only_their_own_notifications_and_can_mark_them_read(
    client, director, other_director
):
    mine = factories.NotificationFactory(recipient=director, subject="Jalon dans 7 jours", url="/")
    theirs = factories.NotificationFactory(recipient=other_director, subject="Secret de Sophie")
    client.force_login(director)
    content = client.get("/notifications/").content.decode()
    assert "Jalon dans 7 jours" in content
    assert "Secret de Sophie" not in content
    assert client.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    response = client.post(f"/notifications/{mine.pk}/read/")
    assert response.status_code == 302 and response["Location"] == "/"
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_marking_read_never_redirects_off_site(client, director):
    notification = factories.NotificationFactory(recipient=director, url="https://evil.example/")
    client.force_login(director)
    response = client.post(f"/notifications/{notification.pk}/read/")
    assert response["Location"] == "/notifications/"
