"""Governance's panel on the workstream page: the decisions about the workstream."""

from django.utils.translation import gettext_lazy as _

from core.panels import Panel, register_panel
from governance.models import Decision


@register_panel("workstream")
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


@register_panel("recruitment")
def recruitment_decisions(recruitment, user) -> Panel | None:
    """One query: the decisions about the recruitment (arbitration, opinion, postponement)."""
    decisions = list(
        Decision.objects.filter(recruitment=recruitment, archived_at__isnull=True)
        .select_related("meeting__body")
        .order_by("-date", "-pk")
    )
    if not decisions:
        return None
    return Panel(
        title=_("Décisions"),
        template_name="governance/_recruitment_decisions.html",
        anchor="decisions",
        order=10,
        context={"decisions": decisions},
    )
