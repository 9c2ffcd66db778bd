"""Recruitment's panel on the workstream page: the posts the workstream needs."""

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from core.panels import Panel, register_panel
from recruitment.models import Position, Recruitment
from recruitment.permissions import can_edit_recruitments


@register_panel("workstream")
def workstream_positions(workstream, user) -> Panel:
    """One query: the posts, each with the stage of its latest recruitment."""
    latest = Recruitment.objects.filter(position=OuterRef("pk")).order_by("-pk")
    stage_labels = dict(Recruitment.Stage.choices)
    positions = list(
        Position.objects.filter(workstream=workstream)
        .select_related("org_unit")
        .annotate(recruitment_stage=Subquery(latest.values("stage")[:1]))
        .order_by("title")
    )
    for position in positions:
        position.recruitment_stage_label = stage_labels.get(position.recruitment_stage, "")
    return Panel(
        title=_("Postes et recrutements"),
        template_name="recruitment/_workstream_positions.html",
        anchor="recrutements",
        order=20,
        context={
            "positions": positions,
            "workstream": workstream,
            "can_edit": can_edit_recruitments(user),
        },
    )
