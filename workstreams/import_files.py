"""Reading an import file as the person sees it in their spreadsheet, and keeping it
between the dry run and the confirmation.

What French offices actually send: XLSX from Excel or LibreOffice, CSV saved by French
Excel (Windows-1252, `;`), "CSV UTF-8" (with a BOM), sometimes "Texte Unicode" (UTF-16,
tabs), often with a title row above the header and blank rows between blocks. Every row
keeps the number the spreadsheet shows (1-based, header and blank rows counted), so that
an error message leads straight to the cell.
"""

import csv
import datetime as dt
import io
import json
import posixpath
import re
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

MAX_ROWS = 5000
# The header is looked for among the first rows: enough for a title, a subtitle and a
# blank line or two, not so many that a data row is taken for a header.
HEADER_SEARCH_ROWS = 10
# An XLSX is a ZIP: a few kilobytes can unpack into gigabytes (a "zip bomb"). The members'
# declared sizes are summed before openpyxl opens anything; zipfile never yields more than
# a member's declared size, so the declaration is a real bound.
DEFAULT_XLSX_MAX_UNPACKED_BYTES = 50 * 1024 * 1024

# The columns the import reads, by the names a person may give them: the import's own
# names, the list export's headers (so that an export re-imports as it is), and a few
# obvious synonyms. Keys are folded (see `fold_header`).
HEADER_ALIASES = {
    "type": "type",
    "code": "code",
    "intitule": "intitule",
    "titre": "intitule",
    "priorite": "priorite",
    "pilote": "pilote",
    "responsable": "pilote",
    "phase": "phase",
    "axe": "axe",
    "composante": "composante",
    "composante_du_projet_d_adaptation": "composante",
    "date_debut": "date_debut",
    "date_de_debut": "date_debut",
    "debut": "date_debut",
    "echeance": "echeance",
    "echeance_visee": "echeance",
    "jalon_cle": "jalon_cle",
    "etat": "etat",
    "resume": "resume",
    "entite": "entite",
    "entite_pilote": "entite",
}
REQUIRED_HEADERS = ("code", "intitule")


def fold(value: Any) -> str:
    """Text compared the way a person reads it: no accents, ligatures spelt out, no case,
    one space between words ("Mise en Œuvre " == "mise en oeuvre")."""
    text = str(value or "")
    for ligature, letters in (("œ", "oe"), ("Œ", "OE"), ("æ", "ae"), ("Æ", "AE")):
        text = text.replace(ligature, letters)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    return " ".join(re.sub(r"[\s_’']+", " ", text).split())


def fold_header(value: Any) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold(value)).strip("_")


@dataclass
class Sheet:
    """The data rows of a file, each with the row number the spreadsheet shows."""

    rows: list[tuple[int, dict[str, Any]]]
    header_row: int
    title_rows: list[tuple[int, str]] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    has_type: bool = True
    encoding: str = ""


# The most rows the reader takes from a sheet (the data limit, plus the header search and a
# margin for blank rows, which the row count check of read_sheet then reports).
ROW_LIMIT = MAX_ROWS + HEADER_SEARCH_ROWS + 1000
# The most cells a sheet may hold: 5,000-odd rows of 40 columns (the list's export has 18).
# openpyxl takes about 35 µs a cell on a loaded VM, so this bounds a refused file's cost.
MAX_CELLS = ROW_LIMIT * 40

_DIMENSION = re.compile(
    rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?\""
)
_MAX_COLUMNS = 200


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _check_declared_dimension(uploaded) -> None:
    """Refuse, before openpyxl, a first sheet that declares more rows or columns than an
    import can hold (`<dimension ref="A1:B1000000"/>`, written by Excel and LibreOffice at
    the top of the sheet): a 140 KB file of a million rows is refused in milliseconds."""
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            sheets = sorted(
                name
                for name in archive.namelist()
                if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", name)
            )
            if not sheets:
                return
            first = min(sheets, key=lambda name: int(re.sub(r"\D", "", name)))
            with archive.open(first) as sheet:
                head = sheet.read(4096)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        raise ValidationError(_("Le classeur XLSX est illisible.")) from None
    match = _DIMENSION.search(head)
    if not match:
        return  # no declaration: the row count is bounded while reading
    last_column, last_row = match.group(3) or match.group(1), match.group(4) or match.group(2)
    rows = int(last_row) if last_row else 0
    columns = _column_number(last_column) if last_column else 0
    if rows > ROW_LIMIT or columns > _MAX_COLUMNS:
        raise ValidationError(
            _(
                "Cette feuille déclare %(rows)s lignes et %(columns)s colonnes : un import en "
                "accepte au plus %(max_rows)s lignes et %(max_columns)s colonnes. Enregistrez "
                "seulement les lignes à importer, ou découpez le fichier."
            )
            % {
                "rows": rows,
                "columns": columns,
                "max_rows": MAX_ROWS,
                "max_columns": _MAX_COLUMNS,
            }
        )


