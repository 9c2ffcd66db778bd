import datetime as dt

from django import template
from django.conf import settings
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext

from reporting.activity import workstream_url as _workstream_url
from reporting.dashboard import stale_cutoff
from reporting.presentation import short_date

register = template.Library()


@register.filter
def workstream_url(code: str) -> str:
    """The workstream page of a code (the literal path until its URL name exists)."""
    return _workstream_url(code)


@register.simple_tag
def published_date(day, on=None):
    """A published status's date, and a visible warning once it is older than the stale
    delay (CAP_STALE_UPDATE_DAYS, the rule of the dashboard's stale list) on the day `on`
    (today, or a report's date). A tag, not an included template: the élus' page prints
    one per row (workstreams_tags.weather_badge does the same for the weather)."""
    if day is None:
        return ""
    text = format_html(
        '<span class="published-date">{}</span>',
        gettext("Point publié du %(date)s") % {"date": date_filter(day, "d/m/Y")},
    )
    if day < stale_cutoff(on or timezone.localdate()):
        days = settings.CAP_STALE_UPDATE_DAYS
        warning = ngettext(
            "Ancien de plus de %(days)s jour : à actualiser",
            "Ancien de plus de %(days)s jours : à actualiser",
            days,
        ) % {"days": days}
        text += format_html(' <span class="badge badge--late">{}</span>', warning)
    return text


@register.filter
def iso_date(value: str | None, fmt: str = "d/m/Y") -> str:
    """An ISO date of a point d'étape's content, as the pages write dates (03/07/2021)."""
    if not value:
        return ""
    try:
        day = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return ""
    if fmt == "d/m/Y":
        return short_date(day)
    return date_filter(day, fmt)


@register.filter
def weather_rows(counts: dict) -> list[tuple[str, int]]:
    """A priority's weather counts in the order of the badges (none last)."""
    return [(key, counts.get(key, 0)) for key in ("on_track", "at_risk", "off_track", "none")]


@register.filter
def get_item(mapping: dict, key) -> object:
    return mapping.get(key, []) if mapping else []
