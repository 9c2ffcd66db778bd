from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.seed import load_demo
from priorities.models import Programme


class Command(BaseCommand):
    help = (
        "Charge le programme CAP 2021 (point d'étape du 3 juillet 2021), raconté à ses dates "
        "par les services, puis le programme d'exemple du mandat 2026-2032 daté par rapport "
        "à aujourd'hui, et les comptes de démonstration dg, directeur, elu, rh et admin (mot "
        "de passe cap2021-demo). Idempotent : une base qui contient déjà la démonstration "
        "est laissée telle quelle. Refuse de s'exécuter quand DEBUG est désactivé, sauf "
        "avec --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Charger la démonstration même quand DEBUG est désactivé.",
        )

    def handle(self, *args, force: bool = False, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG est désactivé : cette base ressemble à une base de production. Les "
                "comptes de démonstration ont un mot de passe public. Relancez avec --force "
                "si vous voulez vraiment charger la démonstration ici."
            )
        created = load_demo()
        if not created:
            self.stdout.write("Démonstration déjà chargée : aucune modification.")
            return
        running = Programme.objects.active()
        if running is not None and not running.is_example:
            self.stdout.write(
                self.style.WARNING(
                    f"Le programme « {running.name} » était déjà en cours : il le reste, et "
                    "le programme d'exemple est chargé en préparation."
                )
            )
        self.stdout.write(
            self.style.SUCCESS(
                "Démonstration chargée (CAP 2021 clôturé, programme d'exemple) : "
                f"{created['Workstream']} chantiers, "
                f"{created['Milestone']} jalons, {created['Action']} actions, "
                f"{created['StatusUpdate']} points d'avancement, {created['Meeting']} "
                f"réunions, {created['Decision']} décisions, {created['Recruitment']} "
                f"recrutements, {created['OrgUnit']} entités, {created['User']} utilisateurs "
                f"({sum(created.values())} lignes créées)."
            )
        )
