from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.backup import BackupError, create_archive, prune_archives


class Command(BaseCommand):
    help = (
        "Écrit une archive de sauvegarde : la base de données (pg_dump sur PostgreSQL, "
        "format portable sinon) et les fichiers déposés (MEDIA_ROOT), avec un manifeste de "
        "sommes de contrôle, dans BACKUP_DIR ou à l'emplacement --output."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="Chemin de l'archive à écrire.")
        parser.add_argument(
            "--portable",
            action="store_true",
            help="Format portable même sur PostgreSQL (pour changer de serveur ou de moteur).",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=0,
            help="Après l'écriture, ne garder que les N archives les plus récentes du dossier.",
        )

    def handle(self, *args, output=None, keep=0, portable=False, **options):
        if keep < 0:
            raise CommandError(_("--keep attend un nombre positif."))
        try:
            path, manifest = create_archive(output=output, portable_format=portable)
        except BackupError as error:
            raise CommandError(str(error)) from None
        members = manifest["members"]
        files = sum(1 for name in members if name.startswith("media/"))
        self.stdout.write(
            _(
                "Sauvegarde écrite : %(path)s "
                "(%(size)s octets, base %(format)s, %(files)s fichiers)."
            )
            % {
                "path": path,
                "size": path.stat().st_size,
                "format": manifest["database"]["format"],
                "files": files,
            }
        )
        if keep:
            folder = path.parent if output else Path(settings.BACKUP_DIR)
            for removed in prune_archives(folder, keep=keep):
                self.stdout.write(_("Ancienne archive supprimée : %(path)s") % {"path": removed})
