"""Reminders about recruitments stuck in one stage."""

import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.reminders import Reminder, register_source
from recruitment.models import Recruitment


@register_source
def stuck_recruitment_reminders(today: dt.date) -> Iterator[Reminder]:
    limit = settings.CAP_RECRUITMENT_STUCK_DAYS
    threshold = timezone.make_aware(
        dt.datetime.combine(today - dt.timedelta(days=limit), dt.time.max)
    )
    recruitments = (
        Recruitment.objects.in_progress()
        .filter(stage_changed_at__lte=threshold, hr_owner__isnull=False)
        .select_related("position", "hr_owner")
    )
    for recruitment in recruitments.iterator(chunk_size=500):
        since = timezone.localdate(recruitment.stage_changed_at)
        yield Reminder(
            recipient=recruitment.hr_owner,
            kind="recruitment_stuck",
            subject=_("Recrutement à l'arrêt : %(title)s") % {"title": recruitment.position.title},
            body=_("Le recrutement est à l'étape « %(stage)s » depuis le %(date)s.")
            % {"stage": recruitment.get_stage_display(), "date": since.strftime("%d/%m/%Y")},
            url=recruitment.get_absolute_url(),
            about=recruitment,
            due=since + dt.timedelta(days=limit),
        )