# A sheet's rows and cells are counted in its XML, not taken from its <dimension>: that
# element is optional and nothing checks it, and openpyxl trusts it (absent, it parses the
# whole sheet when the workbook opens; smaller than the sheet, it stops reading there).
# Counting start tags in the decompressed stream is a byte scan (no XML parser), stopped
# as soon as a limit is passed; no library offers it, and the members' declared sizes
# already bound what it reads.
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_SCAN_CHUNK = 1024 * 1024
_TAG_TAIL = 256  # longer than any start tag the scan looks for, prefix included
_RELATIONSHIP = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?Relationship\s[^>]*>")
_TYPE = re.compile(rb'\sType\s*=\s*"([^"]*)"')
_TARGET = re.compile(rb'\sTarget\s*=\s*"([^"]*)"')
_RELS = "xl/_rels/workbook.xml.rels"


def _worksheet_members(archive: zipfile.ZipFile) -> set[str]:
    """The archive's worksheets: those the workbook's relationships point to (where
    openpyxl looks), and any file under xl/worksheets/."""
    names = set(archive.namelist())
    members = {name for name in names if re.fullmatch(r"xl/worksheets/[^/]+\.xml", name)}
    if _RELS not in names:
        return members
    if archive.getinfo(_RELS).file_size > _SCAN_CHUNK:
        raise ValueError("relationships too large")
    for relationship in _RELATIONSHIP.findall(archive.read(_RELS)):
        kind, target = _TYPE.search(relationship), _TARGET.search(relationship)
        if kind and target and kind.group(1).endswith(b"/worksheet"):
            path = target.group(1).decode("utf-8", "replace")
            path = path.lstrip("/") if path.startswith("/") else posixpath.join("xl", path)
            members.add(posixpath.normpath(path))
    return members & names


def _sheet_extent(archive: zipfile.ZipFile, member: str) -> tuple[int, int]:
    """The `<row>` and `<c>` elements of one sheet, counted in its decompressed stream;
    the count stops (and is returned) once it passes ROW_LIMIT or MAX_CELLS."""
    rows = cells = 0
    carry = b""
    with archive.open(member) as stream:
        while True:
            chunk = stream.read(_SCAN_CHUNK)
            data = carry + chunk
            if chunk:
                # Keep an unfinished tag for the next chunk: from the last "<" near the end.
                cut = data.rfind(b"<", max(len(data) - _TAG_TAIL, 0))
                cut = len(data) if cut < 0 else cut
                data, carry = data[:cut], data[cut:]
            rows += len(_ROW_TAG.findall(data))
            cells += len(_CELL_TAG.findall(data))
            if not chunk or rows > ROW_LIMIT or cells > MAX_CELLS:
                return rows, cells


