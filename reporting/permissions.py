"""Who may read and freeze the point d'étape and its editions.

The live point d'étape and the editions are for the élus and the DG (the "progress"
section). The DG freezes editions and decides which ones the élus see; an élu asking for
an edition not shared with them is told it does not exist.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from organisation.models import Role
from organisation.permissions import can_open_section
from reporting.models import Edition


def can_read_report(user) -> bool:
    return can_open_section(user, "progress")


def can_freeze_edition(user) -> bool:
    """The DG (and an administrator): freezing and sharing editions."""
    return user.is_authenticated and user.is_active and (user.is_superuser or user.role == Role.DG)


def require_report_reader(user) -> None:
    if not can_read_report(user):
        raise PermissionDenied


def require_edition_author(user) -> None:
    if not can_freeze_edition(user):
        raise PermissionDenied


def editions_visible_to(user):
    """The editions `user` may open: every one for the DG, the shared ones for the élus."""
    editions = Edition.objects.all()
    return editions if can_freeze_edition(user) else editions.shared()


def get_edition_for_user(user, pk: int) -> Edition:
    require_report_reader(user)
    edition = editions_visible_to(user).select_related("programme", "created_by").filter(pk=pk)
    found = edition.first()
    if found is None:
        raise Http404
    return found
