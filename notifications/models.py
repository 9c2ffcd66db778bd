from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.constraints import choices_constraint


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class ReminderRunKind(models.TextChoices):
    PASS = "pass", _("passe horaire")
    DIGEST = "digest", _("synthèse DG")


class ReminderRun(models.Model):
    """One reminder pass (or DG digest): when it ran and what it did. /healthz reports the
    last one; an operator reads the list in the admin. An append-only log, not audited."""

    Kind = ReminderRunKind

    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    day = models.DateField(_("jour de référence"))
    started_at = models.DateTimeField(_("commencée le"), default=timezone.now)
    finished_at = models.DateTimeField(_("terminée le"), null=True, blank=True)
    candidates = models.PositiveIntegerField(_("relances dues"), default=0)
    created = models.PositiveIntegerField(_("relances nouvelles"), default=0)
    errors = models.PositiveIntegerField(_("erreurs"), default=0)

    class Meta:
        verbose_name = _("passe de relances")
        verbose_name_plural = _("passes de relances")
        ordering = ["-started_at", "-pk"]
        constraints = [
            choices_constraint("kind", ReminderRunKind, name="notifications_reminderrun_kind_valid")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_at:%d/%m/%Y %H:%M}"


class Notification(models.Model):
    """The sent log of reminders. The unique dedup key makes sending idempotent.

    Delivery by email is tried by worker tasks after commit, retried with a growing delay
    (attempts, last_attempt_at, last_error) and given up after
    CAP_NOTIFICATION_MAX_ATTEMPTS (failed_at): the administrator sees those in the admin's
    "Envois en échec" filter and can send them again. Not audited with
    django-simple-history: it is itself an append-only log.
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
    due = models.DateField(_("échéance"), null=True, blank=True)
    # False when the recipient chose not to receive this kind by email (preferences).
    by_email = models.BooleanField(_("par courriel"), default=True)
    run = models.ForeignKey(
        ReminderRun,
        verbose_name=_("passe"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives d'envoi"), default=0)
    last_attempt_at = models.DateTimeField(_("dernière tentative"), null=True, blank=True)
    last_error = models.CharField(_("dernière erreur"), max_length=500, blank=True)
    failed_at = models.DateTimeField(_("abandonnée le"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notif_recipient_unread_idx"),
            # The pass reads the keys already used for its kinds and due dates in one query.
            models.Index(fields=["kind", "due"], name="notif_kind_due_idx"),
            # The sweep and /healthz look for deliveries still to make.
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True, failed_at__isnull=True),
                name="notif_pending_idx",
            ),
        ]

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
