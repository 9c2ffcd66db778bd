"""The one export helper: CSV cells never evaluate, XLSX text stays text as typed."""

import csv
import datetime as dt
import io
import zipfile

import openpyxl
from django.test import RequestFactory

from core.exports import Column, csv_cell, export_format, export_response

COLUMNS = [Column("Texte", lambda r: r[0]), Column("Date", lambda r: r[1])]
ROWS = [
    ('=HYPERLINK("http://x")', dt.date(2021, 7, 3)),
    ("-3 agents", None),
    ("+ de moyens", None),
    ("@DG", None),
]


def test_csv_cells_that_a_spreadsheet_would_evaluate_get_an_apostrophe():
    assert csv_cell("=1+1") == "'=1+1"
    assert csv_cell("-3 agents") == "'-3 agents"
    assert csv_cell("\tx") == "'\tx"
    assert csv_cell("Budget 2021") == "Budget 2021"
    assert csv_cell(dt.date(2021, 7, 3)) == "03/07/2021"
    assert csv_cell(None) == ""


def test_the_csv_export_is_semicolon_separated_with_a_bom_and_french_dates():
    response = export_response(
        rows=ROWS, columns=COLUMNS, fmt="csv", filename="essai", sheet_title="Essai"
    )
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Texte", "Date"]
    assert rows[1] == ['\'=HYPERLINK("http://x")', "03/07/2021"]
    assert rows[2][0] == "'-3 agents"
    assert 'filename="essai-' in response["Content-Disposition"]


def test_xlsx_text_is_typed_as_text_and_shows_exactly_as_typed():
    response = export_response(
        rows=ROWS, columns=COLUMNS, fmt="xlsx", filename="essai", sheet_title="Essai"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[1][0] == '=HYPERLINK("http://x")'
    assert [v[0] for v in values[2:]] == ["-3 agents", "+ de moyens", "@DG"]
    assert values[1][1].date() == dt.date(2021, 7, 3)
    # No formula anywhere in the workbook's XML: nothing would be evaluated on opening.
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml


def test_an_unknown_format_falls_back_to_csv():
    request = RequestFactory().get("/x", {"format": "pdf"})
    assert export_format(request) == "csv"
    assert export_format(RequestFactory().get("/x", {"format": "xlsx"})) == "xlsx"
