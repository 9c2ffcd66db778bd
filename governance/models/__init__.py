"""The governance app's models, one module per subject; import them from here."""

from governance.models.bodies import Body, BodyKind, College, MemberRole, Membership
from governance.models.decisions import (
    AGENDA_ITEM_OF_ANOTHER_MEETING,
    OPINION_KINDS,
    RECRUITMENT_KINDS,
    Decision,
    DecisionFollowUp,
    DecisionKind,
    DecisionQuerySet,
    FollowUpAction,
)
from governance.models.meetings import (
    AgendaItem,
    AgendaItemKind,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingQuerySet,
    MeetingState,
)

__all__ = [
    "AGENDA_ITEM_OF_ANOTHER_MEETING",
    "OPINION_KINDS",
    "RECRUITMENT_KINDS",
    "AgendaItem",
    "AgendaItemKind",
    "Attendance",
    "AttendanceStatus",
    "Body",
    "BodyKind",
    "College",
    "Decision",
    "DecisionFollowUp",
    "DecisionKind",
    "DecisionQuerySet",
    "FollowUpAction",
    "Meeting",
    "MemberRole",
    "MeetingQuerySet",
    "MeetingState",
    "Membership",
]
