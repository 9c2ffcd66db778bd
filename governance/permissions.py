"""Access rules of the governance app."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from governance.models import Meeting
from organisation.permissions import can_open_section


def can_read_governance(user) -> bool:
    return can_open_section(user, "governance")


def can_record_decisions(user) -> bool:
    """The DG runs CODIR and the weekly meeting: it records decisions and their follow-up."""
    return can_read_governance(user) and user.is_dg


def get_meeting_for_user(user, pk: int) -> Meeting:
    """A meeting for a reader of the governance pages; 404 for anyone else."""
    if not can_read_governance(user):
        raise Http404
    return get_object_or_404(Meeting.objects.select_related("body__chair"), pk=pk)
