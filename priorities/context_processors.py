from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from organisation.models import Commune
from priorities.selection import current_programme


def programme(request: HttpRequest) -> dict:
    """The current programme and the commune, for the header of every page.

    The commune comes with the programme (one query for both); only without any
    programme, or for an anonymous visitor (login page), is it read on its own.
    """
    user = getattr(request, "user", None)
    current = current_programme(request) if user is not None and user.is_authenticated else None
    commune = current.commune if current is not None else None
    return {
        "current_programme": current,
        # Read only by a page that shows it (the 403 and 404 pages of a visitor do).
        "commune": commune if commune is not None else SimpleLazyObject(Commune.objects.current),
    }
