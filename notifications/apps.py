from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from core.auth import register_session_annotation
        from notifications.queries import unread_count_expression

        register_session_annotation("unread_notifications", unread_count_expression)
