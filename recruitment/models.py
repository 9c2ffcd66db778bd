from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.constraints import choices_constraint
from core.history import HistoricalRecords
from organisation.models import OrgUnit
from workstreams.models import Workstream


class LegalReference(models.Model):
    """A legal reference kept as data, so an administrator can correct it when codes move."""

    key = models.SlugField(_("clé"), max_length=60, unique=True)
    label = models.CharField(_("objet"), max_length=250)
    code = models.CharField(_("code"), max_length=100, help_text=_("Par exemple CGFP, CGCT."))
    article = models.CharField(_("article"), max_length=50)
    former_text = models.CharField(_("ancien texte"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("référence juridique")
        verbose_name_plural = _("références juridiques")
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.code} {self.article}"


class PositionBudgetState(models.TextChoices):
    PENDING = "pending", _("À arbitrer")
    AGREED = "agreed", _("Accord budgétaire")
    REFUSED = "refused", _("Refusé")


class PositionFiliere(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("Administrative")
    TECHNICAL = "technical", _("Technique")
    CULTURAL = "cultural", _("Culturelle")
    SPORTS = "sports", _("Sportive")
    SOCIAL = "social", _("Médico-sociale et sociale")
    ANIMATION = "animation", _("Animation")
    MUNICIPAL_POLICE = "municipal_police", _("Police municipale")
    FIREFIGHTERS = "firefighters", _("Sapeurs-pompiers")


class PositionCategory(models.TextChoices):
    A = "A", _("Catégorie A")
    B = "B", _("Catégorie B")
    C = "C", _("Catégorie C")


class PositionNature(models.TextChoices):
    CREATION = "creation", _("Création de poste")
    REPLACEMENT = "replacement", _("Remplacement")
    TRANSFORMATION = "transformation", _("Transformation de poste")
    DELETION = "deletion", _("Suppression de poste")


class Position(models.Model):
    """A poste: created or replaced, in an org unit, often needed by a workstream."""

    Nature = PositionNature

    Category = PositionCategory

    Filiere = PositionFiliere

    BudgetState = PositionBudgetState

    title = models.CharField(_("intitulé du poste"), max_length=250)
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("entité"), on_delete=models.PROTECT, related_name="positions"
    )
    workstream = models.ForeignKey(
        Workstream,
        verbose_name=_("chantier"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="positions",
    )
    nature = models.CharField(_("nature"), max_length=20, choices=Nature.choices)
    reason = models.TextField(_("motif"), blank=True)
    category = models.CharField(_("catégorie"), max_length=1, choices=Category.choices)
    filiere = models.CharField(_("filière"), max_length=30, choices=Filiere.choices)
    cadre_emplois = models.CharField(_("cadre d'emplois"), max_length=200, blank=True)
    grades = models.CharField(_("grade(s)"), max_length=250, blank=True)
    fte = models.DecimalField(
        _("quotité (ETP)"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.10")), MaxValueValidator(Decimal("1.00"))],
    )
    is_senior = models.BooleanField(
        _("emploi de direction ou d'encadrement supérieur"), default=False
    )
    budget_state = models.CharField(
        _("arbitrage budgétaire"),
        max_length=20,
        choices=BudgetState.choices,
        default=BudgetState.PENDING,
    )
    vacant_post_exists = models.BooleanField(_("un poste vacant existe déjà"), default=False)
    deliberation_ref = models.CharField(
        _("référence de la délibération"), max_length=100, blank=True
    )
    contract_allowed = models.BooleanField(_("ouvert aux contractuels"), default=False)
    contract_legal_basis = models.ForeignKey(
        LegalReference,
        verbose_name=_("fondement du recrutement contractuel"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    pay_level = models.CharField(_("niveau de rémunération"), max_length=200, blank=True)
    yearly_cost = models.DecimalField(
        _("coût annuel chargé (€)"),
        max_digits=9,
        decimal_places=0,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    transformed_from = models.CharField(
        _("poste transformé (ancien intitulé, grade)"), max_length=250, blank=True
    )
    is_filled = models.BooleanField(_("pourvu"), default=False)
    suppressed_on = models.DateField(_("supprimé du tableau des emplois le"), null=True, blank=True)
    # Written by governance through recruitment's services (an opinion about the post).
    cst_opinion_on = models.DateField(_("avis du CST rendu le"), null=True, blank=True)
    cst_opinion_ref = models.CharField(_("référence de l'avis du CST"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("poste")
        verbose_name_plural = _("postes")
        ordering = ["title"]
        constraints = [
            choices_constraint("nature", PositionNature, "recruitment_position_nature_valid"),
            choices_constraint("category", PositionCategory, "recruitment_position_category_valid"),
            models.CheckConstraint(
                condition=Q(fte__gt=0) & Q(fte__lte=1),
                name="recruitment_position_fte_range",
                violation_error_message=_("La quotité est comprise entre 0,1 et 1 ETP."),
            ),
            models.CheckConstraint(
                condition=Q(yearly_cost__gte=0),
                name="recruitment_position_cost_positive",
                violation_error_message=_("Le coût annuel ne peut être négatif."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("recruitment:position-detail", args=[self.pk])


class JobProfileState(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    IN_REVIEW = "in_review", _("En relecture")
    VALIDATED = "validated", _("Validée")


class JobProfile(models.Model):
    """A fiche de poste; its successive versions are kept by the history."""

    State = JobProfileState

    position = models.OneToOneField(
        Position, verbose_name=_("poste"), on_delete=models.CASCADE, related_name="job_profile"
    )
    missions = models.TextField(_("missions"), blank=True)
    skills = models.TextField(_("compétences"), blank=True)
    profile = models.TextField(_("profil recherché"), blank=True)
    working_time = models.CharField(_("temps de travail"), max_length=200, blank=True)
    place_in_organisation = models.CharField(
        _("positionnement dans l'organisation"), max_length=250, blank=True
    )
    state = models.CharField(_("état"), max_length=20, choices=State.choices, default=State.DRAFT)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("validée par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    validated_on = models.DateField(_("validée le"), null=True, blank=True)
    # The two sign-offs DOMAIN.md asks for: the director of the post's direction, the DG.
    director_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("visée par le directeur"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    director_signed_on = models.DateField(_("visée par le directeur le"), null=True, blank=True)
    dg_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("visée par la DG"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    dg_signed_on = models.DateField(_("visée par la DG le"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fiche de poste")
        verbose_name_plural = _("fiches de poste")
        ordering = ["position__title"]
        constraints = [
            choices_constraint("state", JobProfileState, "recruitment_jobprofile_state_valid"),
            models.CheckConstraint(
                condition=~Q(state=JobProfileState.VALIDATED)
                | (Q(validated_by__isnull=False) & Q(validated_on__isnull=False)),
                name="recruitment_jobprofile_validated_signed",
                violation_error_message=_("Une fiche validée porte sa validation (qui, quand)."),
            ),
        ]

    def __str__(self) -> str:
        return _("Fiche de poste — %(title)s") % {"title": self.position.title}

    def get_absolute_url(self) -> str:
        return reverse("recruitment:profile-detail", args=[self.pk])


class RecruitmentQuerySet(models.QuerySet):
    def in_progress(self) -> "RecruitmentQuerySet":
        return self.exclude(stage__in=Recruitment.FINAL_STAGES)


class RecruitmentRoute(models.TextChoices):
    UNKNOWN = "", _("Non déterminée")
    MUTATION = "mutation", _("Titulaire par mutation")
    SECONDMENT = "secondment", _("Titulaire par détachement")
    APTITUDE_LIST = "aptitude_list", _("Liste d'aptitude")
    PROMOTION = "promotion", _("Avancement de grade interne")
    CONTRACT = "contract", _("Contractuel")


class RecruitmentStage(models.TextChoices):
    NEED_IDENTIFIED = "need_identified", _("Besoin identifié")
    PROFILE_VALIDATED = "profile_validated", _("Fiche de poste validée")
    DG_ARBITRATION = "dg_arbitration", _("Arbitrage DG")
    CST_OPINION = "cst_opinion", _("Avis du CST")
    COUNCIL_DELIBERATION = "council_deliberation", _("Délibération du conseil")
    CDG_DECLARED = "cdg_declared", _("Vacance déclarée au CDG")
    OFFER_PUBLISHED = "offer_published", _("Offre publiée")
    APPLICATIONS_CLOSED = "applications_closed", _("Candidatures closes")
    INTERVIEWS = "interviews", _("Entretiens")
    CANDIDATE_CHOSEN = "candidate_chosen", _("Candidat retenu")
    ACT_SENT = "act_sent", _("Acte signé et transmis au préfet")
    ARRIVED = "arrived", _("Arrivée")
    CLOSED = "closed", _("Clôturé")
    UNSUCCESSFUL = "unsuccessful", _("Infructueux")
    ABANDONED = "abandoned", _("Abandonné")


# A recruitment in one of these stages is over; any other stage is open.
FINAL_STAGES = (RecruitmentStage.CLOSED, RecruitmentStage.UNSUCCESSFUL, RecruitmentStage.ABANDONED)


class Recruitment(models.Model):
    """A recruitment procedure, from need to arrival. No candidate personal data is kept."""

    Stage = RecruitmentStage

    Route = RecruitmentRoute

    FINAL_STAGES = FINAL_STAGES

    position = models.ForeignKey(
        Position, verbose_name=_("poste"), on_delete=models.PROTECT, related_name="recruitments"
    )
    hr_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chargé de recrutement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recruitments",
    )
    stage = models.CharField(
        _("étape"), max_length=30, choices=Stage.choices, default=Stage.NEED_IDENTIFIED
    )
    stage_changed_at = models.DateTimeField(_("étape changée le"), default=timezone.now)
    route = models.CharField(
        _("voie"), max_length=20, choices=Route.choices, blank=True, default=""
    )
    urgency_reason = models.TextField(_("motif d'urgence"), blank=True)
    # Facts the checks of DOMAIN.md need.
    arbitration_ref = models.CharField(_("référence de l'arbitrage DG"), max_length=200, blank=True)
    arbitration_on = models.DateField(_("arbitrage rendu le"), null=True, blank=True)
    cst_opinion_ref = models.CharField(_("référence de l'avis du CST"), max_length=200, blank=True)
    cst_opinion_on = models.DateField(_("avis du CST rendu le"), null=True, blank=True)
    vacancy_date = models.DateField(_("date de vacance"), null=True, blank=True)
    cdg_declaration_ref = models.CharField(
        _("référence de la déclaration au CDG"), max_length=100, blank=True
    )
    publication_date = models.DateField(_("date de publication de l'offre"), null=True, blank=True)
    application_deadline = models.DateField(_("date limite de candidature"), null=True, blank=True)
    applications_count = models.PositiveIntegerField(_("candidatures reçues"), default=0)
    interviews_count = models.PositiveIntegerField(_("entretiens menés"), default=0)
    interviewers_count = models.PositiveSmallIntegerField(_("membres du jury"), default=0)
    no_civil_servant_found = models.BooleanField(
        _("constat d'absence de fonctionnaire"), default=False
    )
    candidates_informed = models.BooleanField(_("autres candidats informés"), default=False)
    planned_appointment_date = models.DateField(
        _("date de nomination prévue"), null=True, blank=True
    )
    act_sent_on = models.DateField(_("acte transmis au préfet le"), null=True, blank=True)
    notification_date = models.DateField(
        _("date de notification de la mutation"), null=True, blank=True
    )
    mutation_agreement = models.BooleanField(_("accord entre les deux autorités"), default=False)
    arrival_date = models.DateField(_("date d'arrivée"), null=True, blank=True)
    republication_of = models.ForeignKey(
        "self",
        verbose_name=_("republication de"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="republications",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    objects = RecruitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("recrutement")
        verbose_name_plural = _("recrutements")
        ordering = ["-stage_changed_at", "pk"]
        constraints = [
            choices_constraint("stage", RecruitmentStage, "recruitment_recruitment_stage_valid"),
            models.UniqueConstraint(
                fields=["position"],
                condition=~Q(stage__in=FINAL_STAGES),
                name="recruitment_recruitment_one_open_per_position",
                violation_error_message=_(
                    "Ce poste a déjà un recrutement en cours : poursuivez-le, ou clôturez-le "
                    "avant d'en ouvrir un autre."
                ),
            ),
            models.CheckConstraint(
                condition=Q(application_deadline__isnull=True)
                | Q(publication_date__isnull=True)
                | Q(application_deadline__gte=F("publication_date")),
                name="recruitment_recruitment_deadline_after_publication",
                violation_error_message=_(
                    "La date limite de candidature ne peut précéder la publication."
                ),
            ),
        ]
        indexes = [models.Index(fields=["stage"], name="rec_recruitment_stage_idx")]

    def __str__(self) -> str:
        return _("Recrutement — %(title)s") % {"title": self.position.title}

    def get_absolute_url(self) -> str:
        return reverse("recruitment:recruitment-detail", args=[self.pk])


class StageChange(models.Model):
    """Each stage change of a recruitment: who, when, and why (warnings need a reason)."""

    recruitment = models.ForeignKey(
        Recruitment,
        verbose_name=_("recrutement"),
        on_delete=models.CASCADE,
        related_name="stage_changes",
    )
    from_stage = models.CharField(_("de l'étape"), max_length=30, choices=Recruitment.Stage.choices)
    to_stage = models.CharField(_("à l'étape"), max_length=30, choices=Recruitment.Stage.choices)
    changed_at = models.DateTimeField(_("le"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("par"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("motif"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("changement d'étape")
        verbose_name_plural = _("changements d'étape")
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_stage_display()} → {self.get_to_stage_display()}"


class InterviewPanelRule(models.Model):
    """R.332-15's two-interviewer threshold as data an administrator sets: the commune's
    population, the population above which a permanent contract needs the panel, and the
    panel's size. One row; `current()` reads it (the defaults if nobody saved one)."""

    commune_population = models.PositiveIntegerField(_("population de la commune"), default=0)
    population_threshold = models.PositiveIntegerField(
        _("seuil de population (au-delà)"), default=40000
    )
    min_interviewers = models.PositiveSmallIntegerField(
        _("nombre minimal de personnes aux entretiens"),
        default=2,
        validators=[MinValueValidator(1)],
    )
    senior_posts = models.BooleanField(
        _("s'applique aux emplois de direction et d'encadrement supérieur"), default=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("règle de composition du jury")
        verbose_name_plural = _("règles de composition du jury")
        ordering = ["pk"]

    def __str__(self) -> str:
        return _("Au moins %(n)s personnes aux entretiens au-delà de %(p)s habitants") % {
            "n": self.min_interviewers,
            "p": self.population_threshold,
        }

    @classmethod
    def current(cls) -> "InterviewPanelRule":
        return cls.objects.order_by("pk").first() or cls(
            commune_population=settings.CAP_COMMUNE_POPULATION
        )
