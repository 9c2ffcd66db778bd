"""Writing, checking and restoring a backup archive (see core/backup/__init__.py)."""

import datetime
import hashlib
import json
import os
import shutil
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from core.backup import portable, postgres

FORMAT = "cap-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
PG_MEMBER = "database.pgdump"
PORTABLE_MEMBER = "database.jsonl.gz"
MEDIA_PREFIX = "media/"
STAGING_PREFIX = ".cap-restore-"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message, in French, says why and what to do."""


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class _HashingReader:
    """Hands a file to tarfile while hashing exactly the bytes written to the archive."""

    def __init__(self, source):
        self.source = source
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        data = self.source.read(size)
        self.digest.update(data)
        return data


def _applied_migrations(using: str) -> list[list[str]]:
    recorder = MigrationRecorder(connections[using])
    if not recorder.has_table():
        return []
    return sorted([app, name] for app, name in recorder.applied_migrations())


def _media_files(root: Path) -> list[tuple[str, Path]]:
    """Every regular file under MEDIA_ROOT (symbolic links are not followed)."""
    if not root.is_dir():
        return []
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(STAGING_PREFIX))
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                found.append((path.relative_to(root).as_posix(), path))
    return found


def _add_file(tar: tarfile.TarFile, name: str, path: Path, members: dict) -> None:
    info = tarfile.TarInfo(name)
    stat = path.stat()
    info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o600
    with path.open("rb") as source:
        reader = _HashingReader(source)
        tar.addfile(info, reader)
    members[name] = {"size": info.size, "sha256": reader.digest.hexdigest()}


def create_archive(
    *, output: Path | None = None, portable_format: bool = False, using: str = "default"
) -> tuple[Path, dict]:
    """Write one archive of the database and MEDIA_ROOT; answer its path and manifest.

    `portable_format` writes the engine-neutral rows even on PostgreSQL (to move to
    another server or engine, or where no pg_dump of the server's version is at hand).
    """
    connection = connections[using]
    now = timezone.now().astimezone(datetime.UTC)
    if output is None:
        folder = Path(settings.BACKUP_DIR)
        output = folder / f"cap-{now:%Y%m%dT%H%M%S}Z.tar"
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    members: dict[str, dict] = {}
    manifest = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "created_at": now.isoformat(),
        "database": {"engine": connection.vendor},
        "migrations": _applied_migrations(using),
        "members": members,
    }
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".cap-backup-") as work:
        dump = Path(work) / "database"
        try:
            if connection.vendor == "postgresql" and not portable_format:
                postgres.dump(dump, using=using)
                member = PG_MEMBER
                manifest["database"].update(format="pg_dump-custom", member=member)
            else:
                manifest["database"]["rows"] = portable.dump(dump, using=using)
                member = PORTABLE_MEMBER
                manifest["database"].update(format="jsonl", member=member)
        except postgres.PostgresToolError as error:
            raise BackupError(str(error)) from None
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w") as tar:
                _add_file(tar, member, dump, members)
                for relative, path in _media_files(Path(settings.MEDIA_ROOT)):
                    _add_file(tar, MEDIA_PREFIX + relative, path, members)
                body = json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8")
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(body), int(now.timestamp()), 0o600
                tar.addfile(info, _BytesReader(body))
            os.replace(partial, output)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return output, manifest


class _BytesReader:
    def __init__(self, data: bytes):
        self.data, self.offset = data, 0

    def read(self, size=-1):
        end = len(self.data) if size is None or size < 0 else self.offset + size
        chunk, self.offset = self.data[self.offset : end], min(end, len(self.data))
        return chunk


def prune_archives(folder: Path, *, keep: int) -> list[Path]:
    """Delete all but the `keep` newest archives of `folder` (by their dated names)."""
    archives = sorted(folder.glob("cap-*.tar"))
    doomed = archives[:-keep] if keep > 0 else []
    for path in doomed:
        path.unlink()
    return doomed


# Restoring ------------------------------------------------------------------------------


def _safe_member_name(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        not path.is_absolute()
        and ".." not in path.parts
        and name == path.as_posix()
        and (name in {MANIFEST, PG_MEMBER, PORTABLE_MEMBER} or name.startswith(MEDIA_PREFIX))
    )


def _unreadable(path: Path) -> BackupError:
    return BackupError(
        _("%(path)s n'est pas une archive de sauvegarde Cap lisible (fichier tronqué ou abîmé).")
        % {"path": path}
    )


def _stage(archive: Path, staging: Path) -> dict:
    """Extract every member into `staging`, hashing it; answer the manifest once all match."""
    if not archive.is_file():
        raise BackupError(_("%(path)s n'existe pas.") % {"path": archive})
    seen: dict[str, dict] = {}
    manifest_bytes = None
    try:
        with tarfile.open(archive, mode="r:") as tar:
            for info in tar:
                if not info.isfile() or not _safe_member_name(info.name) or info.name in seen:
                    raise BackupError(
                        _("L'archive contient un élément inattendu (%(name)s) : elle est refusée.")
                        % {"name": info.name}
                    )
                source = tar.extractfile(info)
                if info.name == MANIFEST:
                    manifest_bytes = source.read()
                    seen[info.name] = {}
                    continue
                target = staging / info.name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest, size = hashlib.sha256(), 0
                with target.open("wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                seen[info.name] = {"size": size, "sha256": digest.hexdigest()}
    except (tarfile.TarError, EOFError):
        raise _unreadable(archive) from None
    if manifest_bytes is None:
        raise BackupError(_("L'archive n'a pas de manifeste : elle est incomplète ou étrangère."))
    try:
        manifest = json.loads(manifest_bytes)
        members = manifest["members"]
        if manifest["format"] != FORMAT:
            raise ValueError
    except (ValueError, KeyError, TypeError):
        unreadable = _("Le manifeste de l'archive est illisible : elle est refusée.")
        raise BackupError(unreadable) from None
    if manifest.get("version") != FORMAT_VERSION:
        raise BackupError(
            _("Cette archive est au format %(version)s, que cette version de Cap ne lit pas.")
            % {"version": manifest.get("version")}
        )
    del seen[MANIFEST]
    missing = sorted(set(members) - set(seen))
    if missing:
        raise BackupError(
            _("L'archive est incomplète : il manque %(names)s.") % {"names": ", ".join(missing)}
        )
    for name, found in sorted(seen.items()):
        if members.get(name) != found:
            raise BackupError(
                _("%(name)s est corrompu dans l'archive (somme de contrôle différente).")
                % {"name": name}
            )
    return manifest


def _check_migrations(manifest: dict, using: str) -> None:
    archived = {tuple(item) for item in manifest["migrations"]}
    current = {tuple(item) for item in _applied_migrations(using)}
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(archived - known)
    if unknown:
        raise BackupError(
            _(
                "Cette sauvegarde vient d'une version plus récente de Cap (migration "
                "%(migration)s inconnue) : restaurez-la avec la version qui l'a écrite."
            )
            % {"migration": ".".join(unknown[0])}
        )
    portable_format = manifest["database"]["format"] == "jsonl"
    ahead = sorted(current - archived)
    if (portable_format and current != archived) or (not portable_format and ahead):
        raise BackupError(
            _(
                "La base n'est pas au même niveau de migrations que la sauvegarde "
                "(%(count)s d'écart) : restaurez dans une base neuve migrée par la même "
                "version de Cap (manage.py migrate), puis relancez la restauration."
            )
            % {"count": len(archived ^ current)}
        )


def _replace_media(staged: Path, root: Path) -> int:
    """Make MEDIA_ROOT hold exactly the archive's files (it may be a mounted volume)."""
    root.mkdir(parents=True, exist_ok=True)
    for entry in root.iterdir():
        if entry.name.startswith(STAGING_PREFIX):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    count = 0
    if staged.is_dir():
        for entry in staged.iterdir():
            os.replace(entry, root / entry.name)
        count = sum(1 for _root, _dirs, files in os.walk(root) for _name in files)
    return count


def restore_archive(archive: Path, *, using: str = "default") -> dict:
    """Check the archive, then replace the database and MEDIA_ROOT with its content."""
    connection = connections[using]
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    # Staged inside MEDIA_ROOT: the final moves stay on one file system, even on a volume.
    with tempfile.TemporaryDirectory(dir=root, prefix=STAGING_PREFIX) as work:
        staging = Path(work)
        manifest = _stage(archive, staging)
        database = manifest["database"]
        if database["format"] == "pg_dump-custom" and connection.vendor != "postgresql":
            raise BackupError(
                _("Cette sauvegarde PostgreSQL ne peut être restaurée que dans PostgreSQL.")
            )
        _check_migrations(manifest, using)
        dump = staging / database["member"]
        try:
            if database["format"] == "pg_dump-custom":
                postgres.restore(dump, using=using)
            else:
                portable.load(dump, using=using)
        except (postgres.PostgresToolError, portable.PortableFormatError) as error:
            raise BackupError(str(error)) from None
        dump.unlink()
        files = _replace_media(staging / "media", root)
    return {"manifest": manifest, "files": files}
