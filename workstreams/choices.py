"""The workstreams app's choices and how a weather is shown: one place, read by the
models, their constraints, the forms and the badges."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Weather(models.TextChoices):
    ON_TRACK = "on_track", _("Vert — dans les temps")
    AT_RISK = "at_risk", _("Orange — à surveiller")
    OFF_TRACK = "off_track", _("Rouge — en difficulté")


# How a weather is shown everywhere (badges, charts, the PDF): an icon and a word, never
# colour alone. "none" is a workstream without a non-draft update yet. The icons are in
# common fonts (DejaVu), not only in emoji fonts.
WEATHER_DISPLAY = {
    Weather.ON_TRACK: ("☀", _("Vert")),
    Weather.AT_RISK: ("☁", _("Orange")),
    Weather.OFF_TRACK: ("☂", _("Rouge")),
    "none": ("–", _("Pas de point")),
}

# Lower is better: used to derive the trend between two updates.
WEATHER_RANK = {Weather.ON_TRACK: 0, Weather.AT_RISK: 1, Weather.OFF_TRACK: 2}


class StatusUpdateTrend(models.TextChoices):
    BETTER = "better", _("En amélioration")
    SAME = "same", _("Stable")
    WORSE = "worse", _("En dégradation")


class WorkstreamAxis(models.TextChoices):
    NONE = "", _("Non précisé")
    PRIORITISATION = "prioritisation", _("Priorisation")
    CONCRETISATION = "concretisation", _("Concrétisation")
    EXPERIMENTATION = "experimentation", _("Expérimentation")


class WorkstreamPhase(models.TextChoices):
    REFLECTION = "reflection", _("Réflexion")
    PROPOSALS = "proposals", _("Propositions")
    IMPLEMENTATION = "implementation", _("Mise en œuvre")
    EXPERIMENTATION = "experimentation", _("Expérimentation")
    OFFICIALISATION = "officialisation", _("Officialisation")
    CLOSED = "closed", _("Clôturé")


# The stored current status: pointers no form edits and no deletion blocks.


class ActionState(models.TextChoices):
    TODO = "todo", _("À faire")
    IN_PROGRESS = "in_progress", _("En cours")
    DONE = "done", _("Fait")
    ABANDONED = "abandoned", _("Abandonné")


class MilestoneState(models.TextChoices):
    PLANNED = "planned", _("Prévu")
    ACHIEVED = "achieved", _("Atteint")
    MISSED = "missed", _("Manqué")
    POSTPONED = "postponed", _("Reporté")


class StatusUpdateState(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Soumis à la DG")
    PUBLISHED = "published", _("Publié")
