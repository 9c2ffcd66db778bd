"""Reminders about recruitments stuck in one stage (plain values in one query, texts
translated once: see notifications.reminders)."""

import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.reminders import Reminder, path_of, register_source
from recruitment.models import Recruitment


@register_source
def stuck_recruitment_reminders(today: dt.date) -> Iterator[Reminder]:
    limit = settings.CAP_RECRUITMENT_STUCK_DAYS
    threshold = timezone.make_aware(
        dt.datetime.combine(today - dt.timedelta(days=limit), dt.time.max)
    )
    rows = (
        Recruitment.objects.in_progress()
        .filter(stage_changed_at__lte=threshold, hr_owner__isnull=False)
        .order_by("pk")
        .values_list("pk", "stage", "stage_changed_at", "hr_owner_id", "position__title")
    )
    recruitment_url = path_of("recruitment:recruitment-detail")
    stages = {value: str(label) for value, label in Recruitment.Stage.choices}
    subject = _("Recrutement à l'arrêt : %(title)s")
    body = _("Le recrutement est à l'étape « %(stage)s » depuis le %(date)s.")
    for pk, stage, stage_changed_at, hr_owner_id, title in rows:
        since = timezone.localdate(stage_changed_at)
        yield Reminder(
            recipient_id=hr_owner_id,
            kind="recruitment_stuck",
            subject=subject % {"title": title},
            body=body % {"stage": stages.get(stage, stage), "date": f"{since:%d/%m/%Y}"},
            url=recruitment_url(pk),
            about_model=Recruitment,
            about_id=pk,
            due=since + dt.timedelta(days=limit),
        )
