from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from core.auth import register_session_annotation
        from core.health import register_check
        from notifications.queries import unread_count_expression
        from notifications.services import delivery_health

        register_session_annotation("unread_notifications", unread_count_expression)
        # /healthz says when the reminder pass last ran and what waits or failed.
        register_check(delivery_health)
