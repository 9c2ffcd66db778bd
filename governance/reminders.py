"""Reminders about meetings, and the DG's Monday digest (registered with notifications)."""

import datetime as dt
from collections.abc import Iterator

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from governance import rules
from governance.models import Meeting
from governance.queries import late_minutes
from notifications.reminders import Reminder, register_source
from organisation.models import Role
from workstreams.models import Milestone, StatusUpdate, Workstream

CONVOCATION_NOTICE_DAYS = 5  # warn this many days before the convocation deadline


def _dg_users():
    return (
        get_user_model()
        .objects.filter(Q(role=Role.DG) | Q(is_superuser=True), is_active=True)
        .order_by("pk")
    )


@register_source
def convocation_reminders(today: dt.date) -> Iterator[Reminder]:
    """A meeting whose convocation must go out within a few days and has not yet."""
    meetings = (
        Meeting.objects.filter(
            state=Meeting.State.PLANNED,
            convocation_date__isnull=True,
            body__convocation_days__gt=0,
            starts_at__date__gte=today,
        )
        .select_related("body__chair")
        .order_by("starts_at")
    )
    dg_users = list(_dg_users())
    for meeting in meetings:
        meeting_day = timezone.localdate(meeting.starts_at)
        deadline = meeting_day - dt.timedelta(days=meeting.body.convocation_days)
        if (deadline - today).days > CONVOCATION_NOTICE_DAYS:
            continue
        recipients = {u.pk: u for u in dg_users}
        if meeting.body.chair:
            recipients[meeting.body.chair.pk] = meeting.body.chair
        for recipient in recipients.values():
            yield Reminder(
                recipient_id=recipient.pk,
                kind="convocation_deadline",
                subject=_("Convocation à envoyer avant le %(date)s : %(meeting)s")
                % {"date": deadline.strftime("%d/%m/%Y"), "meeting": meeting},
                body=_(
                    "La réunion du %(day)s exige une convocation %(days)s jours avant, "
                    "soit au plus tard le %(deadline)s."
                )
                % {
                    "day": meeting_day.strftime("%d/%m/%Y"),
                    "days": meeting.body.convocation_days,
                    "deadline": deadline.strftime("%d/%m/%Y"),
                },
                url="/governance/",
                about_model=Meeting,
                about_id=meeting.pk,
                due=deadline,
            )


@register_source
def late_minutes_reminders(today: dt.date) -> Iterator[Reminder]:
    """Minutes past their legal delay (the CST's 15 days) and not sent out: in the DG's
    to-dos (their notifications), and the body's secretary's."""
    dg_users = list(_dg_users())
    for meeting in late_minutes(today):
        due = rules.minutes_due(meeting)
        recipients = {u.pk: u for u in dg_users}
        if meeting.body.secretary_id and meeting.body.secretary.is_active:
            recipients[meeting.body.secretary_id] = meeting.body.secretary
        for recipient in recipients.values():
            yield Reminder(
                recipient_id=recipient.pk,
                kind="minutes_late",
                subject=_("Compte rendu en retard : %(meeting)s") % {"meeting": meeting},
                body=_(
                    "Le compte rendu de la réunion du %(day)s devait être diffusé aux membres "
                    "au plus tard le %(due)s."
                )
                % {"day": f"{meeting.day:%d/%m/%Y}", "due": f"{due:%d/%m/%Y}"},
                url=meeting.get_absolute_url() + "#minutes",
                about_model=Meeting,
                about_id=meeting.pk,
                due=due,
            )


@register_source(digest=True)
def dg_digest(today: dt.date) -> Iterator[Reminder]:
    """The Monday 08:00 digest: what needs the DG this week."""
    overdue = Milestone.objects.overdue(today).count()
    waiting = StatusUpdate.objects.awaiting_publication().count()
    weathers = dict(
        Workstream.objects.active()
        .values("current_weather")
        .annotate(n=Count("pk"))
        .values_list("current_weather", "n")
        .order_by()
    )
    upcoming = Meeting.objects.filter(
        state=Meeting.State.PLANNED,
        starts_at__date__gte=today,
        starts_at__date__lt=today + dt.timedelta(days=7),
    ).count()
    body = "\n".join(
        [
            _("Jalons en retard : %(n)s") % {"n": overdue},
            _("Points d'avancement à publier : %(n)s") % {"n": waiting},
            _("Chantiers en rouge : %(n)s") % {"n": weathers.get("off_track", 0)},
            _("Chantiers en orange : %(n)s") % {"n": weathers.get("at_risk", 0)},
            _("Réunions des instances cette semaine : %(n)s") % {"n": upcoming},
        ]
    )
    for user in _dg_users():
        yield Reminder(
            recipient_id=user.pk,
            kind="dg_digest",
            subject=_("Cap — la semaine du %(date)s") % {"date": today.strftime("%d/%m/%Y")},
            body=body,
            url="/",
            about_model=None,
            about_id=None,
            due=today,
        )
