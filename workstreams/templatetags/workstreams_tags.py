"""Template helpers: the permission functions of the views, and status badges."""

from django import template
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _lazy

from workstreams import lateness as _lateness
from workstreams import permissions
from workstreams.models import WEATHER_DISPLAY

register = template.Library()


@register.filter
def can_edit_workstream(user, workstream) -> bool:
    """`{% if user|can_edit_workstream:workstream %}`"""
    return permissions.can_edit_workstream(user, workstream)


@register.filter
def can_publish(user) -> bool:
    """`{% if user|can_publish %}`"""
    return permissions.can_publish(user)


@register.filter
def weather_badge(weather: str | None) -> str:
    """The same badge as includes/weather.html (icon and word), for long lists where an
    include per row costs more than the page's queries."""
    css = weather if weather in WEATHER_DISPLAY else "none"
    icon, word = WEATHER_DISPLAY[css]
    return format_html(
        '<span class="weather weather--{}"><span aria-hidden="true">{}</span> {}</span>',
        css,
        icon,
        word,
    )


@register.filter
def progress_badge(value: int | None) -> str:
    """The same as includes/progress_bar.html."""
    if value is None:
        return format_html('<span class="muted">{}</span>', _lazy("non renseigné"))
    return format_html(
        '<span class="progress"><progress max="100" value="{}" aria-hidden="true"></progress>'
        "<span>{} %</span></span>",
        value,
        formats.localize(value),
    )


@register.filter
def lateness(milestone) -> str:
    """ "en retard de 12 j" as a red badge, or nothing for a milestone that is not late
    (workstreams.lateness: lateness and slippage are two different figures)."""
    text = _lateness.lateness_text(milestone)
    return format_html('<span class="badge badge--late">{}</span>', text) if text else ""


@register.filter
def slippage(milestone) -> str:
    """ "glissement +184 j par rapport à l'échéance initiale", or nothing when the due date
    is the first promised one."""
    text = _lateness.slippage_text(milestone)
    return format_html('<span class="slippage">{}</span>', text) if text else ""
