"""Backups: an archive of the database and the uploaded files, restored after a wipe, brings
back every row of every table (history included) and every file, byte for byte; a damaged
archive is refused and changes nothing.

Runs on SQLite (the portable format) in the first tier and on the real PostgreSQL
(pg_dump / pg_restore) in the service tier: the same tests, the engine decides the format.
"""

import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from organisation.models import User
from tests.factories import FrameworkDocumentFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

EXPECTED_FORMAT = "pg_dump-custom" if connection.vendor == "postgresql" else "jsonl"
DB_MEMBER = "database.pgdump" if connection.vendor == "postgresql" else "database.jsonl.gz"


@pytest.fixture
def media(tmp_path, settings):
    """MEDIA_ROOT on disk (the tests' default storage is in memory), backups beside it."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return root


def rows_of_every_table() -> dict[str, list[tuple]]:
    quote = connection.ops.quote_name
    snapshot = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 (introspected names)
            rows = [
                tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
                for row in cursor.fetchall()
            ]
            snapshot[table] = sorted(rows, key=repr)
    return snapshot


def files_under(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def backup(*args) -> Path:
    out = io.StringIO()
    call_command("backup", *args, stdout=out)
    return Path(out.getvalue().split(" : ", 1)[1].split(" (", 1)[0])


def restore(path: Path) -> str:
    out = io.StringIO()
    call_command("restore", str(path), "--noinput", stdout=out)
    return out.getvalue()


def wipe(media_root: Path) -> None:
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media_root)
    media_root.mkdir()


def test_a_backup_restored_after_a_wipe_brings_back_every_row_history_row_and_file(media):
    with override_settings(DEBUG=True):
        call_command("seed_demo", stdout=io.StringIO())
    # An uploaded framework document, through the storage as the page stores it, and a
    # file with every byte value in a nested folder.
    FrameworkDocumentFactory(
        title="Projet d'administration", file=SimpleUploadedFile("projet.pdf", b"%PDF-1.7\n...")
    )
    (media / "commune" / "2026").mkdir(parents=True)
    (media / "commune" / "2026" / "logo.png").write_bytes(bytes(range(256)) * 40)
    before, files_before = rows_of_every_table(), files_under(media)
    assert sum(len(rows) for rows in before.values()) > 2000
    for table in ("workstreams_historicalworkstream", "organisation_historicaluser"):
        assert before[table], f"{table} should hold history rows"

    archive = backup()
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert manifest["database"]["format"] == EXPECTED_FORMAT
    assert set(manifest["members"]) == {DB_MEMBER} | {f"media/{name}" for name in files_before}

    wipe(media)
    UserFactory(username="apres-la-sauvegarde")  # written after the backup: must go
    (media / "nouveau.txt").write_text("après la sauvegarde")
    assert rows_of_every_table() != before

    message = restore(archive)

    assert f"base {EXPECTED_FORMAT}, {len(files_before)} fichiers" in message
    after = rows_of_every_table()
    assert set(after) == set(before)
    for table in before:
        assert after[table] == before[table], f"{table} differs after the restore"
    assert files_under(media) == files_before
    # The sequences came back too: a new row takes a fresh id.
    newcomer = UserFactory(username="apres-la-restauration")
    assert newcomer.pk > max(row[0] for row in before["organisation_user"])

    if connection.vendor == "postgresql":
        # `--portable` is the way from PostgreSQL to another server or engine: exact too.
        before_portable = rows_of_every_table()
        portable = backup("--portable")
        wipe(media)
        assert "base jsonl" in restore(portable)
        after_portable = rows_of_every_table()
        for table in before_portable:
            assert after_portable[table] == before_portable[table], f"{table} (portable)"
        assert files_under(media) == files_before


def test_the_archive_lists_every_member_with_its_checksum_and_is_private(media):
    UserFactory()
    (media / "a.txt").write_text("a")
    archive = backup()
    assert archive.parent == media.parent / "backups"
    assert archive.name.startswith("cap-") and archive.suffix == ".tar"
    assert archive.stat().st_mode & 0o777 == 0o600
    assert not list(archive.parent.glob("*.partial"))
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert names[-1] == "manifest.json"
    assert manifest["members"]["media/a.txt"] == {
        "size": 1,
        "sha256": "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb",
    }
    assert ["organisation", "0001_initial"] in manifest["migrations"]


def test_keep_deletes_all_but_the_newest_archives(media, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    for stamp in ("20260101T000000Z", "20260102T000000Z", "20260103T000000Z"):
        (folder / f"cap-{stamp}.tar").write_bytes(b"old")
    (folder / "notes.txt").write_text("not an archive")
    newest = backup("--keep", "2")
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["cap-20260103T000000Z.tar", newest.name, "notes.txt"]
    )


# A damaged archive is refused with a clear message, and nothing changes ----------------


@pytest.fixture
def archive_and_state(media):
    """An archive, then a row and a file written after it (they must survive a refusal)."""
    UserFactory(username="avant")
    (media / "doc.pdf").write_bytes(b"%PDF-1.7 original")
    archive = backup()
    UserFactory(username="apres")
    (media / "doc.pdf").write_bytes(b"%PDF-1.7 edited after the backup")
    return archive, rows_of_every_table(), files_under(media)


def assert_refused(archive: Path, fragment: str, state, media: Path) -> None:
    _archive, rows, files = state
    with pytest.raises(CommandError, match=fragment):
        restore(archive)
    assert rows_of_every_table() == rows
    assert files_under(media) == files
    assert User.objects.filter(username="apres").exists()


def rewrite(archive: Path, target: Path, change) -> Path:
    """Copy `archive` to `target`, passing each (TarInfo, bytes) through `change`."""
    with tarfile.open(archive) as source, tarfile.open(target, "w") as out:
        for info in source.getmembers():
            data = source.extractfile(info).read()
            for new_info, new_data in change(info, data):
                new_info.size = len(new_data)
                out.addfile(new_info, io.BytesIO(new_data))
    return target


def test_an_archive_with_one_flipped_byte_in_a_file_is_refused(archive_and_state, media):
    archive = archive_and_state[0]
    with tarfile.open(archive) as tar:
        offset = tar.getmember("media/doc.pdf").offset_data
    data = bytearray(archive.read_bytes())
    data[offset + 3] ^= 0x01
    archive.write_bytes(bytes(data))
    assert_refused(archive, r"media/doc\.pdf est corrompu", archive_and_state, media)


def test_an_archive_with_a_damaged_database_dump_is_refused(archive_and_state, media):
    archive = archive_and_state[0]
    with tarfile.open(archive) as tar:
        offset = tar.getmember(DB_MEMBER).offset_data
    data = bytearray(archive.read_bytes())
    data[offset + 40] ^= 0xFF
    archive.write_bytes(bytes(data))
    assert_refused(archive, "somme de contrôle différente", archive_and_state, media)


def test_a_truncated_archive_is_refused(archive_and_state, media):
    archive = archive_and_state[0]
    archive.write_bytes(archive.read_bytes()[:1500])
    assert_refused(archive, "pas une archive de sauvegarde Cap lisible", archive_and_state, media)


def test_a_file_that_is_not_an_archive_is_refused(archive_and_state, media, tmp_path):
    other = tmp_path / "photo.tar"
    other.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(2000))
    assert_refused(other, "pas une archive de sauvegarde Cap lisible", archive_and_state, media)


def test_an_archive_without_its_manifest_is_refused(archive_and_state, media, tmp_path):
    def drop_manifest(info, data):
        return [] if info.name == "manifest.json" else [(info, data)]

    broken = rewrite(archive_and_state[0], tmp_path / "sans-manifeste.tar", drop_manifest)
    assert_refused(broken, "n'a pas de manifeste", archive_and_state, media)


def test_an_archive_missing_a_listed_file_is_refused(archive_and_state, media, tmp_path):
    def drop_file(info, data):
        return [] if info.name == "media/doc.pdf" else [(info, data)]

    broken = rewrite(archive_and_state[0], tmp_path / "incomplete.tar", drop_file)
    assert_refused(broken, r"incomplète : il manque media/doc\.pdf", archive_and_state, media)


def test_an_archive_reaching_outside_the_media_folder_is_refused(
    archive_and_state, media, tmp_path
):
    def add_escape(info, data):
        yield info, data
        if info.name == "media/doc.pdf":
            yield tarfile.TarInfo("media/../../evil.txt"), b"owned"

    broken = rewrite(archive_and_state[0], tmp_path / "evil.tar", add_escape)
    assert_refused(broken, "élément inattendu", archive_and_state, media)
    assert not (tmp_path / "evil.txt").exists()


def test_an_archive_from_a_newer_version_of_cap_is_refused(archive_and_state, media, tmp_path):
    def future(info, data):
        if info.name == "manifest.json":
            manifest = json.loads(data)
            manifest["migrations"].append(["workstreams", "9999_from_the_future"])
            data = json.dumps(manifest).encode()
        return [(info, data)]

    newer = rewrite(archive_and_state[0], tmp_path / "newer.tar", future)
    assert_refused(newer, "version plus récente de Cap", archive_and_state, media)


@pytest.mark.skipif(connection.vendor == "postgresql", reason="about a non-PostgreSQL database")
def test_a_postgresql_archive_is_not_restored_into_sqlite(archive_and_state, media, tmp_path):
    def as_postgres(info, data):
        if info.name == "manifest.json":
            manifest = json.loads(data)
            manifest["database"]["format"] = "pg_dump-custom"
            data = json.dumps(manifest).encode()
        return [(info, data)]

    foreign = rewrite(archive_and_state[0], tmp_path / "pg.tar", as_postgres)
    assert_refused(foreign, "que dans PostgreSQL", archive_and_state, media)


def test_a_missing_archive_is_refused_by_name(archive_and_state, media, tmp_path):
    assert_refused(tmp_path / "nowhere.tar", "nowhere.tar n'existe pas", archive_and_state, media)


def test_restore_asks_for_a_yes_and_changes_nothing_without_it(
    archive_and_state, media, monkeypatch
):
    monkeypatch.setattr("builtins.input", lambda prompt: "non")
    with pytest.raises(CommandError, match="Restauration annulée"):
        call_command("restore", str(archive_and_state[0]), stdout=io.StringIO())
    assert rows_of_every_table() == archive_and_state[1]
    assert files_under(media) == archive_and_state[2]
