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
