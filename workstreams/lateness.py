"""Two different figures about a milestone, each with its own words wherever it shows:

- its *lateness*: how long ago its current due date passed while it is still pending
  ("en retard de 12 j", "en retard de 4 ans"), measured against today;
- its *slippage*: how far its current due date moved from the first promised one
  ("glissement +184 j par rapport à l'échéance initiale"), whatever today is.

A milestone postponed by six months and due tomorrow has slipped but is not late; one never
moved and due last week is late without having slipped.
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Up to this many days a lateness is said in days, then in months, then in years.
DAYS_UP_TO = 45
MONTHS_UP_TO = 365
DAYS_PER_MONTH = 30.44
DAYS_PER_YEAR = 365.25


def days_late(milestone, today: dt.date | None = None) -> int:
    """Days since a pending milestone's due date passed; 0 when it is not late (achieved,
    missed, archived or due today or later)."""
    if milestone.state not in ("planned", "postponed"):
        return 0
    today = today or timezone.localdate()
    return max(0, (today - milestone.due_date).days)


def duration_text(days: int) -> str:
    """A number of days as a person says it: "12 j", "3 mois", "4 ans"."""
    if days <= DAYS_UP_TO:
        return _("%(n)s j") % {"n": days}
    if days < MONTHS_UP_TO:
        months = round(days / DAYS_PER_MONTH)
        return ngettext("%(n)s mois", "%(n)s mois", months) % {"n": months}
    years = round(days / DAYS_PER_YEAR)
    return ngettext("%(n)s an", "%(n)s ans", years) % {"n": years}


def lateness_text(milestone, today: dt.date | None = None) -> str:
    """ "en retard de 12 j", or "" for a milestone that is not late."""
    days = days_late(milestone, today)
    if not days:
        return ""
    return _("en retard de %(duration)s") % {"duration": duration_text(days)}


def slippage_text(milestone) -> str:
    """ "glissement +184 j par rapport à l'échéance initiale", "avance de 3 j …", or ""."""
    days = (milestone.due_date - milestone.baseline_date).days
    if days > 0:
        return _("glissement +%(n)s j par rapport à l'échéance initiale") % {"n": days}
    if days < 0:
        return _("avance de %(n)s j sur l'échéance initiale") % {"n": -days}
    return ""
