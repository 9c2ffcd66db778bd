"""Filters on people and org units that every list shares (workstreams, timeline,
recruitments).

A commune has a few dozen directions and a few hundred services, units and people; a
select listing them all is slow to render and slow to use. The lists therefore offer:

- `DirectionFilter`: a select of the pôles and directions only; choosing one keeps what
  belongs to it or to a unit below it (three levels: pôle → direction → service → unité).
  Any unit's id is still accepted in the URL (a link to one service keeps working).
- `PersonFilter`: a search box for a person's name (first name, last name or username,
  every word must match); a number is taken as the person's id, for links.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import filters

from organisation.models import OrgUnit

LEVELS_BELOW = 3


def direction_choices() -> list[tuple[int, str]]:
    """One query, no model instance: the pôles and directions of the target organisation."""
    units = (
        OrgUnit.objects.target()
        .filter(kind__in=[OrgUnit.Kind.POLE, OrgUnit.Kind.DIRECTION])
        .order_by("name")
        .values_list("pk", "name", "acronym")
    )
    return [(pk, f"{name} ({acronym})" if acronym else name) for pk, name, acronym in units]


def unit_or_below(lookup: str, unit_id: int) -> Q:
    """`lookup` (a path to an OrgUnit foreign key) is the unit or one of the units below it."""
    condition = Q(**{lookup: unit_id})
    path = lookup
    for _level in range(LEVELS_BELOW):
        path = f"{path}__parent"
        condition |= Q(**{path: unit_id})
    return condition


def person_matches(lookup: str, text: str) -> Q:
    """`lookup` (a path to a User foreign key) names someone matching every word of `text`;
    a number is that person's id."""
    text = text.strip()
    if text.isdigit() and len(text) < 10:
        return Q(**{f"{lookup}_id": int(text)})
    condition = Q()
    for word in text.split():
        condition &= (
            Q(**{f"{lookup}__first_name__icontains": word})
            | Q(**{f"{lookup}__last_name__icontains": word})
            | Q(**{f"{lookup}__username__icontains": word})
        )
    return condition


class _DirectionSelect(forms.Select):
    """The choices are read when the form is rendered, not when the module is imported."""

    def get_context(self, name, value, attrs):
        self.choices = [("", _("Toutes")), *direction_choices()]
        return super().get_context(name, value, attrs)


class DirectionFilter(filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *, lookup: str, label=None, **kwargs):
        self.lookup = lookup
        kwargs.setdefault("widget", _DirectionSelect)
        # An id the database can hold: a longer number is refused by the form, not the SQL.
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**31 - 1)
        super().__init__(label=label or _("Direction ou pôle"), **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        return qs.filter(unit_or_below(self.lookup, value))


class PersonFilter(filters.CharFilter):
    def __init__(self, *, lookup: str, label=None, **kwargs):
        self.lookup = lookup
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "search"}))
        super().__init__(label=label or _("Pilote (nom)"), **kwargs)

    def filter(self, qs, value):
        if not value or not value.strip():
            return qs
        return qs.filter(person_matches(self.lookup, value))