def _check_counted_extent(uploaded) -> None:
    """Refuse a workbook a sheet of which holds more rows or cells than an import can,
    whatever its <dimension> says (absent, or lying): counted before openpyxl opens it."""
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            extents = (_sheet_extent(archive, m) for m in sorted(_worksheet_members(archive)))
            rows, cells = next(
                ((r, c) for r, c in extents if r > ROW_LIMIT or c > MAX_CELLS), (0, 0)
            )
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError):
        raise ValidationError(_("Le classeur XLSX est illisible.")) from None
    if rows > ROW_LIMIT:
        raise ValidationError(
            _(
                "Une feuille de ce classeur compte plus de %(limit)s lignes : un import en "
                "accepte au plus %(max_rows)s. Enregistrez seulement les lignes à importer, "
                "ou découpez le fichier."
            )
            % {"limit": ROW_LIMIT, "max_rows": MAX_ROWS}
        )
    if cells > MAX_CELLS:
        raise ValidationError(
            _(
                "Une feuille de ce classeur compte plus de %(limit)s cellules : un import en "
                "accepte au plus %(max_rows)s lignes de %(columns)s colonnes. Enregistrez "
                "seulement les lignes et les colonnes à importer, ou découpez le fichier."
            )
            % {"limit": MAX_CELLS, "max_rows": MAX_ROWS, "columns": MAX_CELLS // ROW_LIMIT}
        )


def _xlsx_values(uploaded) -> list[list[Any]]:
    try:
        with zipfile.ZipFile(uploaded) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValidationError(_("Le classeur XLSX est illisible.")) from None
    limit = getattr(settings, "IMPORT_XLSX_MAX_UNPACKED_BYTES", DEFAULT_XLSX_MAX_UNPACKED_BYTES)
    if unpacked > limit:
        raise ValidationError(
            _(
                "Ce classeur se décompresse en %(size)s, au-delà de la limite de %(limit)s : "
                "enregistrez seulement la feuille à importer, ou découpez-la."
            )
            % {
                "size": filesizeformat(unpacked),
                "limit": filesizeformat(limit),
            }
        )
    _check_declared_dimension(uploaded)
    _check_counted_extent(uploaded)
    from openpyxl import load_workbook

    uploaded.seek(0)
    try:
        workbook = load_workbook(uploaded, read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            # A <dimension> smaller than the sheet would stop the reading early and drop
            # rows without a word: the rows are bounded by the count above, not by it.
            sheet.reset_dimensions()
            values = []
            # read_only yields the blank rows too, so the index is the sheet's row number.
            for row in sheet.iter_rows(values_only=True):
                values.append(list(row))
                if len(values) > ROW_LIMIT:
                    break  # the row count check below says "too long"
        finally:
            workbook.close()
    except Exception:  # noqa: BLE001 — any unreadable workbook gets the same message
        raise ValidationError(_("Le classeur XLSX est illisible.")) from None
    return values


def decode_csv(raw: bytes) -> tuple[str, str]:
    """The text and the encoding's name: UTF-8 (with or without BOM), then UTF-16 with a
    BOM (Excel's "Texte Unicode"), then Windows-1252 (what French Excel saves as "CSV")."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in raw:
        try:
            return raw.decode("utf-8-sig"), "UTF-8"
        except UnicodeDecodeError:
            pass
        try:
            # Five bytes have no character in Windows-1252: such a file is neither.
            return raw.decode("cp1252"), "Windows-1252"
        except UnicodeDecodeError:
            pass
    raise ValidationError(
        _(
            "Ce fichier CSV n'est ni en UTF-8 ni en Windows-1252 : ouvrez-le dans votre "
            "tableur et enregistrez-le au format « CSV UTF-8 » ou « Classeur Excel (.xlsx) »."
        )
    )


def sniff_delimiter(text: str) -> str:
    """`;` (French Excel), `,` or a tab: the one that splits the first lines the most."""
    lines = [line for line in text.splitlines()[: HEADER_SEARCH_ROWS + 5] if line.strip()]
    counts = {d: sum(line.count(d) for line in lines) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ";"))
    return best if counts[best] else ";"


def _csv_values(uploaded) -> tuple[list[list[Any]], str]:
    text, encoding = decode_csv(uploaded.read())
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
        # One record per spreadsheet row: a blank line is an empty record and keeps its
        # number; a quoted cell spanning lines stays in its row, as in the spreadsheet.
        values = []
        for record in reader:
            values.append(record)
            if len(values) > ROW_LIMIT:
                break
    except csv.Error:
        raise ValidationError(
            _("Le fichier CSV est mal formé (guillemets ou cellule trop longue).")
        ) from None
    return values, encoding


def _blank(row: list[Any]) -> bool:
    return all(cell is None or str(cell).strip() == "" for cell in row)


def _cell(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code typed as 12 comes back from Excel as 12.0
    return str(value if value is not None else "").strip()


def read_sheet(uploaded) -> Sheet:
    """The file's data rows. ValidationError (French) if the file cannot be read."""
    name = (uploaded.name or "").lower()
    uploaded.seek(0)
    encoding = ""
    if name.endswith(".xlsx"):
        values = _xlsx_values(uploaded)
    elif name.endswith(".csv"):
        values, encoding = _csv_values(uploaded)
    else:
        raise ValidationError(_("Seuls les fichiers CSV et XLSX sont acceptés."))
    if all(_blank(row) for row in values):
        raise ValidationError(_("Le fichier est vide."))

    header_index = None
    title_rows = []
    for index, row in enumerate(values[: HEADER_SEARCH_ROWS + 1]):
        if _blank(row):
            continue
        keys = {HEADER_ALIASES.get(fold_header(cell)) for cell in row}
        if all(required in keys for required in REQUIRED_HEADERS):
            header_index = index
            break
        title_rows.append((index + 1, " ".join(str(c).strip() for c in row if c not in (None, ""))))
    if header_index is None:
        raise ValidationError(
            _(
                "Ligne d'en-tête introuvable : aucune des %(n)s premières lignes ne nomme les "
                "colonnes code et intitule. Partez du modèle à télécharger sur cette page."
            )
            % {"n": HEADER_SEARCH_ROWS}
        )

    header, ignored = [], []
    for cell in values[header_index]:
        key = HEADER_ALIASES.get(fold_header(cell))
        if key in header:
            key = None  # the first of two columns with the same meaning wins
        header.append(key)
        if key is None and str(cell or "").strip():
            ignored.append(str(cell).strip())

    rows = []
    for index, row in enumerate(values[header_index + 1 :], start=header_index + 2):
        if _blank(row):
            continue
        cells = {
            key: _cell(row[position] if position < len(row) else None)
            for position, key in enumerate(header)
            if key
        }
        rows.append((index, cells))
    if len(rows) > MAX_ROWS:
        raise ValidationError(
            _("Le fichier dépasse %(max)s lignes : découpez-le.") % {"max": MAX_ROWS}
        )
    return Sheet(
        rows=rows,
        header_row=header_index + 1,
        title_rows=title_rows,
        ignored_columns=ignored,
        has_type="type" in header,
        encoding=encoding,
    )


# --- Keeping the file between the dry run and the confirmation ----------------------------
# The file goes to the default storage (MEDIA_ROOT on a server), not into the session: the
# session is read and decoded on every request of that person, and a file of a few
# megabytes there would weigh on every page they open. The name is a random token (never
# derived from the person or the file), a small JSON beside it says whose it is and when it
# came; only that person may use it, for IMPORT_TOKEN_SECONDS (an hour by default).
STAGING_DIR = "imports"
DEFAULT_TOKEN_SECONDS = 60 * 60
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


def _paths(token: str) -> tuple[str, str]:
    return f"{STAGING_DIR}/{token}.data", f"{STAGING_DIR}/{token}.json"


def stage_upload(*, uploaded, user) -> str:
    """Keep the file for its owner's confirmation; returns the token naming it."""
    purge_expired_uploads()
    token = secrets.token_urlsafe(32)
    data_path, meta_path = _paths(token)
    uploaded.seek(0)
    default_storage.save(data_path, ContentFile(uploaded.read()))
    meta = {"user": user.pk, "name": uploaded.name, "at": timezone.now().timestamp()}
    default_storage.save(meta_path, ContentFile(json.dumps(meta).encode()))
    return token


def _meta(token: str) -> dict | None:
    if not _TOKEN_RE.match(token or ""):
        return None
    data_path, meta_path = _paths(token)
    if not (default_storage.exists(meta_path) and default_storage.exists(data_path)):
        return None
    try:
        with default_storage.open(meta_path) as handle:
            return json.loads(handle.read())
    except (OSError, ValueError):
        return None


def staged_upload(*, token: str, user) -> ContentFile:
    """The kept file, named as it was uploaded. Http404 for an unknown or expired token,
    and for someone else's: they may not learn that it exists."""
    meta = _meta(token)
    if meta is None or meta.get("user") != user.pk or _expired(meta):
        raise Http404
    with default_storage.open(_paths(token)[0]) as handle:
        return ContentFile(handle.read(), name=meta.get("name") or "import.csv")


def discard_upload(token: str) -> None:
    if _TOKEN_RE.match(token or ""):
        for path in _paths(token):
            default_storage.delete(path)


def _expired(meta: dict) -> bool:
    lifetime = getattr(settings, "IMPORT_TOKEN_SECONDS", DEFAULT_TOKEN_SECONDS)
    return timezone.now().timestamp() - float(meta.get("at", 0)) > lifetime


def purge_expired_uploads() -> None:
    """Delete the kept files whose time is over (run at each new upload: no task needed)."""
    try:
        _dirs, files = default_storage.listdir(STAGING_DIR)
    except (FileNotFoundError, NotImplementedError):
        return
    for name in files:
        if name.endswith(".json"):
            token = name.removesuffix(".json")
            meta = _meta(token)
            if meta is None or _expired(meta):
                discard_upload(token)
