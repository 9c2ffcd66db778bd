"""The only writes of reporting: freezing a point d'étape, sharing it with the élus, and
keeping the PDFs printed from it (reporting.pdf_files).

An edition's content is written once, when it is frozen, and never again: there is no
service that edits it, and the admin shows it read-only.
"""

import datetime as dt

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from core.tasks import publish
from priorities.models import Programme
from priorities.services import ensure_programme_open
from reporting import pdf_files
from reporting.models import Edition
from reporting.pdf_files import PdfJob
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
    if pdf_files.workstream_count(edition.content) > settings.CAP_REPORT_PDF_INLINE_WORKSTREAMS:
        transaction.on_commit(lambda: _print_edition(edition.pk))
    return edition


def _print_edition(pk: int) -> None:
    """Print a large edition's PDF ahead of its first reader: as the DG compares it (with
    the edition before it) and, when it is shared, as the élus do (with the shared one
    before it)."""
    from reporting.tasks import render_report_pdf

    edition = Edition.objects.get(pk=pk)
    earlier = Edition.objects.filter(programme_id=edition.programme_id, pk__lt=pk).order_by("-pk")
    previous = [earlier.first()]  # the DG's: every edition
    if edition.shared_with_elected:
        previous.append(earlier.shared().first())  # the élus': the shared ones
    for before in dict.fromkeys(previous):
        publish(render_report_pdf, "edition", [pk, before.pk if before else None])


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


def report_pdf_write(job: PdfJob) -> bytes:
    """Print `job`'s PDF and keep it (reporting.pdf_files); the one already kept when
    another request or task wrote it first. Writing a live PDF removes the programme's
    older ones, which nothing serves any more."""
    kept = pdf_files.read(job)
    if kept is not None:
        return kept
    # WeasyPrint (Pango, HarfBuzz, its CSS engine) loads on the first PDF printed, not
    # with the URLconf: a web or worker process that never prints one never pays for it.
    from reporting.pdf import render_pdf

    pdf = render_pdf(job.html)
    if not default_storage.exists(job.name):
        default_storage.save(job.name, ContentFile(pdf))
    if job.kind == "live":
        folder, prefix = job.prefix.rsplit("/", 1)
        try:
            _dirs, files = default_storage.listdir(folder)
        except FileNotFoundError:
            files = []
        for name in files:
            path = f"{folder}/{name}"
            if name.startswith(prefix) and path != job.name:
                default_storage.delete(path)
    return pdf
