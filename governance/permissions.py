"""Access rules of the governance app.

Who runs meetings: the DG, and for each body the secretary the DG names on the body's page
(`Body.secretary`, e.g. the DG's assistant for CODIR and the weekly meeting, the HR
director's for the CST). Running a meeting is planning and editing it, its agenda, the
convocation, the attendance, holding it, its minutes and the decisions taken there. The
secretary must be able to open the governance pages (a DG or director account). The
register's follow-up, the bodies' charters and secretaries stay with the DG.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from governance.models import Body, Meeting
from organisation.permissions import can_open_section


def can_read_governance(user) -> bool:
    return can_open_section(user, "governance")


def can_record_decisions(user) -> bool:
    """The DG runs CODIR and the weekly meeting: it follows up the register's decisions."""
    return can_read_governance(user) and user.is_dg


def can_run_meeting(user, body: Body) -> bool:
    """The DG, or the body's secretary."""
    if not can_read_governance(user):
        return False
    return user.is_dg or (body.secretary_id is not None and body.secretary_id == user.pk)


def bodies_run_by(user):
    """The bodies whose meetings `user` may plan."""
    if not can_read_governance(user):
        return Body.objects.none()
    if user.is_dg:
        return Body.objects.all()
    return Body.objects.filter(secretary=user)


def can_plan_meetings(user) -> bool:
    return can_read_governance(user) and (user.is_dg or bodies_run_by(user).exists())


def can_edit_body(user) -> bool:
    """The charter, the cadence, the secretary and the colleges: the DG."""
    return can_record_decisions(user)


def get_meeting_for_user(user, pk: int, *, write: bool = False) -> Meeting:
    """A meeting for a reader of the governance pages; 404 for anyone else; 403 when
    `write` and the user does not run this body's meetings."""
    if not can_read_governance(user):
        raise Http404
    meeting = get_object_or_404(Meeting.objects.select_related("body__chair"), pk=pk)
    if write and not can_run_meeting(user, meeting.body):
        raise PermissionDenied
    return meeting


def get_body_for_user(user, pk: int, *, write: bool = False) -> Body:
    if not can_read_governance(user):
        raise Http404
    body = get_object_or_404(Body.objects.select_related("chair", "secretary"), pk=pk)
    if write and not can_edit_body(user):
        raise PermissionDenied
    return body
