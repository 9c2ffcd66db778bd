"""Every list's CSV and XLSX export, written one way.

A view builds its rows from the same FilterSet as the page and hands them here with its
columns. The formula guard follows what each format actually evaluates:

- CSV: a spreadsheet evaluates a cell that starts with `=`, `+`, `-`, `@`, a tab or a
  carriage return, so such a text cell gets a leading apostrophe (OWASP's advice);
- XLSX: a cell carries its type, and only a cell typed as a formula is evaluated. Text is
  written as text (including text that starts with `=`), so nothing is prefixed and a
  leading `-`, `+` or `@` shows exactly as typed.

Dates are written as dates in XLSX and as `03/07/2021` in CSV; numbers stay numbers.
"""

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import openpyxl
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """One exported column: its header and how to read its value from a row."""

    label: Any  # a lazy translation is fine: it is turned into text when written
    value: Callable[[Any], Any]


def export_format(request: HttpRequest) -> str:
    """The requested format, `csv` unless `?format=xlsx` asks otherwise."""
    requested = request.GET.get("format", "csv")
    return requested if requested in FORMATS else "csv"


def csv_cell(value: Any) -> str:
    """A CSV cell that a spreadsheet shows as text, never evaluates (CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return str(_("oui") if value else _("non"))
    text = str(value)
    return f"'{text}" if text.startswith(CSV_FORMULA_PREFIXES) else text


def _xlsx_cell(sheet, value: Any):
    if isinstance(value, bool):
        return str(_("oui") if value else _("non"))
    if value is None or isinstance(value, int | float):
        return value
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, dt.date):
        return value
    cell = WriteOnlyCell(sheet, value=str(value))
    cell.data_type = "s"  # text stays text: openpyxl would type "=…" as a formula
    return cell


def export_response(
    *,
    rows: Iterable[Any],
    columns: Sequence[Column],
    fmt: str,
    filename: str,
    sheet_title: str,
) -> HttpResponse:
    """The rows as an attachment `<filename>-<today>.<fmt>` (CSV with `;` and a BOM, for
    French Excel; or XLSX)."""
    header = [str(column.label) for column in columns]
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet(str(sheet_title)[:31])
        sheet.append(header)
        for row in rows:
            sheet.append([_xlsx_cell(sheet, column.value(row)) for column in columns])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    else:
        fmt = "csv"
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # so that Excel reads the accents
        writer = csv.writer(response, delimiter=";")
        writer.writerow(header)
        for row in rows:
            writer.writerow([csv_cell(column.value(row)) for column in columns])
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.{fmt}"'
    return response
