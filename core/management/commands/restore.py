from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.backup import BackupError, restore_archive


class Command(BaseCommand):
    help = (
        "Restaure une archive écrite par `backup` : vérifie chaque élément contre le "
        "manifeste, puis remplace toute la base et les fichiers déposés (MEDIA_ROOT). "
        "Une archive abîmée est refusée sans rien modifier."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="L'archive à restaurer.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Ne pas demander de confirmation.",
        )

    def handle(self, *args, archive, interactive=True, **options):
        if interactive:
            answer = input(
                _(
                    "Toutes les données actuelles seront remplacées par celles de %(path)s. "
                    "Taper « oui » pour continuer : "
                )
                % {"path": archive}
            )
            if answer.strip().lower() != "oui":
                raise CommandError(_("Restauration annulée : rien n'a été modifié."))
        try:
            result = restore_archive(archive)
        except BackupError as error:
            raise CommandError(str(error)) from None
        manifest = result["manifest"]
        self.stdout.write(
            _("Sauvegarde du %(date)s restaurée : base %(format)s, %(files)s fichiers.")
            % {
                "date": manifest["created_at"],
                "format": manifest["database"]["format"],
                "files": result["files"],
            }
        )
        if manifest["database"]["format"] == "pg_dump-custom":
            self.stdout.write(
                _("Si cette version de Cap est plus récente que la sauvegarde : manage.py migrate.")
            )
