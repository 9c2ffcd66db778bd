from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Pilotage")

    def ready(self):
        from simple_history.signals import post_create_historical_record

        from reporting.fragments import bump_generation

        post_create_historical_record.connect(bump_generation, dispatch_uid="reporting-generation")
