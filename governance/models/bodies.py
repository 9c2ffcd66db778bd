"""Bodies (instances) and the colleges their members sit in."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.constraints import choices_constraint
from core.history import HistoricalRecords


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
    urgent_convocation_days = models.PositiveSmallIntegerField(
        _("délai de convocation en urgence (jours)"),
        default=0,
        help_text=_("Par exemple 8 jours pour le Comité social territorial."),
    )
    minutes_days = models.PositiveSmallIntegerField(
        _("délai d'envoi du compte rendu (jours)"),
        default=0,
        help_text=_(
            "Par exemple 15 jours pour le Comité social territorial ; 0 : pas de délai légal."
        ),
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("secrétariat"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bodies_as_secretary",
        help_text=_(
            "La personne à qui la DG délègue la tenue des réunions de cette instance : "
            "ordre du jour, convocation, présences, compte rendu et décisions."
        ),
    )
    charter = models.TextField(
        _("charte de fonctionnement"),
        blank=True,
        help_text=_("Rôle, composition, fréquence, quorum et règles de fonctionnement."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
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

    def get_absolute_url(self) -> str:
        return reverse("governance:body-detail", args=[self.pk])

    @property
    def has_colleges(self) -> bool:
        """The social-dialogue body sits in two colleges, and its quorum counts the staff's."""
        return self.kind == BodyKind.SOCIAL_DIALOGUE


class College(models.TextChoices):
    ADMINISTRATION = "administration", _("Représentants de la collectivité")
    STAFF = "staff", _("Représentants du personnel")


class MemberRole(models.TextChoices):
    TITULAR = "titular", _("Membre titulaire")
    SUBSTITUTE = "substitute", _("Membre suppléant·e")
    GUEST = "guest", _("Invité·e permanent·e")


class Membership(models.Model):
    """A member's seat in a body: their role (titular, substitute, standing guest) and,
    where the body sits in colleges (the CST), their college. `Body.members` says who is
    convened; governance.services.member_add and member_remove keep both together. A
    member without a row here (seated before issue 12) is a titular member."""

    College = College
    Role = MemberRole

    body = models.ForeignKey(
        Body, verbose_name=_("instance"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("membre"),
        on_delete=models.CASCADE,
        related_name="body_memberships",
    )
    college = models.CharField(
        _("collège"),
        max_length=20,
        choices=College.choices,
        blank=True,
        help_text=_("Pour une instance qui siège en collèges (le Comité social territorial)."),
    )
    role = models.CharField(
        _("rôle dans l'instance"),
        max_length=20,
        choices=MemberRole.choices,
        default=MemberRole.TITULAR,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("siège dans une instance")
        verbose_name_plural = _("sièges dans les instances")
        ordering = ["body", "college", "user"]
        constraints = [
            models.CheckConstraint(
                condition=Q(college__in=College.values) | Q(college=""),
                name="governance_membership_college_valid",
            ),
            choices_constraint("role", MemberRole, "governance_membership_role_valid"),
            models.UniqueConstraint(
                fields=["body", "user"], name="governance_membership_one_seat_per_body"
            ),
        ]

    def __str__(self) -> str:
        if self.college:
            return f"{self.user} — {self.get_college_display()}"
        return f"{self.user} — {self.get_role_display()}"
