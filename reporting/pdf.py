"""The point d'étape as a PDF: the page's own HTML printed by WeasyPrint.

Tagged PDF/UA-1 (structure tree, /Lang, title), fonts embedded (WeasyPrint embeds the
subset of every font it uses; the Dockerfile and .ci/run install DejaVu and Pango). The
paged-media rules (page size, numbers, the edition's date in every page's margin) are in
static/css/point-etape.css under `@media print`, which the browser's print uses too.

Nothing is fetched from the network: the fetcher serves the project's static files and
refuses every other address.
"""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from weasyprint import HTML
from weasyprint.urls import URLFetcher

BASE_URL = "https://cap.invalid/"


class StaticOnlyFetcher(URLFetcher):
    """Static files from the project's folders; nothing else."""

    def fetch(self, url, headers=None):
        prefix = BASE_URL.rstrip("/") + settings.STATIC_URL
        if url.startswith(prefix):
            name = url[len(prefix) :].split("?")[0]
            path = _static_path(name)
            if path:
                return super().fetch(f"file://{path}", headers)
        if url.startswith("data:"):
            return super().fetch(url, headers)
        raise ValueError(f"Not fetched for a PDF: {url}")


def _static_path(name: str) -> str | None:
    """The file of a static URL's name: collected (a hashed name in production), or found
    in the project's folders (development, tests)."""
    try:
        if staticfiles_storage.exists(name):
            return staticfiles_storage.path(name)
    except (NotImplementedError, ValueError):
        pass
    return finders.find(name)


def render_pdf(html: str) -> bytes:
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, optimize_images=True)
