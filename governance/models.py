from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.constraints import choices_constraint
from core.history import HistoricalRecords
from organisation.models import OrgUnit
from recruitment.models import Recruitment
from workstreams.models import Workstream


class BodyKind(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("Administrative")
    POLITICAL = "political", _("Politique")
    SOCIAL_DIALOGUE = "social_dialogue", _("Dialogue social")
    WORKING_GROUP = "working_group", _("Groupe de travail")


class Body(models.Model):
    """An instance: CODIR, weekly DG meeting, CST, Bureau municipal…"""

    Kind = BodyKind

    name = models.CharField(_("nom"), max_length=200, unique=True)
    short_name = models.CharField(_("sigle"), max_length=30, blank=True)
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("présidence"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chaired_bodies",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("membres"), blank=True, related_name="bodies"
    )
    cadence = models.CharField(_("rythme"), max_length=100, blank=True)
    convocation_days = models.PositiveSmallIntegerField(
        _("délai de convocation (jours)"),
        default=0,
        help_text=_("Par exemple 15 jours pour le Comité social territorial (8 en urgence)."),
    )
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("instance")
        verbose_name_plural = _("instances")
        ordering = ["name"]
        constraints = [
            choices_constraint("kind", BodyKind, "governance_body_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name


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
    minutes = models.TextField(_("compte rendu"), blank=True)
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


class DecisionQuerySet(models.QuerySet):
    def awaiting_follow_up(self) -> "DecisionQuerySet":
        return self.exclude(follow_up=Decision.FollowUp.DONE).filter(archived_at__isnull=True)

    def published(self) -> "DecisionQuerySet":
        return self.filter(published=True, archived_at__isnull=True)


class DecisionFollowUp(models.TextChoices):
    TODO = "todo", _("À suivre")
    IN_PROGRESS = "in_progress", _("En cours")
    DONE = "done", _("Soldée")


class DecisionKind(models.TextChoices):
    ARBITRATION = "arbitration", _("Arbitrage")
    VALIDATION = "validation", _("Validation")
    FAVOURABLE = "favourable", _("Avis favorable")
    UNFAVOURABLE = "unfavourable", _("Avis défavorable")
    POSTPONEMENT = "postponement", _("Report")


# An opinion (the CST's) is always given on something.
OPINION_KINDS = (DecisionKind.FAVOURABLE, DecisionKind.UNFAVOURABLE)
# What governance decides about a recruitment: the DG's arbitration, the CST's opinion, or
# putting it off. A job profile is validated in the recruitment app, not by a decision.
RECRUITMENT_KINDS = (DecisionKind.ARBITRATION, *OPINION_KINDS, DecisionKind.POSTPONEMENT)

AGENDA_ITEM_OF_ANOTHER_MEETING = _(
    "Ce point à l'ordre du jour appartient à une autre réunion : choisissez un point de "
    "cette réunion."
)


class Decision(models.Model):
    """An arbitrage, a validation, an opinion or a postponement.

    Its subjects are checked by the database: an agenda item comes with its meeting, an
    opinion names a workstream, a recruitment or an org unit, and a recruitment is only the
    subject of the kinds in `RECRUITMENT_KINDS`. That the agenda item belongs to the
    decision's meeting is checked by `clean()` (so by every service and the admin, which
    call `full_clean()`), and on PostgreSQL also by a two-column foreign key
    `governance_decision_agenda_item_in_meeting` added by migration 0003: Django cannot
    declare one, and SQLite cannot add one to an existing table.
    """

    Kind = DecisionKind

    FollowUp = DecisionFollowUp

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("réunion"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("point à l'ordre du jour"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    workstream = models.ForeignKey(
        Workstream,
        verbose_name=_("chantier"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    recruitment = models.ForeignKey(
        Recruitment,
        verbose_name=_("recrutement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("entité"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("décision"))
    # Who carries it out: told when it is assigned to them (governance.services).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsable du suivi"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    follow_up = models.CharField(
        _("suivi"), max_length=20, choices=FollowUp.choices, default=FollowUp.TODO
    )
    published = models.BooleanField(_("publiée aux élus"), default=False)
    archived_at = models.DateTimeField(_("archivée le"), null=True, blank=True)
    history = HistoricalRecords()

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")
        ordering = ["-date", "-pk"]
        constraints = [
            choices_constraint("kind", DecisionKind, "governance_decision_kind_valid"),
            choices_constraint(
                "follow_up", DecisionFollowUp, "governance_decision_follow_up_valid"
            ),
            models.CheckConstraint(
                condition=Q(agenda_item__isnull=True) | Q(meeting__isnull=False),
                name="governance_decision_agenda_item_has_meeting",
                violation_error_message=_(
                    "Une décision prise sur un point à l'ordre du jour indique aussi sa réunion."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=OPINION_KINDS)
                | Q(workstream__isnull=False)
                | Q(recruitment__isnull=False)
                | Q(org_unit__isnull=False),
                name="governance_decision_opinion_has_subject",
                violation_error_message=_(
                    "Un avis porte sur un chantier, un recrutement ou une entité : indiquez lequel."
                ),
            ),
            models.CheckConstraint(
                condition=Q(recruitment__isnull=True) | Q(kind__in=RECRUITMENT_KINDS),
                name="governance_decision_recruitment_kind",
                violation_error_message=_(
                    "Une décision sur un recrutement est un arbitrage, un avis ou un report ; "
                    "la fiche de poste se valide dans le recrutement lui-même."
                ),
            ),
        ]
        indexes = [models.Index(fields=["follow_up", "date"], name="gov_decision_follow_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.date:%d/%m/%Y}"

    def clean(self) -> None:
        super().clean()
        if (
            self.agenda_item_id is not None
            and self.meeting_id is not None
            and self.agenda_item.meeting_id != self.meeting_id
        ):
            raise ValidationError({"agenda_item": AGENDA_ITEM_OF_ANOTHER_MEETING})
