"""Meetings, their attendance and their agenda."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.constraints import choices_constraint
from core.history import HistoricalRecords
from governance.models.bodies import Body
from workstreams.models import Workstream


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now=None) -> "MeetingQuerySet":
        now = now or timezone.now()
        return self.filter(starts_at__gte=now, state=Meeting.State.PLANNED).order_by("starts_at")


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("Prévue")
    HELD = "held", _("Tenue")
    CANCELLED = "cancelled", _("Annulée")


class Meeting(models.Model):
    State = MeetingState

    body = models.ForeignKey(
        Body, verbose_name=_("instance"), on_delete=models.PROTECT, related_name="meetings"
    )
    starts_at = models.DateTimeField(_("date et heure"))
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    state = models.CharField(_("état"), max_length=20, choices=State.choices, default=State.PLANNED)
    convocation_date = models.DateField(_("date de convocation"), null=True, blank=True)
    urgent = models.BooleanField(
        _("convocation en urgence"),
        default=False,
        help_text=_("Le délai de convocation d'urgence de l'instance s'applique."),
    )
    reconvenes = models.ForeignKey(
        "self",
        verbose_name=_("nouvelle réunion faute de quorum de"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reconvened_by",
        help_text=_(
            "Une séance réunie de nouveau faute de quorum siège valablement sans quorum, "
            "si elle se tient dans les 8 jours."
        ),
    )
    minutes = models.TextField(_("compte rendu"), blank=True)
    minutes_published_on = models.DateField(_("compte rendu diffusé le"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("réunion")
        verbose_name_plural = _("réunions")
        ordering = ["-starts_at"]
        constraints = [
            choices_constraint("state", MeetingState, "governance_meeting_state_valid"),
        ]
        indexes = [models.Index(fields=["state", "starts_at"], name="gov_meeting_upcoming_idx")]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.body} — {local:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting-detail", args=[self.pk])

    @property
    def day(self) -> dt.date:
        return timezone.localdate(self.starts_at)


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Présent")
    EXCUSED = "excused", _("Excusé")
    REPRESENTED = "represented", _("Représenté")
    ABSENT = "absent", _("Absent")


class Attendance(models.Model):
    Status = AttendanceStatus

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("réunion"), on_delete=models.CASCADE, related_name="attendances"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("membre"),
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    status = models.CharField(_("présence"), max_length=20, choices=Status.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        ordering = ["meeting", "user"]
        constraints = [
            choices_constraint("status", AttendanceStatus, "governance_attendance_status_valid"),
            models.UniqueConstraint(
                fields=["meeting", "user"], name="governance_attendance_once_per_meeting"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_status_display()}"


class AgendaItemKind(models.TextChoices):
    INFORMATION = "information", _("Information")
    DISCUSSION = "discussion", _("Échange")
    DECISION = "decision", _("Décision")
    CONSULTATION = "consultation", _("Consultation pour avis")


class AgendaItem(models.Model):
    Kind = AgendaItemKind

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("réunion"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    title = models.CharField(_("intitulé"), max_length=250)
    workstream = models.ForeignKey(
        Workstream,
        verbose_name=_("chantier"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    kind = models.CharField(
        _("nature"), max_length=20, choices=Kind.choices, default=Kind.INFORMATION
    )
    outcome = models.TextField(_("suite donnée"), blank=True)
    # Optimistic lock of the "suite donnée" written on the meeting page.
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("point à l'ordre du jour")
        verbose_name_plural = _("points à l'ordre du jour")
        ordering = ["meeting", "order", "pk"]
        constraints = [
            choices_constraint("kind", AgendaItemKind, "governance_agendaitem_kind_valid"),
            # Redundant with the primary key, but the target the PostgreSQL foreign key
            # (decision's agenda item, decision's meeting) → (item, item's meeting) needs.
            models.UniqueConstraint(
                fields=["id", "meeting"], name="governance_agendaitem_id_meeting_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.title
