"""The rules of DOMAIN.md's social dialogue section, as pure reads of a meeting.

Each returns a date or a verdict; the services refuse what they forbid, the pages and the
reminders show what they say. The delays are settings of each body (15 and 8 days of
convocation, 15 days for the minutes for the CST), the others are the law's:

- quorum: half the staff representatives present (décret 2021-571 art. 90), otherwise
  the session is convened again within 8 days and sits without quorum;
- a unanimous unfavourable opinion on a question that needs a deliberation sends it back
  to a new session held 8 to 30 days later (art. 94).
"""

import datetime as dt

from django.utils import timezone

RECONVENE_WITHIN_DAYS = 8
REEXAMINATION_MIN_DAYS = 8
REEXAMINATION_MAX_DAYS = 30

PRESENT_STATUSES = ("present", "represented")


def convocation_days(meeting) -> int:
    body = meeting.body
    if meeting.urgent and body.urgent_convocation_days:
        return body.urgent_convocation_days
    return body.convocation_days


def convocation_deadline(meeting) -> dt.date | None:
    """The last day the convocation may go out; None when the body sets no delay."""
    days = convocation_days(meeting)
    if not days:
        return None
    return timezone.localdate(meeting.starts_at) - dt.timedelta(days=days)


def convocation_too_late(meeting, today: dt.date) -> bool:
    deadline = convocation_deadline(meeting)
    return deadline is not None and today > deadline


def minutes_due(meeting) -> dt.date | None:
    """The last day the minutes may go out to the members; None without a legal delay."""
    if not meeting.body.minutes_days:
        return None
    return timezone.localdate(meeting.starts_at) + dt.timedelta(days=meeting.body.minutes_days)


def minutes_late(meeting, today: dt.date) -> bool:
    """A held meeting whose minutes are not out and whose delay has passed."""
    due = minutes_due(meeting)
    return (
        due is not None
        and meeting.state == "held"
        and meeting.minutes_published_on is None
        and today > due
    )


def reconvene_deadline(first_meeting) -> dt.date:
    return timezone.localdate(first_meeting.starts_at) + dt.timedelta(days=RECONVENE_WITHIN_DAYS)


def reexamination_window(opinion_date: dt.date) -> tuple[dt.date, dt.date]:
    return (
        opinion_date + dt.timedelta(days=REEXAMINATION_MIN_DAYS),
        opinion_date + dt.timedelta(days=REEXAMINATION_MAX_DAYS),
    )


def quorum(*, staff_seats: int, staff_present: int) -> bool:
    """Half the staff representatives (present or represented by a substitute)."""
    return staff_seats > 0 and 2 * staff_present >= staff_seats
