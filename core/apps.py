from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared plumbing at the bottom of the stack: login throttle (django-axes), session lifetime,
    security log, upload checks, health check. It owns no business model."""

    name = "core"
    verbose_name = "Cap"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from core import (  # noqa: F401 — connect the signal receivers
            auth,
            security,
        )

        # Django's own update_last_login would write a user history row at every login.
        user_logged_in.disconnect(dispatch_uid="update_last_login")
        user_logged_in.connect(
            security.update_last_login_quietly, dispatch_uid="core.update_last_login"
        )
