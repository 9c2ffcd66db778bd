"""The only writes of reporting: freezing a point d'étape, and sharing it with the élus.

An edition's content is written once, when it is frozen, and never again: there is no
service that edits it, and the admin shows it read-only.
"""

import datetime as dt

from django.db import transaction

from priorities.models import Programme
from priorities.services import ensure_programme_open
from reporting.models import Edition
from reporting.point_etape import build_content


class StaleEditionError(Exception):
    """The edition changed since the page was loaded (another DG shared or withdrew it)."""


@transaction.atomic
def edition_freeze(
    *, programme: Programme, date: dt.date, occasion: str, shared_with_elected: bool, actor
) -> Edition:
    """Freeze the programme's published content as it is now, for `occasion` on `date`."""
    programme = Programme.objects.select_related("commune").get(pk=programme.pk)
    ensure_programme_open(programme)
    edition = Edition(
        programme=programme,
        date=date,
        occasion=occasion.strip(),
        shared_with_elected=shared_with_elected,
        created_by=actor,
        content=build_content(programme, on=date),
    )
    edition.full_clean()
    edition._history_user = actor
    edition.save()
    return edition


@transaction.atomic
def edition_share(*, edition: Edition, shared: bool, version: int, actor) -> Edition:
    """Show the edition to the élus, or withdraw it; its content does not change."""
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    if locked.version != version:
        raise StaleEditionError
    if locked.shared_with_elected == shared:
        return locked
    locked.shared_with_elected = shared
    locked.version += 1
    locked._history_user = actor
    locked.save(update_fields=["shared_with_elected", "version"])
    return locked
