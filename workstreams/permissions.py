"""Who may see and change workstreams: the only place these rules live.

- Élus never see the internal workstream pages (they read /progress/): 404 for an
  object, 403 for the list (the section check of organisation.permissions).
- Everyone else of the administration (DG, directors, HR) reads every workstream
  (transversality).
- The DG (role dg or superuser) edits everything; a director edits the workstreams they
  own or that belong to their org unit; HR and élus never edit.
- Creating, editing the frame of, and archiving workstreams is the DG's; publishing or
  sending back a status update is the DG's too.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from organisation.permissions import can_open_section
from workstreams.models import Workstream

SECTION = "workstreams"


def can_read_workstreams(user) -> bool:
    return can_open_section(user, SECTION)


def can_edit_workstream(user, workstream: Workstream) -> bool:
    """Status updates, milestones and actions of this workstream."""
    if not can_read_workstreams(user):
        return False
    if user.is_dg:
        return True
    if not user.is_director:
        return False
    return workstream.owner_id == user.pk or (
        user.org_unit_id is not None and workstream.org_unit_id == user.org_unit_id
    )


def can_manage_workstreams(user) -> bool:
    """Create workstreams, edit their frame (code, priority, owner, phase…), archive them."""
    return can_read_workstreams(user) and user.is_dg


def can_publish(user) -> bool:
    """Publish a submitted status update for the élus, or send it back."""
    return can_read_workstreams(user) and user.is_dg


def require_section(user) -> None:
    """For pages that list workstreams: 403 for a role that may not open the section."""
    if not can_read_workstreams(user):
        raise PermissionDenied


def get_workstream_for_user(user, code: str, *, write: bool = False, queryset=None) -> Workstream:
    """The workstream `code` if `user` may read it (and edit it when `write`).

    404 when the user may not know it exists (élus), PermissionDenied when they may read
    but not write. `queryset` lets a page load its annotations in the same query.
    """
    if not can_read_workstreams(user):
        raise Http404
    base = queryset if queryset is not None else Workstream.objects.all()
    try:
        workstream = base.get(code=code)
    except Workstream.DoesNotExist:
        raise Http404 from None
    if write and not can_edit_workstream(user, workstream):
        raise PermissionDenied
    return workstream


def workstream_flags(user, workstream: Workstream) -> dict[str, bool]:
    """What a template may offer: the same rules as the views, computed once."""
    return {
        "can_edit": can_edit_workstream(user, workstream) and not workstream.is_archived,
        "can_manage": can_manage_workstreams(user),
        "can_publish": can_publish(user),
    }
