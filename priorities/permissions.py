"""Who may see and change programmes: the only place these rules live.

- Every person who may log in reads the list of programmes and switches between them
  (élus included: they read a closed programme's progress too).
- Starting, activating and closing a programme is the DG's (role dg or superuser):
  others may know the programmes exist, so they get 403, not 404.
- A framework document's file (served by core.files at /files/framework/…): every
  agent reads them; an elected official reads the political ones (the Maire's mission
  letter, the projet de mandat, the projet métropolitain), not the administration's
  internal projects. Anyone else, or a file no document holds: 404.
"""

from django.core.exceptions import PermissionDenied


def can_manage_programmes(user) -> bool:
    return user.is_authenticated and user.is_dg


def require_manage_programmes(user) -> None:
    if not can_manage_programmes(user):
        raise PermissionDenied


POLITICAL_DOCUMENT_KINDS = {"mission_letter", "mandate_project", "metropolitan_project"}


def can_read_framework_file(user, name: str) -> bool:
    from priorities.models import FrameworkDocument

    if not user.is_authenticated:
        return False
    kinds = set(FrameworkDocument.objects.filter(file=name).values_list("kind", flat=True))
    if not kinds:
        return False
    if user.is_elected and not user.is_superuser:
        return bool(kinds & POLITICAL_DOCUMENT_KINDS)
    return True
