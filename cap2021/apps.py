from django.apps import AppConfig


class CapConfig(AppConfig):
    """The project package as an app, only to connect the security log's receivers."""

    name = "cap2021"
    verbose_name = "Cap"

    def ready(self) -> None:
        from cap2021 import security  # noqa: F401 — connects the login signal receivers
