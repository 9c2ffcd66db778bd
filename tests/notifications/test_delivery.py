"""Reminders that always get through (issue 15, point 4): one bad reminder never stops the
pass; emails are header-safe, auto-submitted, text and HTML, sent by worker tasks after
commit, retried with a growing delay and then shown to the administrator; the pass's
query count does not grow with the volume; /healthz says when the last pass ran."""

import datetime as dt
import json
import logging

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from cap2021.celery import app as celery_app
from notifications import reminders as registry
from notifications.models import Notification, ReminderRun
from notifications.services import (
    dg_digest_send,
    notifications_deliver_pending,
    reminders_send_all,
    retry_delay,
)
from tests import factories
from tests.notifications.mail_backends import REFUSED, RefusingBackend

TODAY = dt.date(2021, 9, 6)  # a Monday
REFUSING = {"default": {"BACKEND": "tests.notifications.mail_backends.RefusingBackend"}}


def _pass(captured, day=TODAY):
    with captured(execute=True):
        return reminders_send_all(today=day)


def test_a_line_feed_in_a_milestone_title_is_a_space_in_the_subject_and_the_pass_goes_on(
    db, django_capture_on_commit_callbacks
):
    dg = factories.DGFactory()
    bad = factories.MilestoneFactory(
        title="Charte d'accueil\nvalidée\r\nen CODIR", due_date=TODAY + dt.timedelta(days=1)
    )
    good = factories.MilestoneFactory(title="Guichet unique", due_date=TODAY + dt.timedelta(days=1))
    sent = _pass(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        digest = dg_digest_send(today=TODAY)
    assert sent["milestone_due_1"] == 2 and digest["dg_digest"] == 1
    subjects = {m.subject for m in mail.outbox}
    code = bad.workstream.code
    assert f"Jalon dans 1 jour(s) : Charte d'accueil validée en CODIR ({code})" in subjects
    assert any("Guichet unique" in s for s in subjects)
    assert any(m.to == [dg.email] and "la semaine du" in m.subject for m in mail.outbox)
    assert not any("\n" in s or "\r" in s for s in subjects)
    assert Notification.objects.filter(sent_at__isnull=False).count() == len(mail.outbox)
    assert good.pk


def test_a_source_that_crashes_is_logged_and_the_other_sources_still_send(
    db, django_capture_on_commit_callbacks, caplog, monkeypatch
):
    def broken(today):
        yield from ()
        raise RuntimeError("a source bug")

    monkeypatch.setattr(registry, "_PASS", [broken, *registry._PASS])
    factories.MilestoneFactory(due_date=TODAY + dt.timedelta(days=1))
    with caplog.at_level(logging.ERROR, logger="notifications.services"):
        sent = _pass(django_capture_on_commit_callbacks)
    assert sent["milestone_due_1"] == 1
    run = ReminderRun.objects.get(kind="pass")
    assert run.errors == 1 and run.finished_at is not None
    assert any("reminder-source-failed source=broken" in r.getMessage() for r in caplog.records)


def test_the_email_is_auto_submitted_with_a_text_and_an_escaped_html_part(
    db, django_capture_on_commit_callbacks
):
    factories.MilestoneFactory(
        title="<script>alert(1)</script> & co", due_date=TODAY + dt.timedelta(days=7)
    )
    _pass(django_capture_on_commit_callbacks)
    message = next(m for m in mail.outbox if m.subject.startswith("Jalon"))
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert message.extra_headers["X-Auto-Response-Suppress"] == "All"
    assert "<script>alert(1)</script> & co" in message.body  # plain text, as typed
    assert "http://" in message.body and "/workstreams/" in message.body
    (html, mimetype), *_ = message.alternatives
    assert mimetype == "text/html"
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    assert "<script>" not in html
    raw = message.message().as_string()
    assert "Auto-Submitted: auto-generated" in raw


@override_settings(MAILERS=REFUSING, CAP_NOTIFICATION_MAX_ATTEMPTS=4)
def test_a_refused_email_is_retried_then_shown_failed_and_the_others_are_sent(
    db, django_capture_on_commit_callbacks, caplog
):
    RefusingBackend.attempts = []
    refused = factories.DirectorFactory(email=REFUSED)
    factories.MilestoneFactory(owner=refused, due_date=TODAY + dt.timedelta(days=1))
    factories.MilestoneFactory(due_date=TODAY + dt.timedelta(days=1))
    with caplog.at_level(logging.WARNING, logger="notifications.services"):
        sent = _pass(django_capture_on_commit_callbacks)
    assert sent["milestone_due_1"] == 2
    # The worker tried four times (eager tasks here: the countdowns are not waited for).
    assert RefusingBackend.attempts == [REFUSED] * 4
    failed = Notification.objects.get(recipient=refused, kind="milestone_due_1")
    assert failed.sent_at is None and failed.failed_at is not None
    assert failed.attempts == 4
    assert failed.last_error.startswith("SMTPRecipientsRefused")
    assert any("notification-delivery-abandoned" in r.getMessage() for r in caplog.records)
    other = Notification.objects.exclude(recipient=refused).get(kind="milestone_due_1")
    assert other.sent_at is not None
    assert [m.to for m in mail.outbox if m.subject.startswith("Jalon")] == [[other.recipient.email]]


def test_the_delay_between_attempts_doubles_up_to_an_hour():
    assert [retry_delay(n) for n in (1, 2, 3, 4, 5, 6, 7, 8)] == [
        60,
        120,
        240,
        480,
        960,
        1920,
        3600,
        3600,
    ]


@override_settings(CAP_NOTIFICATION_MAX_ATTEMPTS=2)
def test_the_administrator_sees_failed_deliveries_and_sends_them_again(
    client, admin_user, django_capture_on_commit_callbacks
):
    refused = factories.DirectorFactory(email=REFUSED)
    with override_settings(MAILERS=REFUSING):
        factories.MilestoneFactory(
            title="Schéma directeur", owner=refused, due_date=TODAY + dt.timedelta(days=1)
        )
        _pass(django_capture_on_commit_callbacks)
    failed = Notification.objects.get(recipient=refused)
    assert failed.failed_at is not None
    client.force_login(admin_user)
    page = client.get("/admin/notifications/notification/", {"envoi": "failed"})
    assert page.status_code == 200
    assert "Schéma directeur" in page.content.decode()
    assert "SMTPRecipientsRefused" in page.content.decode()
    # The mailbox is repaired: the administrator sends it again from the list.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/notifications/notification/",
            {"action": "retry_failed", "_selected_action": [failed.pk]},
        )
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.sent_at is not None and failed.failed_at is None
    assert any(m.to == [REFUSED] for m in mail.outbox)


