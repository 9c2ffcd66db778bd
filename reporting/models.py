from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import HistoricalRecords
from priorities.models import Programme


class EditionQuerySet(models.QuerySet):
    def shared(self) -> "EditionQuerySet":
        return self.filter(shared_with_elected=True)


class Edition(models.Model):
    """A point d'étape frozen by the DG for an occasion (a seminar, a council).

    `content` is the JSON of reporting.point_etape.build_content on the day it was frozen;
    nothing ever writes it again (reporting.services offers no way to), so the edition
    reads the same forever. Only whether the élus see it changes, by the DG."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("date du point d'étape"))
    occasion = models.CharField(_("occasion"), max_length=200)
    content = models.JSONField(_("contenu figé"), encoder=DjangoJSONEncoder, editable=False)
    shared_with_elected = models.BooleanField(_("partagée avec les élus"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("figée par"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("figée le"), default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["content"])

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("édition du point d'étape")
        verbose_name_plural = _("éditions du point d'étape")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(occasion=""), name="reporting_edition_occasion_not_empty"
            ),
        ]
        indexes = [
            models.Index(fields=["programme", "created_at"], name="reporting_edition_prog_idx")
        ]

    def __str__(self) -> str:
        return f"{self.occasion} — {self.date:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("reporting:edition-detail", args=[self.pk])
