"""Template helpers every app may load (core is the bottom of the stack)."""

import itertools

from django import template
from django.utils import timezone

register = template.Library()

_fallback = itertools.count(1)


@register.simple_tag(takes_context=True)
def unique_id(context, prefix: str) -> str:
    """An id unique within the page, for a fragment that may be included several times or
    in a loop: `{% unique_id "tableau" as cap_id %}` then `id="{{ cap_id }}"`.

    Counted on the request, so the same page renders the same ids every time."""
    request = context.get("request")
    if request is None:
        return f"{prefix}-{next(_fallback)}"
    number = getattr(request, "_cap_unique_ids", 0) + 1
    request._cap_unique_ids = number
    return f"{prefix}-{number}"


@register.filter
def html_datetime(value) -> str:
    """A datetime as the `datetime` attribute of <time> accepts it: local time, seconds at
    most (`date:"c"` writes microseconds, which HTML refuses)."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0).isoformat()
