from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "recruitment"
    verbose_name = _("Recrutements")

    def ready(self) -> None:
        from recruitment import (
            panels,  # noqa: F401 — registers its workstream page panel
            reminders,  # noqa: F401 — registers its reminder sources
        )
