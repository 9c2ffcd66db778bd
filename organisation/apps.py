from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "organisation"
    verbose_name = _("Organisation des services")

    def ready(self) -> None:
        from core.files import register_reader
        from organisation.models import Commune

        # The logo shows on the login page: public, but only the file a commune points at.
        register_reader(
            "commune/",
            lambda user, name: Commune.objects.filter(logo=name).exists(),
            public=True,
        )
