"""The workstream list's filters. The GET parameter names are a stable interface: the
dashboard links to the list with them (`?weather=off_track`, `?overdue=1`, `?mine=1`…)."""

import datetime as dt

import django_filters as filters
from django import forms
from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisation.filters import DirectionFilter, PersonFilter
from priorities.models import Component, Domain, MandatePriority, Priority
from workstreams.models import Milestone, Weather, Workstream

NO_UPDATE = "none"


def component_choices(programme=None) -> list[tuple[str, str]]:
    """The components by code: the GET value is the code (`?component=governance`), so a
    link keeps its meaning in a programme that reuses the code. Those of `programme` when
    given (the list's: scoped_filter), else every programme's."""
    components = Component.objects.order_by("order", "name")
    if programme is not None:
        components = components.filter(programme=programme)
    choices: dict[str, str] = {}
    for code, name in components.values_list("code", "name"):
        choices.setdefault(code, name)
    return list(choices.items())


SORTS = {
    "code": [F("code").asc()],
    "-code": [F("code").desc()],
    "title": [F("title").asc(), F("code").asc()],
    "-title": [F("title").desc(), F("code").asc()],
    "priority": [F("priority__order").asc(), F("code").asc()],
    "-priority": [F("priority__order").desc(), F("code").asc()],
    "progress": [F("current_progress").asc(nulls_first=True), F("code").asc()],
    "-progress": [F("current_progress").desc(nulls_last=True), F("code").asc()],
    "weather": [F("weather_rank").desc(nulls_last=True), F("code").asc()],
    "-weather": [F("weather_rank").asc(nulls_first=True), F("code").asc()],
    "last_update": [F("last_update_on").asc(nulls_first=True), F("code").asc()],
    "-last_update": [F("last_update_on").desc(nulls_last=True), F("code").asc()],
    "target_date": [F("target_date").asc(nulls_last=True), F("code").asc()],
    "-target_date": [F("target_date").desc(nulls_last=True), F("code").asc()],
    "next_milestone": [F("next_milestone_on").asc(nulls_last=True), F("code").asc()],
    "-next_milestone": [F("next_milestone_on").desc(nulls_last=True), F("code").asc()],
}
SORT_CHOICES = [
    ("code", _("Code (A → Z)")),
    ("-code", _("Code (Z → A)")),
    ("title", _("Intitulé (A → Z)")),
    ("-title", _("Intitulé (Z → A)")),
    ("priority", _("Priorité")),
    ("-priority", _("Priorité (ordre inverse)")),
    ("weather", _("Météo (les plus en difficulté d'abord)")),
    ("-weather", _("Météo (les mieux portants d'abord)")),
    ("progress", _("Avancement croissant")),
    ("-progress", _("Avancement décroissant")),
    ("last_update", _("Dernier point (le plus ancien d'abord)")),
    ("-last_update", _("Dernier point (le plus récent d'abord)")),
    ("target_date", _("Échéance visée (la plus proche d'abord)")),
    ("-target_date", _("Échéance visée (la plus lointaine d'abord)")),
    ("next_milestone", _("Prochain jalon (le plus proche d'abord)")),
    ("-next_milestone", _("Prochain jalon (le plus lointain d'abord)")),
]


class Checkbox(forms.CheckboxInput):
    """A checkbox that submits `1`, as the dashboard's links do (`?overdue=1`)."""

    def format_value(self, value):
        # The input template writes this as the one `value` attribute (an attrs["value"]
        # as well would write it twice: invalid HTML).
        return "1"


class WorkstreamFilter(filters.FilterSet):
    q = filters.CharFilter(
        label=_("Recherche (code ou intitulé)"),
        method="filter_text",
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    priority = filters.ModelChoiceFilter(
        label=_("Priorité du programme"),
        queryset=Priority.objects.order_by("order", "name"),
        empty_label=_("Toutes"),
    )
    domain = filters.ModelChoiceFilter(
        label=_("Domaine"),
        field_name="domains",
        queryset=Domain.objects.order_by("number"),
        empty_label=_("Tous"),
    )
    mandate_priority = filters.ModelChoiceFilter(
        label=_("Priorité du mandat"),
        field_name="mandate_priorities",
        queryset=MandatePriority.objects.order_by("order", "name"),
        empty_label=_("Toutes"),
    )
    component = filters.ChoiceFilter(
        label=_("Composante"),
        field_name="component__code",
        choices=component_choices,
        empty_label=_("Toutes"),
    )
    phase = filters.ChoiceFilter(
        label=_("Phase"),
        choices=Workstream.Phase.choices,
        empty_label=_("Toutes"),
    )
    weather = filters.ChoiceFilter(
        label=_("Météo"),
        choices=[*Weather.choices, (NO_UPDATE, _("Pas encore de point"))],
        empty_label=_("Toutes"),
        method="filter_weather",
    )
    owner = PersonFilter(lookup="owner", label=_("Pilote (nom)"))
    org_unit = DirectionFilter(lookup="org_unit", label=_("Direction ou pôle pilote"))
    mine = filters.BooleanFilter(label=_("Mes chantiers"), method="filter_mine", widget=Checkbox)
    overdue = filters.BooleanFilter(
        label=_("Avec un jalon en retard"), method="filter_overdue", widget=Checkbox
    )
    stale = filters.BooleanFilter(
        label=_("Sans point récent"),
        method="filter_stale",
        widget=Checkbox,
    )
    archived = filters.BooleanFilter(
        label=_("Inclure les chantiers archivés"), method="filter_archived", widget=Checkbox
    )
    sort = filters.ChoiceFilter(
        label=_("Trier par"),
        choices=SORT_CHOICES,
        method="filter_sort",
        empty_label=None,
    )

    class Meta:
        model = Workstream
        fields = ["q", "priority", "domain", "mandate_priority", "component", "phase"]

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.filters["stale"].label = _("Sans point depuis %(days)s jours") % {
            "days": settings.CAP_STALE_UPDATE_DAYS
        }

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        if not data.get("archived"):
            queryset = queryset.filter(archived_at__isnull=True)
        queryset = super().filter_queryset(queryset)
        # A domain or mandate priority filter crosses a many-to-many: keep one row each.
        if data.get("domain") or data.get("mandate_priority"):
            queryset = queryset.distinct()
        if not data.get("sort"):
            queryset = queryset.order_by("code")
        return queryset

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(title__icontains=value))

    def filter_weather(self, queryset, name, value):
        if value == NO_UPDATE:
            return queryset.filter(current_weather="")
        return queryset.filter(current_weather=value)

    def filter_mine(self, queryset, name, value):
        if not value or self.user is None:
            return queryset
        mine = Q(owner=self.user)
        if self.user.org_unit_id:
            mine |= Q(org_unit_id=self.user.org_unit_id)
        return queryset.filter(mine)

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        overdue = Milestone.objects.overdue(timezone.localdate()).filter(workstream=OuterRef("pk"))
        return queryset.filter(Exists(overdue))

    def filter_stale(self, queryset, name, value):
        if not value:
            return queryset
        limit = timezone.localdate() - dt.timedelta(days=settings.CAP_STALE_UPDATE_DAYS)
        return queryset.filter(Q(last_update_on__isnull=True) | Q(last_update_on__lt=limit))

    def filter_archived(self, queryset, name, value):
        return queryset  # applied in filter_queryset, before the others

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*SORTS[value])
