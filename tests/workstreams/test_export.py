"""The list's CSV and XLSX exports follow the same filters as the page."""

import csv
import datetime as dt
import io

import openpyxl
from django.urls import reverse

from tests import factories

EXPORT = reverse("workstreams:workstream-export")


def test_the_csv_export_keeps_the_filters_and_defuses_formulas(client, dg, director):
    factories.WorkstreamFactory(code="CSC-01", title='=HYPERLINK("x")', owner=director)
    other = factories.WorkstreamFactory(code="RES-01", title="Budget")
    factories.StatusUpdateFactory(workstream=other, weather="off_track", date=dt.date(2021, 6, 1))
    client.force_login(dg)
    response = client.get(f"{EXPORT}?format=csv&q=CSC")
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Code", "Intitulé", "Priorité"]
    assert len(rows) == 2
    assert rows[1][:2] == ["CSC-01", '\'=HYPERLINK("x")']
    assert "RES-01" not in text


def test_the_xlsx_export_opens_with_one_row_per_workstream(client, dg):
    w = factories.WorkstreamFactory(code="RES-01", title="Budget")
    factories.StatusUpdateFactory(workstream=w, weather="off_track", progress=60)
    client.force_login(dg)
    response = client.get(f"{EXPORT}?format=xlsx&weather=off_track")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "Code"
    assert rows[1][:2] == ("RES-01", "Budget")
    assert rows[1][5] == 60


def test_elected_officials_cannot_export_the_internal_list(client, elected):
    client.force_login(elected)
    assert client.get(f"{EXPORT}?format=csv").status_code == 403


def test_in_xlsx_a_title_that_looks_like_a_formula_is_kept_as_plain_text(client, dg):
    # XLSX cells carry their type: text typed as text is never evaluated, so nothing is
    # prefixed (unlike CSV, where the spreadsheet guesses).
    titles = {
        "RES-01": '=HYPERLINK("x")',
        "RES-02": "-20 % de délais",
        "RES-03": "+ de services en ligne",
        "RES-04": "@mairie sur les réseaux",
    }
    for code, title in titles.items():
        factories.WorkstreamFactory(code=code, title=title)
    client.force_login(dg)
    response = client.get(f"{EXPORT}?format=xlsx&q=RES")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = {row[0].value: row[1] for row in list(sheet.rows)[1:]}
    assert {code: cell.value for code, cell in rows.items()} == titles
    assert {cell.data_type for cell in rows.values()} == {"s"}
