"""Who may open which part of Cap, by role (DESIGN.md §1).

Object-level rules live in each app's own permissions.py; this is the section level, which
the navigation and the views share so that a hidden link is never the only guard.
"""

from organisation.models import Role

SECTIONS_BY_ROLE: dict[str, set[str]] = {
    Role.DG: {
        "dashboard",
        "workstreams",
        "milestones",
        "progress",
        "recruitment",
        "governance",
        "organisation",
        "activity",
    },
    Role.DIRECTOR: {
        "dashboard",
        "workstreams",
        "milestones",
        "recruitment",
        "governance",
        "organisation",
        "activity",
    },
    Role.HR: {"workstreams", "milestones", "recruitment", "organisation"},
    Role.ELECTED: {"progress"},
}


def can_open_section(user, section: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return section in SECTIONS_BY_ROLE.get(user.role, set())


def home_url_name(user) -> str:
    """The first page of each role."""
    if user.is_superuser or user.role in (Role.DG, Role.DIRECTOR):
        return "reporting:dashboard"
    if user.role == Role.ELECTED:
        return "reporting:progress"
    return "recruitment:recruitment-list"
