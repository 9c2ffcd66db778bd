"""Governance's panel on the workstream page: the decisions about the workstream."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.panels import Panel, register_panel
from governance.models import Decision


@dataclass
class _Action:
    title: str
    owner: str
    due_date: dt.date
    done_on: dt.date | None


@dataclass
class _Decision:
    pk: int
    kind: str
    date: dt.date
    text: str
    follow_up: str
    meeting_id: int | None
    body: str
    actions: list = field(default_factory=list)


DECISION_ROW = (
    "pk",
    "kind",
    "date",
    "text",
    "follow_up",
    "meeting_id",
    "meeting__body__name",
    "meeting__body__short_name",
    "actions__title",
    "actions__due_date",
    "actions__done_on",
    "actions__owner__first_name",
    "actions__owner__last_name",
    "actions__owner__username",
)


@register_panel("workstream")
def workstream_decisions(workstream, user) -> Panel:
    """One query: the workstream's decisions (not archived) with their body and their
    follow-up actions and owners, one row per action (left joins), grouped here."""
    kinds, follow_ups = dict(Decision.Kind.choices), dict(Decision.FollowUp.choices)
    decisions: dict[int, _Decision] = {}
    rows = (
        Decision.objects.filter(workstream=workstream, archived_at__isnull=True)
        .order_by("-date", "-pk", "actions__due_date", "actions__pk")
        .values_list(*DECISION_ROW)
    )
    for (pk, kind, date, text, follow_up, meeting_id, body, short, title, due, done,
         first, last, username) in rows:  # fmt: skip
        decision = decisions.get(pk)
        if decision is None:
            decision = decisions[pk] = _Decision(
                pk, str(kinds.get(kind, kind)), date, text, str(follow_ups.get(follow_up, "")),
                meeting_id, short or body or "",
            )  # fmt: skip
        if title is not None:
            owner = f"{first} {last}".strip() or username
            decision.actions.append(_Action(title, owner, due, done))
    return Panel(
        title=_("Décisions liées et leur suivi"),
        template_name="governance/_workstream_decisions.html",
        anchor="decisions",
        order=10,
        context={"decisions": list(decisions.values()), "today": timezone.localdate()},
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
