"""The point d'étape as a PDF: the page's own HTML printed by WeasyPrint.

Tagged PDF/UA-1 (structure tree, /Lang, title), fonts embedded (WeasyPrint embeds the
subset of every font it uses; the Dockerfile and .ci/run install DejaVu and Pango). The
paged-media rules (page size, numbers, the edition's date in every page's margin) are in
static/css/point-etape.css under `@media print`, which the browser's print uses too.

Nothing is fetched from the network: the fetcher serves the project's static files and
refuses every other address.
"""

from django.contrib.staticfiles import finders
from django.templatetags.static import static
from weasyprint import HTML
from weasyprint.urls import URLFetcher

BASE_URL = "https://cap.invalid/"


class StaticOnlyFetcher(URLFetcher):
    """Static files from the project's folders; nothing else."""

    def fetch(self, url, headers=None):
        prefix = BASE_URL.rstrip("/") + static("")
        if url.startswith(prefix):
            path = finders.find(url[len(prefix) :].split("?")[0])
            if path:
                return super().fetch(f"file://{path}", headers)
        if url.startswith("data:"):
            return super().fetch(url, headers)
        raise ValueError(f"Not fetched for a PDF: {url}")


def render_pdf(html: str) -> bytes:
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, optimize_images=True)
