"""The emails a meeting sends its members: the convocation, with the agenda and an
iCalendar invitation (RFC 5545, built by the `icalendar` library), and the minutes."""

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

# Stable identifiers of the events: the application's own name, as the calendar feed's.
UID_DOMAIN = "cap.invalid"
DEFAULT_DURATION = dt.timedelta(hours=2)


def meeting_uid(meeting) -> str:
    return f"meeting-{meeting.pk}@{UID_DOMAIN}"


def _agenda_text(items) -> str:
    return "\n".join(f"{n}. {item.title}" for n, item in enumerate(items, start=1))


def invitation_ics(meeting, items, recipients) -> bytes:
    """A REQUEST for the meeting, with its agenda as the description; its SEQUENCE is the
    meeting's version, so that a second convocation updates the first in the calendar."""
    calendar = Calendar()
    calendar.add("prodid", "-//Cap//Gouvernance//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.starts_at + DEFAULT_DURATION)
    event.add("summary", str(meeting.body.name))
    if meeting.place:
        event.add("location", meeting.place)
    event.add("description", _agenda_text(items))
    event.add("sequence", meeting.version)
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = vText(str(meeting.body))
    event.add("organizer", organizer)
    for user in recipients:
        attendee = vCalAddress(f"mailto:{user.email}")
        attendee.params["cn"] = vText(str(user))
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()


def convocation_messages(meeting) -> list[EmailMessage]:
    """One email per member who has an address: the agenda and the invitation."""
    items = list(meeting.agenda_items.order_by("order", "pk"))
    recipients = [user for user in meeting.body.members.order_by("pk") if user.email]
    local = timezone.localtime(meeting.starts_at)
    subject = _("Convocation : %(body)s du %(date)s") % {
        "body": meeting.body.name,
        "date": f"{local:%d/%m/%Y à %H:%M}",
    }
    body = "\n\n".join(
        [
            _("Vous êtes convoqué(e) à la réunion « %(body)s » le %(date)s, %(place)s.")
            % {
                "body": meeting.body.name,
                "date": f"{local:%d/%m/%Y à %H:%M}",
                "place": meeting.place or _("lieu à préciser"),
            },
            _("Ordre du jour :") + "\n" + _agenda_text(items),
            f"{settings.SITE_URL}{meeting.get_absolute_url()}",
        ]
    )
    ics = invitation_ics(meeting, items, recipients)
    messages = []
    for user in recipients:
        message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        message.attach("convocation.ics", ics, "text/calendar; method=REQUEST; charset=utf-8")
        messages.append(message)
    return messages


def minutes_messages(meeting, decisions) -> list[EmailMessage]:
    """The relevé de décisions, to every member who has an address."""
    local = timezone.localtime(meeting.starts_at)
    subject = _("Compte rendu : %(body)s du %(date)s") % {
        "body": meeting.body.name,
        "date": f"{local:%d/%m/%Y}",
    }
    lines = [meeting.minutes, "", _("Relevé de décisions :")]
    lines += [f"- {d.get_kind_display()} : {d.text}" for d in decisions] or [_("aucune")]
    lines += ["", f"{settings.SITE_URL}{meeting.get_absolute_url()}"]
    body = "\n".join(lines)
    return [
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        for user in meeting.body.members.order_by("pk")
        if user.email
    ]
