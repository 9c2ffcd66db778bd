from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo programme and the benchmark volume: top of the stack, may import every app."""

    name = "demo"
    verbose_name = "Démonstration"
