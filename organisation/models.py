import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.history import HistoricalRecords


class OrgUnitQuerySet(models.QuerySet):
    def target(self) -> "OrgUnitQuerySet":
        """The organisation cible: every unit that is not dissolved, planned ones included."""
        return self.exclude(state=OrgUnit.State.DISSOLVED)

    def current(self) -> "OrgUnitQuerySet":
        """The organisation as it stands today: existing units, not the planned ones."""
        return self.exclude(state__in=[OrgUnit.State.DISSOLVED, OrgUnit.State.PLANNED])


class OrgUnitState(models.TextChoices):
    CURRENT = "current", _("Existante")
    PLANNED = "planned", _("Prévue")
    EXPERIMENTAL = "experimental", _("Expérimentale")
    OFFICIAL = "official", _("Officialisée")
    DISSOLVED = "dissolved", _("Dissoute")


class OrgUnitKind(models.TextChoices):
    POLE = "pole", _("Pôle")
    DIRECTION = "direction", _("Direction")
    SERVICE = "service", _("Service")
    UNIT = "unit", _("Unité")
    CELL = "cell", _("Cellule")
    MISSION = "mission", _("Mission")


class OrgUnit(models.Model):
    Kind = OrgUnitKind

    State = OrgUnitState

    name = models.CharField(_("nom"), max_length=200)
    acronym = models.CharField(_("sigle"), max_length=30, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("entité de rattachement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    head = models.ForeignKey(
        "organisation.User",
        verbose_name=_("responsable"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_units",
    )
    state = models.CharField(_("état"), max_length=20, choices=State.choices, default=State.CURRENT)
    valid_from = models.DateField(_("valable du"), null=True, blank=True)
    valid_to = models.DateField(_("valable jusqu'au"), null=True, blank=True)
    # Written by governance through org_unit_record_cst_opinion (a new unit goes before the CST).
    cst_opinion_on = models.DateField(_("avis du CST rendu le"), null=True, blank=True)
    history = HistoricalRecords()

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("entité")
        verbose_name_plural = _("entités")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OrgUnitKind.values),
                name="organisation_orgunit_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(state__in=OrgUnitState.values),
                name="organisation_orgunit_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="organisation_orgunit_dates_in_order",
                violation_error_message=_(
                    "La date de fin de validité doit suivre la date de début."
                ),
            ),
            # The database refuses the one-unit loop; longer cycles (A → B → A) need a walk
            # up the parents, done by organisation.services.org_unit_check_parent.
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")),
                name="organisation_orgunit_not_own_parent",
                violation_error_message=_("Une entité ne peut pas être rattachée à elle-même."),
            ),
        ]
        indexes = [models.Index(fields=["state"], name="org_orgunit_state_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class CommuneManager(models.Manager):
    def current(self) -> "Commune":
        """The commune's row, or an unsaved default until an administrator sets one."""
        return self.first() or Commune(name=_("Commune"))


class Commune(models.Model):
    """The town hall using Cap: its name and logo are data an administrator sets, shared by
    every programme. One row at most."""

    name = models.CharField(_("nom"), max_length=200)
    logo = models.FileField(_("logo"), upload_to="commune/", blank=True)
    # Always True and unique: the database keeps a single row.
    singleton = models.BooleanField(default=True, editable=False)
    history = HistoricalRecords()

    objects = CommuneManager()

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("commune")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["singleton"],
                name="organisation_commune_singleton",
                violation_error_message=_("La commune est déjà renseignée : modifiez-la."),
            ),
            models.CheckConstraint(
                condition=Q(singleton=True), name="organisation_commune_singleton_true"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    DG = "dg", _("Direction générale")
    DIRECTOR = "director", _("Directeur ou directrice")
    ELECTED = "elected", _("Élu ou élue")
    HR = "hr", _("Ressources humaines")


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class User(AbstractUser):
    """A person who uses Cap. Their role decides what they may open (DESIGN.md §1)."""

    Role = Role

    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices, default=Role.DIRECTOR)
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("entité"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    job_title = models.CharField(_("fonction"), max_length=200, blank=True)
    delegation = models.CharField(
        _("délégation"),
        max_length=200,
        blank=True,
        help_text=_(
            "Pour les élus : la délégation reçue du maire, par exemple « Adjointe à la "
            "citoyenneté »."
        ),
    )
    calendar_token = models.CharField(
        _("jeton du calendrier"), max_length=64, unique=True, default=new_calendar_token
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login", "calendar_token"])

    objects = UserManager()

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=Role.values),
                name="organisation_user_role_valid",
            ),
        ]
        indexes = [models.Index(fields=["role"], name="org_user_role_idx")]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_dg(self) -> bool:
        return self.is_active and (self.role == Role.DG or self.is_superuser)

    @property
    def is_director(self) -> bool:
        return self.is_active and self.role == Role.DIRECTOR

    @property
    def is_elected(self) -> bool:
        return self.is_active and self.role == Role.ELECTED and not self.is_superuser

    @property
    def is_hr(self) -> bool:
        return self.is_active and self.role == Role.HR
