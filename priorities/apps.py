from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrioritiesConfig(AppConfig):
    name = "priorities"
    verbose_name = _("Référentiel stratégique")

    def ready(self) -> None:
        from core.files import register_reader
        from priorities.permissions import can_read_framework_file

        register_reader("framework/", can_read_framework_file)
