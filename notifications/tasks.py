"""Celery tasks: each calls one service and returns a small summary."""

from celery import shared_task

from notifications.services import dg_digest_send, reminders_send_all


@shared_task(name="notifications.send_reminders")
def send_reminders() -> dict:
    return dict(reminders_send_all())


@shared_task(name="notifications.send_dg_digest")
def send_dg_digest() -> dict:
    return dict(dg_digest_send())
