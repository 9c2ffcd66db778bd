"""The iCal feed of milestones and meetings at a per-user secret URL (/calendar/<token>.ics).

Calendar clients cannot log in, so the token is the credential: it is long, random and
unique per user, and an inactive user's token stops working.

User text (titles, places, names) is escaped here, every line break (CRLF, LF or a bare
CR) made the `\\n` of RFC 5545: no CR or LF from an imported cell ever ends a line of the
feed early. The lines are written here rather than through the `icalendar` library (used
for the convocation's single event): its Calendar objects take about 3 s for 10,000
events on a loaded VM, and a feed holds every milestone of the programme's window; and
its `vText` reads a typed `\\N` as a line break.
"""

import datetime as dt
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from governance.models import Meeting
from organisation.permissions import can_open_section
from priorities.models import Programme
from workstreams.models import Milestone

WINDOW_PAST = dt.timedelta(days=90)
# Stable identifiers of the events, whatever the programme: the application's own name.
UID_DOMAIN = "cap.invalid"
WINDOW_FUTURE = dt.timedelta(days=400)
# The control characters a TEXT value may not hold (RFC 5545 3.3.11), line breaks aside.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _escape(text: str) -> str:
    """A TEXT value per RFC 5545: backslash, `;` and `,` escaped, and every line break
    (CRLF, LF, a bare CR) the two characters `\\n`; other control characters are spaces."""
    text = (
        _CONTROL.sub(" ", str(text)).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    )
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def _fold(line: str) -> str:
    """RFC 5545 lines are at most 75 octets; longer ones continue after CRLF + space."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > 74:
            out.append(current)
            current = " " + char
        else:
            current += char
    out.append(current)
    return "\r\n".join(out)


def _event(
    uid: str, summary: str, *, start: str, end: str, description: str = "", url: str = ""
) -> list[str]:
    stamp = timezone.now().astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        start,
        end,
        f"SUMMARY:{_escape(summary)}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{_escape(description)}")
    if url:
        lines.append(f"URL:{url}")
    lines.append("END:VEVENT")
    return lines


@login_not_required
@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    user = get_user_model().objects.filter(calendar_token=token, is_active=True).first()
    if user is None or not can_open_section(user, "milestones"):
        raise Http404
    today = timezone.localdate()
    # A calendar client has no session: the feed follows the programme in progress.
    programme = Programme.objects.active()
    name = f"Cap — {programme.short_name}" if programme is not None else "Cap"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Cap//Jalons et instances//FR",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(name)}",
        "X-WR-TIMEZONE:Europe/Paris",
    ]
    milestones = (
        Milestone.objects.active()
        .filter(workstream__programme=programme)
        .filter(due_date__gte=today - WINDOW_PAST, due_date__lte=today + WINDOW_FUTURE)
        .select_related("workstream")
        .order_by("due_date")
    )
    for milestone in milestones:
        end_day = milestone.due_date + dt.timedelta(days=1)
        lines += _event(
            f"milestone-{milestone.pk}@{UID_DOMAIN}",
            f"[{milestone.workstream.code}] {milestone.title}",
            start=f"DTSTART;VALUE=DATE:{milestone.due_date:%Y%m%d}",
            end=f"DTEND;VALUE=DATE:{end_day:%Y%m%d}",
            description=milestone.get_state_display(),
            url=f"{settings.SITE_URL}{milestone.workstream.get_absolute_url()}",
        )
    if can_open_section(user, "governance"):
        meetings = (
            Meeting.objects.filter(
                starts_at__date__gte=today - WINDOW_PAST, starts_at__date__lte=today + WINDOW_FUTURE
            )
            .exclude(state=Meeting.State.CANCELLED)
            .select_related("body")
        )
        for meeting in meetings:
            start = meeting.starts_at.astimezone(dt.UTC)
            end = start + dt.timedelta(hours=2)
            lines += _event(
                f"meeting-{meeting.pk}@{UID_DOMAIN}",
                meeting.body.name,
                start=f"DTSTART:{start:%Y%m%dT%H%M%SZ}",
                end=f"DTEND:{end:%Y%m%dT%H%M%SZ}",
                description=meeting.place,
                url=f"{settings.SITE_URL}/governance/meetings/{meeting.pk}/",
            )
    lines.append("END:VCALENDAR")
    body = "\r\n".join(_fold(line) for line in lines) + "\r\n"
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="cap-jalons.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
