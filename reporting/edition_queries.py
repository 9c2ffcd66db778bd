"""Reads of the editions pages."""

from reporting.models import Edition
from reporting.permissions import editions_visible_to


def previous_edition(edition: Edition, user) -> Edition | None:
    """The edition of the same programme frozen just before `edition` among those `user`
    may open (the élus compare shared editions with each other); ids follow the order in
    which editions were frozen."""
    return (
        editions_visible_to(user)
        .filter(programme_id=edition.programme_id, pk__lt=edition.pk)
        .order_by("-pk")
        .first()
    )


def editions_of(programme, user) -> list[Edition]:
    """The programme's editions `user` may open, the latest first (one query)."""
    if programme is None:
        return []
    return list(
        editions_visible_to(user)
        .filter(programme=programme)
        .select_related("created_by")
        .defer("content")
        .order_by("-pk")
    )
