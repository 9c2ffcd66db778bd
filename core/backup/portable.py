"""The engine-neutral database dump: every concrete table's rows as JSON lines.

One header line per table (`{"model": label, "table": …, "columns": [...]}`) followed by
one line per row (a list, in the columns' order), read in one transaction so the rows form
a consistent snapshot. Values keep full precision (datetimes to the microsecond, decimals
as strings). The load empties every table and inserts the rows as they were, bypassing
models' save() and signals (no new history row), in one transaction.
"""

import base64
import datetime
import decimal
import gzip
import json
import uuid
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connections, models, transaction
from django.utils.duration import duration_iso_string
from django.utils.translation import gettext as _

BATCH = 1000


class PortableFormatError(Exception):
    """The dump does not fit this database's tables (a message in French)."""


def concrete_models() -> list[type[models.Model]]:
    """Every model backed by its own table: history tables and many-to-many tables included."""
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy and model._meta.managed and not model._meta.swapped
    ]
    return sorted(found, key=lambda model: model._meta.db_table)


def _encode(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return duration_iso_string(value)
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def dump(path: Path, *, using: str = "default") -> dict[str, int]:
    """Write the rows of every table to `path` (gzip); answer the row count per table."""
    counts: dict[str, int] = {}
    with gzip.open(path, "wt", encoding="utf-8") as out, transaction.atomic(using=using):
        if connections[using].vendor == "postgresql":
            # One snapshot for every table, as pg_dump takes (SQLite's read is one already).
            with connections[using].cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for model in concrete_models():
            fields = list(model._meta.concrete_fields)
            header = {
                "model": model._meta.label_lower,
                "table": model._meta.db_table,
                "columns": [field.column for field in fields],
            }
            out.write(json.dumps(header, ensure_ascii=False) + "\n")
            rows = (
                model._base_manager.using(using)
                .order_by(model._meta.pk.attname)
                .values_list(*[field.attname for field in fields])
            )
            count = 0
            for row in rows.iterator(chunk_size=2000):
                out.write(json.dumps([_encode(v) for v in row], ensure_ascii=False) + "\n")
                count += 1
            counts[model._meta.db_table] = count
    return counts


def _tables(path: Path) -> Iterator[tuple[dict, Iterator[list]]]:
    """(header, rows) per table, streaming: rows must be consumed before the next table."""
    with gzip.open(path, "rt", encoding="utf-8") as source:
        header = None
        batch: list[list] = []
        for line in source:
            item = json.loads(line)
            if isinstance(item, dict):
                if header is not None:
                    yield header, batch
                header, batch = item, []
            else:
                batch.append(item)
        if header is not None:
            yield header, batch


def load(path: Path, *, using: str = "default") -> dict[str, int]:
    """Replace every table's rows with the dump's, in one transaction; answer the counts."""
    connection = connections[using]
    by_table = {model._meta.db_table: model for model in concrete_models()}
    counts: dict[str, int] = {}
    quote = connection.ops.quote_name
    with transaction.atomic(using=using):
        # Empties every table (TRUNCATE on PostgreSQL), without recreating the content
        # types and permissions the archive brings back itself.
        call_command(
            "flush", database=using, interactive=False, inhibit_post_migrate=True, verbosity=0
        )
        for header, rows in _tables(path):
            model = by_table.get(header["table"])
            if model is None:
                raise PortableFormatError(
                    _("La sauvegarde contient la table %(table)s, inconnue de cette version.")
                    % {"table": header["table"]}
                )
            fields = list(model._meta.concrete_fields)
            if header["columns"] != [field.column for field in fields]:
                raise PortableFormatError(
                    _("Les colonnes de la table %(table)s ne sont pas celles de cette version.")
                    % {"table": header["table"]}
                )
            # Table and column names from the models, quoted; values as parameters.
            sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
                quote(model._meta.db_table),
                ", ".join(quote(field.column) for field in fields),
                ", ".join(["%s"] * len(fields)),
            )
            prepared = [
                [
                    None
                    if value is None
                    else field.get_db_prep_save(field.to_python(value), connection)
                    for field, value in zip(fields, row, strict=True)
                ]
                for row in rows
            ]
            with connection.cursor() as cursor:
                for start in range(0, len(prepared), BATCH):
                    cursor.executemany(sql, prepared[start : start + BATCH])
            counts[header["table"]] = len(prepared)
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), list(by_table.values())):
                cursor.execute(statement)
        connection.check_constraints(table_names=list(counts))
    return counts
