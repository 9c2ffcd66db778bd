from django import template

from reporting.activity import workstream_url as _workstream_url

register = template.Library()


@register.filter
def workstream_url(code: str) -> str:
    """The workstream page of a code (the literal path until its URL name exists)."""
    return _workstream_url(code)
