"""Constraint helpers every app's models use."""

from django.db import models
from django.db.models import Q


def choices_constraint(
    field: str, choices: type[models.TextChoices], name: str
) -> models.CheckConstraint:
    """The database keeps `field` within the values of its `TextChoices`: the values are
    read from the choices class, never written again as literals."""
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)
