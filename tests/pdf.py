"""Reading the PDFs Cap prints (WeasyPrint, compressed streams) in the tests, with pypdf."""

import io
import re
from dataclasses import dataclass

from pypdf import PdfReader


@dataclass
class PdfFacts:
    pages: list[str]  # the text of each page
    text: str  # every page's text, whitespace collapsed
    title: str
    lang: str
    has_structure_tree: bool
    marked: bool
    fonts: dict[str, bool]  # base font name → embedded (has a font file)
    pdfua: bool  # the XMP metadata claims PDF/UA


def _fonts(reader: PdfReader) -> dict[str, bool]:
    fonts: dict[str, bool] = {}

    def visit(font) -> None:
        font = font.get_object()
        descendants = font.get("/DescendantFonts")
        if descendants:
            for child in descendants:
                visit(child)
            return
        descriptor = font.get("/FontDescriptor")
        embedded = False
        if descriptor is not None:
            descriptor = descriptor.get_object()
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        fonts[str(font.get("/BaseFont"))] = embedded

    for page in reader.pages:
        resources = page.get("/Resources")
        if resources is None:
            continue
        for font in (resources.get_object().get("/Font") or {}).values():
            visit(font)
    return fonts


def read_pdf(content: bytes) -> PdfFacts:
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"].get_object()
    pages = [page.extract_text() or "" for page in reader.pages]
    metadata = root.get("/Metadata")
    xmp = metadata.get_object().get_data().decode("utf-8", "replace") if metadata else ""
    mark_info = root.get("/MarkInfo")
    return PdfFacts(
        pages=pages,
        text=re.sub(r"\s+", " ", " ".join(pages)),
        title=str((reader.metadata or {}).get("/Title", "")),
        lang=str(root.get("/Lang", "")),
        has_structure_tree="/StructTreeRoot" in root,
        marked=bool(mark_info and mark_info.get_object().get("/Marked")),
        fonts=_fonts(reader),
        pdfua="pdfuaid:part" in xmp,
    )
