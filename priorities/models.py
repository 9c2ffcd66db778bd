from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Domain(models.Model):
    """One of the five domaines d'intervention the DG chose to strengthen."""

    number = models.PositiveSmallIntegerField(_("numéro"), unique=True)
    name = models.CharField(_("nom"), max_length=200, unique=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("domaine d'intervention")
        verbose_name_plural = _("domaines d'intervention")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class MandatePriority(models.Model):
    """A political priority of the projet de mandat (e.g. Urgence sociale)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("nom"), max_length=200, unique=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("priorité du projet de mandat")
        verbose_name_plural = _("priorités du projet de mandat")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Priority(models.Model):
    """A CAP 2021 priority, tied to mandate priorities and domains."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("nom"), max_length=200, unique=True)
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
        verbose_name = _("priorité CAP 2021")
        verbose_name_plural = _("priorités CAP 2021")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(code=""), name="priorities_priority_code_not_empty"
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
