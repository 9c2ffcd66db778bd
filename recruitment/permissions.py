"""Access rules of the recruitment app."""

from organisation.permissions import can_open_section


def can_read_recruitments(user) -> bool:
    return can_open_section(user, "recruitment")


def can_edit_recruitments(user) -> bool:
    return user.is_active and (user.is_superuser or user.role in ("hr", "dg"))
