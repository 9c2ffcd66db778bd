"""Who may see and change programmes: the only place these rules live.

- Every person who may log in reads the list of programmes and switches between them
  (élus included: they read a closed programme's progress too).
- Starting, activating and closing a programme is the DG's (role dg or superuser):
  others may know the programmes exist, so they get 403, not 404.
"""

from django.core.exceptions import PermissionDenied


def can_manage_programmes(user) -> bool:
    return user.is_authenticated and user.is_dg


def require_manage_programmes(user) -> None:
    if not can_manage_programmes(user):
        raise PermissionDenied
