from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """The sent log of reminders. The unique dedup key makes sending idempotent.

    Not audited with django-simple-history: it is itself an append-only log.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("destinataire"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("type"), max_length=50)
    subject = models.CharField(_("objet"), max_length=250)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("lien"), max_length=500, blank=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    about = GenericForeignKey("content_type", "object_id")
    dedup_key = models.CharField(_("clé d'unicité"), max_length=250, unique=True)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    read_at = models.DateTimeField(_("lue le"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notif_recipient_unread_idx")]

    def __str__(self) -> str:
        return self.subject


class NotificationPreference(models.Model):
    """A person's choice for one kind of notification; no row means both on (the default).

    `in_app` off: the notification is still logged, already marked read (no badge);
    `by_email` off: it is not emailed. Both off: nothing is recorded.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("destinataire"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("type"), max_length=50)
    in_app = models.BooleanField(_("dans Cap"), default=True)
    by_email = models.BooleanField(_("par courriel"), default=True)

    class Meta:
        verbose_name = _("préférence de notification")
        verbose_name_plural = _("préférences de notification")
        ordering = ["recipient", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind"], name="notifications_preference_unique_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient} — {self.kind}"
