"""The Celery application: the reminder worker and its beat schedule (Europe/Paris)."""

import os
from pathlib import Path

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cap2021.settings")

app = Celery("cap2021")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # One idempotent pass every hour: each reminder has a unique dedup key, so a pass
    # that runs twice (or on two workers) sends nothing twice.
    "reminders-hourly": {
        "task": "notifications.send_reminders",
        "schedule": crontab(minute=5),
    },
    # Deliveries the workers never made (broker down, worker killed) or whose retry is due.
    "notifications-sweep": {
        "task": "notifications.deliver_pending",
        "schedule": crontab(minute="*/15"),
    },
    # Expired sessions (30 minutes idle, 12 hours at most) leave the database every night.
    "clear-sessions-nightly": {
        "task": "core.clear_sessions",
        "schedule": crontab(minute=30, hour=3),
    },
    "dg-digest-monday": {
        "task": "notifications.send_dg_digest",
        "schedule": crontab(minute=0, hour=8, day_of_week="mon"),
    },
}


@app.on_after_configure.connect
def _make_broker_folders(sender: Celery, **kwargs: object) -> None:
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)
