from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from priorities.models import Programme

register = template.Library()

# A programme's state everywhere: an icon and a word, never colour alone.
STATE_ICONS = {
    Programme.State.ACTIVE: "▶",
    Programme.State.PREPARATION: "✎",
    Programme.State.CLOSED: "■",
}


@register.filter
def programme_state_badge(programme: Programme | None) -> str:
    if programme is None:
        return ""
    return format_html(
        '<span class="badge badge--programme badge--programme-{}">'
        '<span aria-hidden="true">{}</span> {}</span>',
        programme.state,
        STATE_ICONS.get(programme.state, "•"),
        programme.get_state_display(),
    )


@register.filter
def example_badge(programme: Programme | None) -> str:
    if programme is None or not programme.is_example:
        return ""
    return format_html('<span class="badge badge--example">{}</span>', _("exemple"))
