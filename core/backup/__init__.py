"""Backups: the database and the uploaded files in one archive, with a manifest of checksums.

An archive is a plain POSIX tar (its members are compressed already), written beside its
final name and renamed once complete, readable only by its owner:

    database.pgdump      PostgreSQL: pg_dump's custom format, restored by pg_restore
    database.jsonl.gz    any other engine (SQLite): every table's rows, history included,
                         as JSON lines at full precision (core.backup.portable)
    media/<path>         every file under MEDIA_ROOT
    manifest.json        last: the format, the date, the engine, the migrations applied,
                         and the size and SHA-256 of every other member

Why two database formats: on PostgreSQL, pg_dump takes a consistent snapshot inside the
server while Cap keeps running and restores schema, sequences, constraints and indexes in
one transaction, with the tool any DBA knows. Elsewhere (SQLite, `make run` or a small
installation), the rows are written through Django in an engine-neutral form, so an
archive made on SQLite restores into PostgreSQL (same version of Cap) when the commune
moves to the compose deployment; Django's own dumpdata would round datetimes to the
millisecond, so the rows would not come back identical.

`restore_archive` checks every member against the manifest before it changes anything; a
corrupt, truncated or foreign archive is refused with a French message, nothing changed.
"""

from core.backup.archive import BackupError, create_archive, prune_archives, restore_archive

__all__ = ["BackupError", "create_archive", "prune_archives", "restore_archive"]
