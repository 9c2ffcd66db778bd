from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils.translation import gettext_lazy as _

from core.constraints import choices_constraint
from core.history import HistoricalRecords
from organisation.models import Commune


class Mandate(models.Model):
    """A municipal mandate: its priorities and domains are shared by its programmes."""

    name = models.CharField(_("nom"), max_length=200, unique=True)
    start_date = models.DateField(_("début"))
    end_date = models.DateField(_("fin"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mandat")
        verbose_name_plural = _("mandats")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="priorities_mandate_dates_in_order",
                violation_error_message=_("La fin du mandat ne peut précéder son début."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Domain(models.Model):
    """One of the five domaines d'intervention the DG chose to strengthen."""

    mandate = models.ForeignKey(
        Mandate,
        verbose_name=_("mandat"),
        on_delete=models.PROTECT,
        related_name="domains",
    )
    number = models.PositiveSmallIntegerField(_("numéro"))
    name = models.CharField(_("nom"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("domaine d'intervention")
        verbose_name_plural = _("domaines d'intervention")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["mandate", "number"], name="priorities_domain_unique_number"
            ),
            models.UniqueConstraint(
                fields=["mandate", "name"], name="priorities_domain_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class MandatePriority(models.Model):
    """A political priority of the projet de mandat (e.g. Urgence sociale)."""

    mandate = models.ForeignKey(
        Mandate,
        verbose_name=_("mandat"),
        on_delete=models.PROTECT,
        related_name="mandate_priorities",
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("nom"), max_length=200)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("priorité du projet de mandat")
        verbose_name_plural = _("priorités du projet de mandat")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["mandate", "code"], name="priorities_mandatepriority_unique_code"
            ),
            models.UniqueConstraint(
                fields=["mandate", "name"], name="priorities_mandatepriority_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProgrammeState(models.TextChoices):
    PREPARATION = "preparation", _("En préparation")
    ACTIVE = "active", _("En cours")
    CLOSED = "closed", _("Clôturé")


class ProgrammeQuerySet(models.QuerySet):
    def active(self) -> "Programme | None":
        """The programme in progress, if any (the database keeps at most one)."""
        return self.filter(state=ProgrammeState.ACTIVE).first()

    def visible(self) -> "ProgrammeQuerySet":
        """Every programme, the active one first, then those in preparation, then the
        closed ones, the most recent first."""
        rank = Case(
            When(state=ProgrammeState.ACTIVE, then=Value(0)),
            When(state=ProgrammeState.PREPARATION, then=Value(1)),
            default=Value(2),
        )
        return self.alias(state_rank=rank).order_by("state_rank", "-start_date", "-pk")


class Programme(models.Model):
    """A transformation programme of the commune: it owns its priorities,
    components and workstreams; a closed one is read-only everywhere."""

    State = ProgrammeState

    name = models.CharField(_("nom"), max_length=200)
    short_name = models.CharField(
        _("nom court"),
        max_length=40,
        help_text=_("Le nom affiché dans les pages et les rapports, souvent un sigle."),
    )
    slug = models.SlugField(_("identifiant d'adresse"), max_length=50, unique=True)
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="programmes"
    )
    mandate = models.ForeignKey(
        Mandate, verbose_name=_("mandat"), on_delete=models.PROTECT, related_name="programmes"
    )
    start_date = models.DateField(_("début"))
    end_date = models.DateField(_("fin"), null=True, blank=True)
    state = models.CharField(
        _("état"), max_length=20, choices=State.choices, default=State.PREPARATION
    )
    description = models.TextField(_("description"), blank=True)
    is_example = models.BooleanField(
        _("exemple"),
        default=False,
        help_text=_("Programme d'exemple de la démonstration, signalé comme tel."),
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("programme précédent"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_programmes",
    )
    framework_documents = models.ManyToManyField(
        "FrameworkDocument",
        verbose_name=_("documents de cadrage"),
        blank=True,
        related_name="programmes",
    )
    history = HistoricalRecords(m2m_fields=[framework_documents])

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start_date", "-pk"]
        constraints = [
            choices_constraint("state", ProgrammeState, "priorities_programme_state_valid"),
            models.UniqueConstraint(
                fields=["state"],
                condition=Q(state=ProgrammeState.ACTIVE),
                name="priorities_programme_one_active",
                violation_error_message=_("Un seul programme peut être en cours."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="priorities_programme_dates_in_order",
                violation_error_message=_("La fin du programme ne peut précéder son début."),
            ),
            models.CheckConstraint(
                condition=~Q(slug=""), name="priorities_programme_slug_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.state == ProgrammeState.CLOSED


class Component(models.Model):
    """A component of a programme's adaptation project (e.g. Gouvernance interne)."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="components",
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("nom"), max_length=200)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("composante")
        verbose_name_plural = _("composantes")
        ordering = ["programme", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"],
                name="priorities_component_unique_code",
                violation_error_message=_("Ce code de composante existe déjà dans ce programme."),
            ),
            models.CheckConstraint(
                condition=~Q(code=""), name="priorities_component_code_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Priority(models.Model):
    """A priority of a programme, tied to mandate priorities and domains."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="priorities",
    )
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("nom"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pilote"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_priorities",
    )
    mandate_priorities = models.ManyToManyField(
        MandatePriority,
        verbose_name=_("priorités du mandat"),
        blank=True,
        related_name="priorities",
    )
    domains = models.ManyToManyField(
        Domain, verbose_name=_("domaines"), blank=True, related_name="priorities"
    )
    history = HistoricalRecords(m2m_fields=[mandate_priorities, domains])

    class Meta:
        verbose_name = _("priorité du programme")
        verbose_name_plural = _("priorités du programme")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(code=""), name="priorities_priority_code_not_empty"
            ),
            models.UniqueConstraint(
                fields=["programme", "code"],
                name="priorities_priority_unique_code",
                violation_error_message=_("Ce code de priorité existe déjà dans ce programme."),
            ),
            models.UniqueConstraint(
                fields=["programme", "name"],
                name="priorities_priority_unique_name",
                violation_error_message=_("Cette priorité existe déjà dans ce programme."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FrameworkDocumentKind(models.TextChoices):
    MISSION_LETTER = "mission_letter", _("Lettre de mission du Maire")
    MANDATE_PROJECT = "mandate_project", _("Projet de mandat")
    METROPOLITAN_PROJECT = "metropolitan_project", _("Projet métropolitain")
    ADMINISTRATION_PROJECT = "administration_project", _("Projet d'Administration")
    ADAPTATION_PROJECT = "adaptation_project", _("Projet d'Adaptation")
    DIRECTION_PROJECT = "direction_project", _("Projet de direction ou de service")


class FrameworkDocument(models.Model):
    """A document of the strategic frame: lettre de mission, projet de mandat…"""

    Kind = FrameworkDocumentKind

    title = models.CharField(_("titre"), max_length=200)
    kind = models.CharField(_("type"), max_length=40, choices=Kind.choices)
    date = models.DateField(_("date"), null=True, blank=True)
    summary = models.TextField(_("résumé"), blank=True)
    url = models.URLField(_("lien"), blank=True)
    file = models.FileField(_("fichier"), upload_to="framework/", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document de cadrage")
        verbose_name_plural = _("documents de cadrage")
        ordering = ["kind", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=FrameworkDocumentKind.values),
                name="priorities_frameworkdocument_kind_valid",
            ),
            models.UniqueConstraint(
                fields=["kind", "title"], name="priorities_frameworkdocument_unique_title"
            ),
        ]

    def __str__(self) -> str:
        return self.title
