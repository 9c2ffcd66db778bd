"""The recruitment list's filters, shared by the page and its export. `stage` is the GET
name the funnel's links (and the dashboard's) already use."""

import django_filters as filters
from django import forms
from django.db.models import Subquery
from django.utils.translation import gettext_lazy as _

from organisation.filters import DirectionFilter
from priorities.models import Programme
from priorities.selection import programme_rank, session_programme_id
from recruitment.models import Recruitment
from workstreams.models import Workstream


class RecruitmentFilter(filters.FilterSet):
    q = filters.CharFilter(
        label=_("Recherche (intitulé du poste)"),
        method="filter_text",
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    stage = filters.ChoiceFilter(
        label=_("Étape"),
        choices=Recruitment.Stage.choices,
        empty_label=_("Toutes"),
    )
    org_unit = DirectionFilter(lookup="position__org_unit", label=_("Direction ou pôle"))
    workstream = filters.ModelChoiceFilter(
        label=_("Chantier"),
        field_name="position__workstream",
        queryset=Workstream.objects.order_by("code"),
        empty_label=_("Tous"),
    )

    class Meta:
        model = Recruitment
        fields = ["q", "stage", "org_unit", "workstream"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.request is not None:
            self.filters["workstream"].queryset = current_workstreams(self.request)

    def filter_text(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(position__title__icontains=value) if value else queryset


def current_workstreams(request):
    """The workstreams of the programme the person consults: another programme's is not a
    choice. The programme as a subquery (the order of `current_programme`), so that the
    export, which never shows the choices, reads no programme for them."""
    current = (
        Programme.objects.alias(rank=programme_rank(session_programme_id(request)))
        .order_by("rank", "-start_date", "-pk")
        .values("pk")[:1]
    )
    return Workstream.objects.filter(programme_id=Subquery(current)).order_by("code")


class BoardFilter(filters.FilterSet):
    """The board's filters: direction and workstream (the columns are the stages)."""

    org_unit = DirectionFilter(lookup="position__org_unit", label=_("Direction ou pôle"))
    workstream = filters.ModelChoiceFilter(
        label=_("Chantier"),
        field_name="position__workstream",
        queryset=Workstream.objects.order_by("code"),
        empty_label=_("Tous"),
    )

    class Meta:
        model = Recruitment
        fields = ["org_unit", "workstream"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.request is not None:
            self.filters["workstream"].queryset = current_workstreams(self.request)
