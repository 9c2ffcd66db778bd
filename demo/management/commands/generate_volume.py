import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.volume import generate_volume, volume_exists


class Command(BaseCommand):
    help = (
        "Génère des données synthétiques déterministes pour les mesures de performance. "
        "Échelle 1 : environ 100 chantiers, 500 actions, 1 000 jalons, 2 000 points "
        "d'avancement, 200 postes et recrutements, 100 réunions et 100 décisions, 32 entités "
        "et 26 personnes ; --scale N multiplie ces nombres. Même graine, même échelle, même "
        "jour : mêmes données. Peut s'exécuter après seed_demo (codes VOLnn-nnn, "
        "identifiants vol-…). Refuse de s'exécuter si des données de volume existent déjà : "
        "repartez d'une base vide (par exemple `manage.py flush`)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", type=int, default=1, help="Facteur multiplicateur (1 par défaut)."
        )
        parser.add_argument(
            "--seed", type=int, default=2021, help="Graine du générateur (2021 par défaut)."
        )

    def handle(self, *args, scale: int, seed: int, **options) -> None:
        if scale < 1:
            raise CommandError("L'échelle doit être un entier supérieur ou égal à 1.")
        if scale > 99:
            raise CommandError("L'échelle est limitée à 99 (codes VOL01-001 à VOL99-999).")
        if volume_exists():
            raise CommandError(
                "Des données de volume existent déjà dans cette base (chantiers VOL…, "
                "utilisateurs vol-…). Repartez d'une base vide pour en générer de nouvelles."
            )
        started = time.perf_counter()
        created = generate_volume(scale=scale, seed=seed)
        elapsed = time.perf_counter() - started
        for name, count in sorted(created.items()):
            self.stdout.write(f"  {name} : {count}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Volume d'échelle {scale} (graine {seed}) généré en {elapsed:.1f} s : "
                f"{created['Workstream']} chantiers, {created['Milestone']} jalons, "
                f"{created['StatusUpdate']} points d'avancement, {created['Recruitment']} "
                f"recrutements, {created['Meeting']} réunions "
                f"({sum(created.values())} lignes, historique compris)."
            )
        )
