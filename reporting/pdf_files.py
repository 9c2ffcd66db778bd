"""The point d'étape's PDFs, rendered once and kept.

WeasyPrint takes about a tenth of a second per page (docs/performance.md): a programme of
a thousand workstreams prints in minutes, far beyond a request. So every PDF is a file in
the default storage, named after everything it is printed from (a hash of the content,
the edition's occasion and date, the previous edition compared with, and the fingerprint
of the templates, stylesheet and WeasyPrint version it is printed with), written once by
reporting.services.report_pdf_write and served afterwards as it is:

- an edition never changes, so its PDF is rendered once, by a Celery task published when
  it is frozen (or on the first request) and kept forever; the élus, who compare it with
  the previous *shared* edition, may have a second file of it;
- the live point d'étape gets a new file whenever its published content changes (its
  date included: one a day at most when nothing else moves); the older ones of the
  programme are removed when a new one is written.

A small document (CAP_REPORT_PDF_INLINE_WORKSTREAMS workstreams or fewer: a few seconds)
is rendered in the request that first asks for it; a larger one by the task, while the
page says it is being prepared and reloads itself.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string

from priorities.models import Programme
from reporting.models import Edition
from reporting.point_etape import build_content

FOLDER = "reporting/pdf"
# What the printing is made of, beside the content: the point d'étape's templates, its
# stylesheet and WeasyPrint's version. Any change gives new file names, so that a file
# printed before is not served any more (an edition's content never changes, its
# printing may).
PRINTED_WITH = ("templates/reporting/point_etape", "static/css/point-etape.css")
REPORT_TEMPLATE = "reporting/point_etape/report.html"


@dataclass(frozen=True)
class PdfJob:
    """One PDF to serve: where it is kept, what it prints, how a task rebuilds it."""

    kind: str  # "live" or "edition"
    ids: tuple[int | None, ...]  # (programme,) or (edition, previous edition or None)
    name: str  # its file in the default storage
    workstreams: int  # its size, which decides between the request and the task
    draw: Callable[[], dict] = field(compare=False, repr=False)  # what the template draws

    @cached_property
    def context(self) -> dict:
        """Drawn only when the PDF is printed: serving a kept one needs none of it."""
        return self.draw()

    @property
    def prefix(self) -> str:
        return f"{FOLDER}/{self.kind}-{self.ids[0] or 0}-"

    @cached_property
    def html(self) -> str:
        """The page as WeasyPrint prints it: the same template, without the viewer (the
        PDF is the same whoever asks for it)."""
        return render_to_string(REPORT_TEMPLATE, {**self.context, "for_pdf": True})


@cache
def printing_fingerprint() -> str:
    """A digest of the files the PDF is printed with and of WeasyPrint's version, read once
    per process."""
    from importlib.metadata import version

    digest = hashlib.sha256(version("weasyprint").encode())
    for entry in PRINTED_WITH:
        path = Path(settings.BASE_DIR) / entry
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if file.is_file():
                digest.update(file.relative_to(settings.BASE_DIR).as_posix().encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def _digest(*parts) -> str:
    data = json.dumps([printing_fingerprint(), *parts], cls=DjangoJSONEncoder, sort_keys=True)
    return hashlib.sha256(data.encode()).hexdigest()[:32]


def workstream_count(content: dict) -> int:
    return sum(len(p["workstreams"]) for p in content["priorities"])


def live_job(programme: Programme | None, content: dict | None = None) -> PdfJob:
    from reporting.report import report_context

    content = content if content is not None else build_content(programme)
    pk = programme.pk if programme else None
    return PdfJob(
        kind="live",
        ids=(pk,),
        name=f"{FOLDER}/live-{pk or 0}-{_digest(content)}.pdf",
        workstreams=workstream_count(content),
        draw=lambda: report_context(content, html_url="", pdf_url="", slides_url=""),
    )


def edition_job(edition: Edition, previous: Edition | None) -> PdfJob:
    from reporting.edition_diff import compare
    from reporting.report import report_context

    before = [previous.pk, previous.occasion, previous.date, previous.content] if previous else None
    digest = _digest(edition.content, edition.occasion, edition.date, before)
    return PdfJob(
        kind="edition",
        ids=(edition.pk, previous.pk if previous else None),
        name=f"{FOLDER}/edition-{edition.pk}-{digest}.pdf",
        workstreams=workstream_count(edition.content),
        draw=lambda: report_context(
            edition.content,
            edition=edition,
            previous=previous,
            changes=compare(previous.content, edition.content) if previous else None,
            html_url="",
            pdf_url="",
            slides_url="",
        ),
    )


def job_for(kind: str, ids: list | tuple) -> PdfJob | None:
    """The job a task was published for, rebuilt from its ids (None when its programme or
    edition is gone)."""
    if kind == "live":
        programme = Programme.objects.select_related("commune").filter(pk=ids[0]).first()
        if ids[0] is not None and programme is None:
            return None
        return live_job(programme)
    edition = Edition.objects.select_related("programme").filter(pk=ids[0]).first()
    if edition is None:
        return None
    previous = Edition.objects.filter(pk=ids[1]).first() if ids[1] else None
    return edition_job(edition, previous)


def read(job: PdfJob) -> bytes | None:
    """The kept PDF of `job`, or None when it is not written yet."""
    if not default_storage.exists(job.name):
        return None
    with default_storage.open(job.name, "rb") as stored:
        return stored.read()
