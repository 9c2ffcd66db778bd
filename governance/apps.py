from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Gouvernance interne")

    def ready(self) -> None:
        from governance import (
            panels,  # noqa: F401 — registers its workstream page panel
            reminders,  # noqa: F401 — registers its reminder sources
        )
