"""Spreadsheets that must be refused (issue 15, point 3): an archive that unpacks beyond the
limit, hostile files, a closed programme, and sheets whose rows or cells pass the limits
with no, or a lying, <dimension>: refused before openpyxl reads them, in French."""

import io
import re
import time
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import factories
from tests.workstreams.test_import_files import HEADER, IMPORT, _csv, _xlsx
from workstreams.models import Milestone, Workstream


@pytest.fixture
def programme(director):
    """The active programme with its CSC priority; Karim (director) pilots in it."""
    programme = factories.default_programme()
    factories.PriorityFactory(code="CSC", name="Cohésion sociale – Citoyenneté")
    return programme


# --- 9. Bad input --------------------------------------------------------------------------


def test_an_xlsx_that_unpacks_beyond_the_limit_is_refused_before_parsing(
    client, dg, programme, settings
):
    settings.IMPORT_XLSX_MAX_UNPACKED_BYTES = 1024 * 1024
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (3 * 1024 * 1024))
    assert len(buffer.getvalue()) < 20 * 1024  # a few kilobytes on the wire
    client.force_login(dg)
    upload = SimpleUploadedFile("bombe.xlsx", buffer.getvalue())
    response = client.post(IMPORT, {"file": upload})
    assert response.status_code == 400
    content = response.content.decode().replace("\xa0", " ")
    assert "Ce classeur se décompresse en 3,0 Mio, au-delà de la limite de 1,0 Mio" in content


@pytest.mark.parametrize(
    "content",
    [
        b"PK\x03\x04broken zip",
        b"\xff\xfe" + "type\tcode\r\n".encode("utf-16-le") + b"\x00",
        b'type;code;intitule\n"never closed;x;y\n',
        b"type;code;intitule\n" + b"chantier;" + b"A" * 200_000 + b";x\n",
    ],
)
def test_hostile_files_never_answer_500_and_change_nothing(client, dg, programme, content):
    client.force_login(dg)
    name = "f.xlsx" if content.startswith(b"PK") else "f.csv"
    response = client.post(IMPORT, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code in (200, 400)
    assert not Workstream.objects.exists()
    assert not Milestone.objects.exists()


def test_a_closed_programme_takes_no_import(client, dg, programme):
    programme.state = "closed"
    programme.save(update_fields=["state"])
    client.force_login(dg)
    upload = _csv(f"{HEADER}\nchantier;CSC-07;Maison des droits;CSC;directeur;;;;;;\n")
    response = client.post(IMPORT, {"file": upload})
    assert response.status_code == 400
    assert not Workstream.objects.exists()


def _sheet_xml(rows: int, *, dimension: str | None) -> bytes:
    head = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    head += b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    if dimension:
        head += f'<dimension ref="{dimension}"/>'.encode()
    body = b"".join(
        b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n) for n in range(1, rows + 1)
    )
    return head + b"<sheetData>" + body + b"</sheetData></worksheet>"


def _bomb(rows: int, *, dimension: str | None) -> bytes:
    """A real workbook whose first sheet is replaced by `rows` one-cell rows."""
    workbook = openpyxl.Workbook()
    workbook.active.append(["type", "code", "intitule"])
    source = io.BytesIO()
    workbook.save(source)
    source.seek(0)
    target = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = _sheet_xml(rows, dimension=dimension)
            new.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return target.getvalue()


def test_a_sheet_declaring_a_million_rows_is_refused_before_openpyxl_in_french(
    client, dg, programme
):
    # The declaration is what is read: three real rows under a million declared ones.
    content = _bomb(3, dimension="A1:A1000000")
    client.force_login(dg)
    started = time.perf_counter()
    response = client.post(IMPORT, {"file": SimpleUploadedFile("bombe.xlsx", content)})
    elapsed = time.perf_counter() - started
    assert response.status_code == 400
    content = response.content.decode().replace("\xa0", " ")
    assert "Cette feuille déclare 1000000 lignes et 1 colonnes" in content
    assert elapsed < 2
    assert not Workstream.objects.exists()


def _rewritten(workbook_bytes: bytes, rewrite) -> bytes:
    """The workbook with its first sheet's XML passed through `rewrite`."""
    target = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook_bytes)) as old,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new,
    ):
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = rewrite(data)
            new.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return target.getvalue()


def _million_rows(*, dimension: bytes) -> bytes:
    """Written by openpyxl (a header and one row), then its sheet's <dimension> replaced
    by `dimension` (b"" drops it) and a million one-cell rows added: about 70 KB."""
    workbook = openpyxl.Workbook()
    workbook.active.append(["type", "code", "intitule"])
    workbook.active.append(["chantier", "CSC-07", "Maison des droits"])
    source = io.BytesIO()
    workbook.save(source)

    def rewrite(xml: bytes) -> bytes:
        xml, found = re.subn(rb"<dimension [^>]*/>", dimension, xml)
        assert found == 1  # openpyxl wrote one: the test really drops or replaces it
        return xml.replace(
            b"</sheetData>", b"<row><c><v>1</v></c></row>" * 1_000_000 + b"</sheetData>"
        )

    return _rewritten(source.getvalue(), rewrite)


@pytest.mark.parametrize(
    "dimension",
    [b"", b'<dimension ref="A1:C2"/>'],
    ids=["without-dimension", "dimension-that-lies"],
)
def test_a_million_rows_under_no_or_a_lying_dimension_are_refused_quickly_in_french(
    client, dg, programme, dimension
):
    content = _million_rows(dimension=dimension)
    assert len(content) < 200 * 1024
    client.force_login(dg)
    started = time.perf_counter()
    response = client.post(IMPORT, {"file": SimpleUploadedFile("bombe.xlsx", content)})
    elapsed = time.perf_counter() - started
    assert response.status_code == 400
    assert (
        "Une feuille de ce classeur compte plus de 6010 lignes : un import en accepte au plus "
        "5000." in response.content.decode()
    )
    assert elapsed < 2  # openpyxl alone took 15 s without a dimension (issue 15)
    assert not Workstream.objects.exists()


def test_a_row_of_half_a_million_cells_is_refused_before_openpyxl_reads_it(client, dg, programme):
    workbook = openpyxl.Workbook()
    workbook.active.append(["type", "code", "intitule"])
    source = io.BytesIO()
    workbook.save(source)
    content = _rewritten(
        source.getvalue(),
        lambda xml: re.sub(rb"<dimension [^>]*/>", b"", xml).replace(
            b"</sheetData>", b"<row>" + b"<c><v>1</v></c>" * 500_000 + b"</row></sheetData>"
        ),
    )
    client.force_login(dg)
    started = time.perf_counter()
    response = client.post(IMPORT, {"file": SimpleUploadedFile("bombe.xlsx", content)})
    elapsed = time.perf_counter() - started
    assert response.status_code == 400
    assert "Une feuille de ce classeur compte plus de 240400 cellules" in response.content.decode()
    assert elapsed < 2
    assert not Workstream.objects.exists()


def test_a_dimension_smaller_than_the_sheet_drops_no_row(programme):
    from workstreams.import_files import read_sheet

    upload = _xlsx(
        [["type", "code", "intitule"]]
        + [["chantier", f"CSC-{n:02d}", f"Chantier {n}"] for n in range(1, 31)]
    )
    content = _rewritten(
        upload.read(),
        lambda xml: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:C2"/>', xml),
    )
    sheet = read_sheet(SimpleUploadedFile("import.xlsx", content))
    assert [cells["code"] for _line, cells in sheet.rows] == [f"CSC-{n:02d}" for n in range(1, 31)]
