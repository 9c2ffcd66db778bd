"""Access rules of the recruitment app: the only place they live.

- Élus never open the recruitment section: 403 on its pages (organisation.permissions).
- DG, directors and HR read every position, job profile and recruitment.
- HR (and the DG, who may do everything) write: positions, job profiles, recruitments,
  stage changes and the facts of a procedure.
- A job profile is signed off by the director of the post's direction (a director whose
  own unit is the post's unit or one of its parents) and by the DG.
- The DG arbitrates: the budget state of a post, on the arbitration page.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from organisation.models import OrgUnit
from organisation.permissions import can_open_section
from recruitment.models import JobProfile, Position

SECTION = "recruitment"
MAX_DEPTH = 8  # pôle → direction → service → unité: a tree never deeper than this


def can_read_recruitments(user) -> bool:
    return can_open_section(user, SECTION)


def can_edit_recruitments(user) -> bool:
    """HR's writes: positions, job profiles, recruitments and their stages."""
    return can_read_recruitments(user) and (user.is_superuser or user.role in ("hr", "dg"))


def can_arbitrate(user) -> bool:
    return can_read_recruitments(user) and user.is_dg


def _unit_within(unit: OrgUnit | None, ancestor_id: int | None) -> bool:
    depth = 0
    while unit is not None and ancestor_id is not None and depth < MAX_DEPTH:
        if unit.pk == ancestor_id:
            return True
        unit, depth = unit.parent, depth + 1
    return False


def can_sign_as_director(user, profile: JobProfile) -> bool:
    return (
        can_read_recruitments(user)
        and user.is_director
        and _unit_within(profile.position.org_unit, user.org_unit_id)
    )


def can_sign_as_dg(user) -> bool:
    return can_read_recruitments(user) and user.is_dg


def require_read(user) -> None:
    if not can_read_recruitments(user):
        raise PermissionDenied


def require_write(user) -> None:
    if not can_edit_recruitments(user):
        raise PermissionDenied


def get_position_for_user(user, pk: int, *, write: bool = False) -> Position:
    require_read(user)
    position = get_object_or_404(
        Position.objects.select_related("org_unit", "workstream", "contract_legal_basis"), pk=pk
    )
    if write:
        require_write(user)
    return position


def get_profile_for_user(user, pk: int, *, write: bool = False) -> JobProfile:
    require_read(user)
    profile = get_object_or_404(
        JobProfile.objects.select_related(
            "position__org_unit__parent",
            "position__workstream",
            "director_signed_by",
            "dg_signed_by",
            "validated_by",
        ),
        pk=pk,
    )
    if write:
        require_write(user)
    return profile
