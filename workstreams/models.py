from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.constraints import choices_constraint
from core.history import HistoricalRecords
from organisation.models import OrgUnit
from priorities.models import Domain, MandatePriority, Priority, Programme
from workstreams.choices import WEATHER_DISPLAY as WEATHER_DISPLAY  # re-exported
from workstreams.choices import WEATHER_RANK as WEATHER_RANK  # re-exported
from workstreams.choices import (
    ActionState,
    MilestoneState,
    StatusUpdateState,
    StatusUpdateTrend,
    Weather,
    WorkstreamAxis,
    WorkstreamPhase,
)


class WorkstreamQuerySet(models.QuerySet):
    def active(self) -> "WorkstreamQuerySet":
        return self.filter(archived_at__isnull=True)

    def with_published_status(self) -> "WorkstreamQuerySet":
        """Annotate the public summary of the stored latest published update; its weather,
        progress and date are stored on the workstream (`public_*`).

        A scalar subquery read by key for each row kept, not a join: PostgreSQL would hash
        every update of the history to join the few workstreams a page shows."""
        summary = StatusUpdate.objects.filter(pk=OuterRef("published_update_id"))
        return self.annotate(public_summary=Subquery(summary.values("public_summary")))


_DERIVED = {"on_delete": models.SET_NULL, "null": True, "blank": True, "editable": False}
_DERIVED_VALUE = {"choices": Weather.choices, "blank": True, "editable": False}
_DERIVED_DATE = {"null": True, "blank": True, "editable": False}
# Written only by workstreams.services._refresh_status, outside the history and `version`.
STORED_STATUS_FIELDS = [
    "current_update",
    "published_update",
    "current_trend",
    "current_weather",
    "current_progress",
    "last_update_on",
    "public_weather",
    "public_progress",
    "public_update_on",
    "decisions_pending",
]