def test_the_sweep_delivers_what_the_broker_never_carried_once_its_retry_is_due(
    db, django_capture_on_commit_callbacks
):
    now = timezone.now()
    old = factories.NotificationFactory(created_at=now - dt.timedelta(minutes=20))
    retried_recently = factories.NotificationFactory(
        created_at=now - dt.timedelta(minutes=20),
        attempts=2,
        last_attempt_at=now - dt.timedelta(seconds=30),
    )
    too_new = factories.NotificationFactory(created_at=now - dt.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_deliver_pending() == 1
    old.refresh_from_db(), retried_recently.refresh_from_db(), too_new.refresh_from_db()
    assert old.sent_at is not None
    assert retried_recently.sent_at is None and too_new.sent_at is None


def test_healthz_says_when_the_last_pass_ran_and_what_failed(
    client, db, django_capture_on_commit_callbacks
):
    payload = json.loads(client.get("/healthz").content)
    assert payload["reminders"]["last_pass"] is None
    factories.NotificationFactory(failed_at=timezone.now())
    _pass(django_capture_on_commit_callbacks)
    payload = json.loads(client.get("/healthz").content)
    assert payload["reminders"]["last_pass"] is not None
    assert payload["reminders"]["last_pass_minutes_ago"] == 0
    assert payload["reminders"]["failed_deliveries"] == 1


def _milestones(count: int) -> None:
    owner = factories.DirectorFactory()
    workstream = factories.WorkstreamFactory(owner=owner)
    for index in range(count):
        factories.MilestoneFactory(
            workstream=workstream,
            owner=owner,
            due_date=TODAY + dt.timedelta(days=(index % 16) - 2),
        )


# A first pass: the run's row; the sources' reads (milestones, stale workstreams,
# recruitments, and the DG's users then the meetings for each of the two meeting
# sources); the keys already used; the content types (one query, their cache emptied
# here); a savepoint, the INSERT, the read-back of the rows created and its release; the
# run's totals.
FIRST_PASS_QUERIES = 15
# A second pass: the same reads, then nothing to insert (the savepoint and its release
# stay: the pass's transaction is opened whatever it finds).
SECOND_PASS_QUERIES = 12


@pytest.mark.parametrize("count", [6, 120])
def test_a_pass_makes_the_same_exact_number_of_queries_for_few_and_many_milestones(
    db, django_assert_num_queries, django_capture_on_commit_callbacks, count
):
    _milestones(count)
    ContentType.objects.clear_cache()
    with (
        django_assert_num_queries(FIRST_PASS_QUERIES),
        django_capture_on_commit_callbacks(execute=False),
    ):
        sent = reminders_send_all(today=TODAY)
    # Every milestone inside the 14-day window or overdue is reminded, and its workstream
    # (no update yet) is stale: the volume is real.
    reminded = sum(1 for index in range(count) if (index % 16) - 2 <= 14)
    assert sum(sent.values()) == reminded + 1
    with (
        django_assert_num_queries(SECOND_PASS_QUERIES),
        django_capture_on_commit_callbacks(execute=False),
    ):
        assert sum(reminders_send_all(today=TODAY).values()) == 0


def test_the_second_pass_builds_no_notification_for_what_was_sent(
    db, django_capture_on_commit_callbacks, monkeypatch
):
    _milestones(20)
    _pass(django_capture_on_commit_callbacks)
    built = []
    real_init = Notification.__init__

    def counting_init(self, *args, **kwargs):
        built.append(kwargs.get("dedup_key"))
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(Notification, "__init__", counting_init)
    assert sum(_pass(django_capture_on_commit_callbacks).values()) == 0
    assert built == []


def test_links_built_once_per_source_equal_reverse():
    from django.urls import reverse

    from notifications.reminders import path_of

    workstream = path_of("workstreams:workstream-detail")
    recruitment = path_of("recruitment:recruitment-detail")
    for code in ("CSC-01", "ABCDEFGH-999", "É T;?#%"):
        assert workstream(code) == reverse("workstreams:workstream-detail", args=[code])
    for pk in (1, 42, 10**9):
        assert recruitment(pk) == reverse("recruitment:recruitment-detail", args=[pk])


def test_the_nightly_task_clears_expired_sessions_and_is_scheduled(db):
    from core.tasks import clear_sessions

    Session.objects.create(
        session_key="expiree", session_data="x", expire_date=timezone.now() - dt.timedelta(days=1)
    )
    Session.objects.create(
        session_key="valable", session_data="x", expire_date=timezone.now() + dt.timedelta(days=1)
    )
    clear_sessions.delay()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["valable"]
    tasks = {entry["task"] for entry in celery_app.conf.beat_schedule.values()}
    assert {"core.clear_sessions", "notifications.deliver_pending"} <= tasks
