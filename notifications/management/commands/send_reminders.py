import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from notifications.services import dg_digest_send, reminders_send_all


class Command(BaseCommand):
    help = (
        "Une passe de relances, idempotente : jalons à 14, 7 et 1 jour(s) et en retard, "
        "points d'avancement anciens, recrutements à l'arrêt, convocations. --digest envoie "
        "aussi la synthèse hebdomadaire de la DG."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Jour de référence AAAA-MM-JJ (par défaut aujourd'hui).")
        parser.add_argument("--digest", action="store_true", help="Envoyer aussi la synthèse DG.")

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(
                    "Date invalide : utilisez le format AAAA-MM-JJ, par exemple 2021-09-06."
                ) from None
        sent = reminders_send_all(today=today)
        if options["digest"]:
            sent.update(dg_digest_send(today=today))
        total = sum(sent.values())
        self.stdout.write(f"Relances envoyées : {total}")
        for kind, count in sorted(sent.items()):
            self.stdout.write(f"  {kind} : {count}")
