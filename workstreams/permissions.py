"""Who may see and change workstreams: the only place these rules live.

- Élus never see the internal workstream pages (they read /progress/): 404 for an
  object, 403 for the list (the section check of organisation.permissions).
- Everyone else of the administration (DG, directors, HR) reads every workstream
  (transversality).
- The DG (role dg or superuser) edits everything; a director edits the workstreams they
  own or that belong to their org unit; HR and élus never edit.
- Creating, editing the frame of, and archiving workstreams is the DG's; publishing or
  sending back a status update is the DG's too.
- A draft status update (and the draft text kept in history) is seen by its author, the
  workstream's owner and the DG only: not by HR, other directors or élus. The page's
  update list, its history, the activity feed and every export ask the functions below.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from organisation.permissions import can_open_section
from workstreams.models import StatusUpdate, Workstream

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


# Drafts ------------------------------------------------------------------------------------


def can_see_drafts_of(user, workstream: Workstream) -> bool:
    """Every draft of this workstream, whoever wrote it: its owner and the DG."""
    if not can_read_workstreams(user):
        return False
    return user.is_dg or workstream.owner_id == user.pk


def can_see_update(user, update) -> bool:
    """This status update, or a historical record of one (same fields), in its state."""
    if update.state != StatusUpdate.State.DRAFT:
        return True
    if not can_read_workstreams(user):
        return False
    return user.is_dg or update.author_id == user.pk or update.workstream.owner_id == user.pk


def draft_visibility_q(user, *, prefix: str = "") -> Q:
    """The status updates `user` may see, as a filter on StatusUpdate or on its historical
    model (`prefix` reaches them from another model, e.g. "status_update__")."""
    if can_read_workstreams(user) and user.is_dg:
        return Q()
    not_draft = ~Q(**{f"{prefix}state": StatusUpdate.State.DRAFT})
    if not can_read_workstreams(user):
        return not_draft
    return (
        not_draft
        | Q(**{f"{prefix}author_id": user.pk})
        | Q(**{f"{prefix}workstream__owner_id": user.pk})
    )


def status_updates_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    """`queryset` (every status update by default) without the drafts `user` may not see."""
    if queryset is None:
        queryset = StatusUpdate.objects.all()
    return queryset.filter(draft_visibility_q(user))
