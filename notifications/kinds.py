"""The kinds of notification a person can choose to receive or not, and their labels.

The apps that send hand-over notifications register their kinds here (in their
AppConfig.ready), so the preferences page lists them without importing those apps:
notifications sits at the bottom of the stack.
"""

from django.utils.functional import Promise

_KINDS: dict[str, str | Promise] = {}


def register_kind(kind: str, label: str | Promise) -> str:
    """Declare a kind of notification with its French label; returns the kind."""
    _KINDS.setdefault(kind, label)
    return kind


def kinds() -> dict[str, str | Promise]:
    """Every registered kind and its label, in registration order."""
    return dict(_KINDS)
