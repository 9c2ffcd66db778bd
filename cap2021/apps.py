from django.apps import AppConfig


class CapConfig(AppConfig):
    """The project package as an app, to connect the security log's signal receivers."""

    name = "cap2021"
    verbose_name = "Cap"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from cap2021 import security  # connects the login signal receivers

        # Django's own update_last_login would write a user history row at every login.
        user_logged_in.disconnect(dispatch_uid="update_last_login")
        user_logged_in.connect(
            security.update_last_login_quietly, dispatch_uid="cap2021.update_last_login"
        )
