"""Decisions and their follow-up actions."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.constraints import choices_constraint
from core.history import HistoricalRecords
from governance.models.meetings import AgendaItem, Meeting
from organisation.models import OrgUnit
from recruitment.models import Position, Recruitment
from workstreams.models import Workstream


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
    WITH_ELECTED = "with_elected", _("À prendre avec les élus")


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
    position = models.ForeignKey(
        Position,
        verbose_name=_("poste"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    unanimous = models.BooleanField(
        _("avis unanime"),
        default=False,
        help_text=_(
            "Un avis défavorable unanime du Comité social territorial impose un nouvel "
            "examen, 8 à 30 jours plus tard, avant que la décision puisse être prise."
        ),
    )
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
    # Optimistic lock: every write through governance.services adds one.
    version = models.PositiveIntegerField(default=1, editable=False)
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
                | Q(org_unit__isnull=False)
                | Q(position__isnull=False),
                name="governance_decision_opinion_has_subject",
                violation_error_message=_(
                    "Un avis porte sur un chantier, un poste, un recrutement ou une entité : "
                    "indiquez lequel."
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


class FollowUpActionQuerySet(models.QuerySet):
    def late(self, today: dt.date) -> "FollowUpActionQuerySet":
        return self.filter(done_on__isnull=True, due_date__lt=today)


class FollowUpAction(models.Model):
    """What must be done for a decision to be carried out: who, by when, done or not."""

    decision = models.ForeignKey(
        Decision, verbose_name=_("décision"), on_delete=models.CASCADE, related_name="actions"
    )
    title = models.CharField(_("action"), max_length=250)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsable"),
        on_delete=models.PROTECT,
        related_name="decision_actions",
    )
    due_date = models.DateField(_("échéance"))
    done_on = models.DateField(_("faite le"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    objects = FollowUpActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action de suivi")
        verbose_name_plural = _("actions de suivi")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["done_on", "due_date"], name="gov_followup_late_idx")]

    def __str__(self) -> str:
        return self.title

    def state(self, today: dt.date) -> str:
        if self.done_on is not None:
            return "done"
        return "late" if self.due_date < today else "open"
