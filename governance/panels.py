"""Governance's panel on the workstream page: the decisions about the workstream."""

from django.utils.translation import gettext_lazy as _

from governance.models import Decision
from workstreams.panels import Panel, register_detail_panel


@register_detail_panel
def workstream_decisions(workstream, user) -> Panel:
    """One query: the workstream's decisions (not archived) with their meeting and body."""
    decisions = list(
        Decision.objects.filter(workstream=workstream, archived_at__isnull=True)
        .select_related("meeting__body")
        .order_by("-date", "-pk")
    )
    return Panel(
        title=_("Décisions liées"),
        template_name="governance/_workstream_decisions.html",
        anchor="decisions",
        order=10,
        context={"decisions": decisions},
    )
