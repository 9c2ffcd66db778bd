from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkstreamsConfig(AppConfig):
    name = "workstreams"
    verbose_name = _("Chantiers")

    def ready(self) -> None:
        from workstreams import (
            programme_hooks,  # noqa: F401 — its part of the programme pages
            reminders,  # noqa: F401 — registers its reminder sources
            services,  # noqa: F401 — registers the programmes' carry-over
        )