class Workstream(models.Model):
    """A chantier of a programme: one action of its programme document."""

    Phase = WorkstreamPhase
    Axis = WorkstreamAxis

    code = models.CharField(
        _("code"),
        max_length=20,
        validators=[
            RegexValidator(
                r"^[A-Z0-9]{2,8}-[0-9]{2,3}$",
                _("Le code s'écrit en majuscules, un tiret et un numéro, par exemple CSC-01."),
            )
        ],
    )
    title = models.CharField(_("intitulé"), max_length=250)
    summary = models.TextField(_("résumé"), blank=True)
    # Always the priority's programme: set by the services, never edited.
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="workstreams"
    )
    priority = models.ForeignKey(
        Priority,
        verbose_name=_("priorité du programme"),
        on_delete=models.PROTECT,
        related_name="workstreams",
    )
    domains = models.ManyToManyField(
        Domain, verbose_name=_("domaines"), blank=True, related_name="workstreams"
    )
    mandate_priorities = models.ManyToManyField(
        MandatePriority,
        verbose_name=_("priorités du mandat"),
        blank=True,
        related_name="workstreams",
    )
    component = models.ForeignKey(
        "priorities.Component",
        verbose_name=_("composante du projet d'adaptation"),
        on_delete=models.PROTECT,
        related_name="workstreams",
        null=True,
        blank=True,
    )
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("suite du chantier"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_into",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pilote"),
        on_delete=models.PROTECT,
        related_name="owned_workstreams",
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("entité pilote"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workstreams",
    )
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("élu référent"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sponsored_workstreams",
    )
    affected_units = models.ManyToManyField(
        OrgUnit,
        verbose_name=_("entités créées ou modifiées"),
        blank=True,
        related_name="changing_workstreams",
    )
    changes_organisation = models.BooleanField(
        _("modifie l'organisation des services"),
        default=False,
        help_text=_(
            "Un tel chantier ne peut être officialisé qu'après l'avis du Comité social territorial."
        ),
    )
    phase = models.CharField(
        _("phase"), max_length=20, choices=Phase.choices, default=Phase.REFLECTION
    )
    axis = models.CharField(_("axe"), max_length=20, choices=Axis.choices, blank=True, default="")
    start_date = models.DateField(_("date de début"), null=True, blank=True)
    target_date = models.DateField(_("échéance visée"), null=True, blank=True)
    transversal = models.BooleanField(_("transversal"), default=False)
    weight = models.PositiveSmallIntegerField(
        _("poids"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Poids du chantier dans l'avancement de sa priorité et de ses domaines."),
    )
    # Written by governance through workstream_record_cst_opinion (never set here directly).
    cst_opinion_on = models.DateField(_("avis du CST rendu le"), null=True, blank=True)
    cst_opinion_ref = models.CharField(_("référence de l'avis du CST"), max_length=200, blank=True)
    archived_at = models.DateTimeField(_("archivé le"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)
    # The current status, stored: written only by workstreams.services._refresh_status with
    # the update that changes it; derived, so outside this model's history and `version`.
    current_update = models.ForeignKey(
        "StatusUpdate", verbose_name=_("point courant"), related_name="+", **_DERIVED
    )
    published_update = models.ForeignKey(
        "StatusUpdate", verbose_name=_("dernier point publié"), related_name="+", **_DERIVED
    )
    current_trend = models.CharField(
        _("tendance"), max_length=10, choices=StatusUpdateTrend.choices, blank=True, editable=False
    )
    # The pointed updates' weather, progress and date, kept beside the pointers so that the
    # dashboard's and the élus' roll-ups read one table.
    current_weather = models.CharField(_("météo"), max_length=20, **_DERIVED_VALUE)
    current_progress = models.PositiveSmallIntegerField(_("avancement (%)"), **_DERIVED_DATE)
    last_update_on = models.DateField(_("date du point courant"), **_DERIVED_DATE)
    public_weather = models.CharField(_("météo publiée"), max_length=20, **_DERIVED_VALUE)
    public_progress = models.PositiveSmallIntegerField(_("avancement publié (%)"), **_DERIVED_DATE)
    public_update_on = models.DateField(_("date du point publié"), **_DERIVED_DATE)
    # The current update asks the DG for a decision (its `decisions_needed` is not empty).
    decisions_pending = models.BooleanField(_("décision attendue"), default=False, editable=False)
    history = HistoricalRecords(
        m2m_fields=[domains, mandate_priorities, affected_units],
        excluded_fields=STORED_STATUS_FIELDS,
    )

    objects = WorkstreamQuerySet.as_manager()

    class Meta:
        verbose_name = _("chantier")
        verbose_name_plural = _("chantiers")
        ordering = ["code"]
        constraints = [
            choices_constraint("phase", WorkstreamPhase, "workstreams_workstream_phase_valid"),
            choices_constraint("axis", WorkstreamAxis, "workstreams_workstream_axis_valid"),
            models.UniqueConstraint(
                fields=["programme", "code"],
                name="workstreams_workstream_unique_code",
                violation_error_message=_("Ce code de chantier existe déjà dans ce programme."),
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(target_date__isnull=True)
                | Q(target_date__gte=F("start_date")),
                name="workstreams_workstream_dates_in_order",
                violation_error_message=_("L'échéance visée ne peut précéder la date de début."),
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=1) & Q(weight__lte=100),
                name="workstreams_workstream_weight_range",
                violation_error_message=_("Le poids est compris entre 1 et 100."),
            ),
            models.CheckConstraint(
                condition=~Q(code=""), name="workstreams_workstream_code_not_empty"
            ),
            models.CheckConstraint(
                condition=Q(current_trend="") | Q(current_trend__in=StatusUpdateTrend.values),
                name="workstreams_workstream_current_trend_valid",
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{field: ""}) | Q(**{f"{field}__in": Weather.values}),
                    name=f"workstreams_workstream_{field}_valid",
                )
                for field in ("current_weather", "public_weather")
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lte": 100}),
                    name=f"workstreams_workstream_{field}_range",
                )
                for field in ("current_progress", "public_progress")
            ),
        ]
        indexes = [
            models.Index(fields=["phase"], name="ws_workstream_phase_idx"),
            models.Index(fields=["archived_at", "code"], name="ws_workstream_archived_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    def get_absolute_url(self) -> str:
        """`/workstreams/<code>/`, which answers for the current, then the active, then the
        latest programme having that code; `?programme=<slug>` pins a workstream of a
        programme other than the active one. Only when the programme is already loaded
        (select_related): a link never costs a query, and the plain address still answers."""
        url = reverse("workstreams:workstream-detail", args=[self.code])
        if Workstream.programme.is_cached(self) and self.programme.state != Programme.State.ACTIVE:
            url = f"{url}?programme={self.programme.slug}"
        return url

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class Action(models.Model):
    """What has been done and what remains to do on a workstream."""

    State = ActionState

    workstream = models.ForeignKey(
        Workstream, verbose_name=_("chantier"), on_delete=models.CASCADE, related_name="actions"
    )
    title = models.CharField(_("intitulé"), max_length=250)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsable"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    due_date = models.DateField(_("échéance"), null=True, blank=True)
    state = models.CharField(_("état"), max_length=20, choices=State.choices, default=State.TODO)
    done_on = models.DateField(_("fait le"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_date", "pk"]
        constraints = [
            choices_constraint("state", ActionState, "workstreams_action_state_valid"),
        ]
        indexes = [models.Index(fields=["workstream", "state"], name="ws_action_state_idx")]

    def __str__(self) -> str:
        return self.title


class MilestoneQuerySet(models.QuerySet):
    def active(self) -> "MilestoneQuerySet":
        return self.filter(archived_at__isnull=True, workstream__archived_at__isnull=True)

    def pending(self) -> "MilestoneQuerySet":
        return self.filter(state__in=[Milestone.State.PLANNED, Milestone.State.POSTPONED])

    def overdue(self, today=None) -> "MilestoneQuerySet":
        today = today or timezone.localdate()
        return self.active().pending().filter(due_date__lt=today)

    def due_within(self, days: int, today=None) -> "MilestoneQuerySet":
        today = today or timezone.localdate()
        return (
            self.active()
            .pending()
            .filter(due_date__gte=today, due_date__lte=today + timezone.timedelta(days=days))
        )


class Milestone(models.Model):
    """A jalon: a dated commitment whose first promised date is kept to show slippage."""

    State = MilestoneState

    workstream = models.ForeignKey(
        Workstream, verbose_name=_("chantier"), on_delete=models.PROTECT, related_name="milestones"
    )
    title = models.CharField(_("intitulé"), max_length=250)
    due_date = models.DateField(_("échéance"))
    baseline_date = models.DateField(
        _("échéance initiale"), help_text=_("La première date promise, pour mesurer le glissement.")
    )
    is_key = models.BooleanField(_("jalon clé"), default=False)
    state = models.CharField(_("état"), max_length=20, choices=State.choices, default=State.PLANNED)
    achieved_on = models.DateField(_("atteint le"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsable"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
    )
    archived_at = models.DateTimeField(_("archivé le"), null=True, blank=True)
    # Why the due date last moved: required by the services with each move, so every
    # move's reason is in the milestone's history beside its dates.
    move_reason = models.TextField(_("motif du déplacement"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("jalon")
        verbose_name_plural = _("jalons")
        ordering = ["due_date", "pk"]
        constraints = [
            choices_constraint("state", MilestoneState, "workstreams_milestone_state_valid"),
            models.CheckConstraint(
                condition=~Q(state=MilestoneState.ACHIEVED) | Q(achieved_on__isnull=False),
                name="workstreams_milestone_achieved_has_date",
                violation_error_message=_("Un jalon atteint doit porter sa date d'atteinte."),
            ),
        ]
        indexes = [
            models.Index(fields=["state", "due_date"], name="ws_milestone_due_idx"),
            models.Index(fields=["workstream", "due_date"], name="ws_milestone_ws_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.due_date:%d/%m/%Y})"

    @property
    def slippage_days(self) -> int:
        """Days between the first promised date and the current one (positive = late)."""
        return (self.due_date - self.baseline_date).days

    @property
    def is_overdue(self) -> bool:
        return self.state in (self.State.PLANNED, self.State.POSTPONED) and (
            self.due_date < timezone.localdate()
        )


class StatusUpdateQuerySet(models.QuerySet):
    def published(self) -> "StatusUpdateQuerySet":
        return self.filter(state=StatusUpdate.State.PUBLISHED)

    def awaiting_publication(self) -> "StatusUpdateQuerySet":
        return self.filter(state=StatusUpdate.State.SUBMITTED)

    def current_of(self, workstream) -> "StatusUpdateQuerySet":
        """A workstream's non-draft updates, latest first: the first one is its current
        status. `workstream` is usually OuterRef("pk"), for a subquery; the partial index
        ws_update_current_idx answers it with one probe."""
        return (
            self.filter(workstream=workstream)
            .exclude(state=StatusUpdate.State.DRAFT)
            .order_by("-date", "-pk")
        )


class StatusUpdate(models.Model):
    """A point d'avancement: the director's weekly minute on a workstream."""

    Weather = Weather
    State = StatusUpdateState

    Trend = StatusUpdateTrend

    workstream = models.ForeignKey(
        Workstream,
        verbose_name=_("chantier"),
        on_delete=models.CASCADE,
        related_name="status_updates",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.PROTECT,
        related_name="status_updates",
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    weather = models.CharField(_("météo"), max_length=20, choices=Weather.choices)
    progress = models.PositiveSmallIntegerField(
        _("avancement (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    done = models.TextField(_("ce qui a été fait"), blank=True)
    next_steps = models.TextField(_("prochaines étapes"), blank=True)
    risks = models.TextField(_("risques et points d'attention"), blank=True)
    decisions_needed = models.TextField(_("décisions attendues"), blank=True)
    public_summary = models.TextField(
        _("synthèse pour les élus"),
        blank=True,
        help_text=_("Quelques lignes que les élus liront une fois le point publié."),
    )
    state = models.CharField(_("état"), max_length=20, choices=State.choices, default=State.DRAFT)
    submitted_at = models.DateTimeField(_("soumis le"), null=True, blank=True)
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("publié par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    return_comment = models.TextField(_("commentaire de renvoi"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)
    history = HistoricalRecords()

    objects = StatusUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("point d'avancement")
        verbose_name_plural = _("points d'avancement")
        ordering = ["-date", "-pk"]
        get_latest_by = ["date", "pk"]
        constraints = [
            choices_constraint("weather", Weather, "workstreams_statusupdate_weather_valid"),
            choices_constraint("state", StatusUpdateState, "workstreams_statusupdate_state_valid"),
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100),
                name="workstreams_statusupdate_progress_range",
                violation_error_message=_("L'avancement est compris entre 0 et 100 %."),
            ),
            models.CheckConstraint(
                condition=~Q(state=StatusUpdateState.PUBLISHED) | Q(published_at__isnull=False),
                name="workstreams_statusupdate_published_has_date",
            ),
            # "Nouveau point" continues the draft: a workstream has at most one.
            models.UniqueConstraint(
                fields=["workstream"],
                condition=Q(state=StatusUpdateState.DRAFT),
                name="workstreams_statusupdate_one_draft",
                violation_error_message=_(
                    "Ce chantier a déjà un brouillon de point d'avancement : reprenez-le."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["workstream", "state", "-date"], name="ws_update_latest_idx"),
            models.Index(fields=["state", "date"], name="ws_update_state_idx"),
            # "The latest non-draft update of a workstream" (current_of) in one index probe.
            models.Index(
                fields=["workstream", "-date", "-id"],
                condition=~Q(state=StatusUpdateState.DRAFT),
                name="ws_update_current_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.workstream.code} — {self.date:%d/%m/%Y}"
