"""The recruitment app's filters, each shared by its page and its export: the recruitment
list (and the board's subset), the tableau des emplois, the job profiles and the DG's
arbitration. `stage` is the GET name the funnel's links (and the dashboard's) already use;
`workstream` takes a workstream's code (a programme may hold a thousand of them: a select
of them all cost more than the rest of the page) or, for links, its id."""

import django_filters as filters
from django import forms
from django.db.models import Q, Subquery
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from organisation.filters import DirectionFilter
from priorities.models import Programme
from priorities.selection import programme_rank, session_programme_id
from recruitment.models import JobProfile, Position, Recruitment
from recruitment.queries import ARBITRATED_NATURES
from workstreams.models import Workstream

SEARCH = forms.TextInput(attrs={"type": "search"})


def current_workstreams(request):
    """The workstreams of the programme the person consults: another programme's is not a
    choice. The programme as a subquery (the order of `current_programme`), so that the
    export, which never shows the page's header, reads no programme for them."""
    current = (
        Programme.objects.alias(rank=programme_rank(session_programme_id(request)))
        .order_by("rank", "-start_date", "-pk")
        .values("pk")[:1]
    )
    return Workstream.objects.filter(programme_id=Subquery(current)).order_by("code")


class WorkstreamCodeFilter(filters.CharFilter):
    """A workstream of the programme consulted, by its code (any case); a number is the
    workstream's id, for links. A subquery: no query of its own, and no choices to draw."""

    def __init__(self, *, lookup: str, **kwargs):
        self.lookup = lookup
        kwargs.setdefault("label", _("Chantier (code)"))
        kwargs.setdefault("help_text", _("Le code du chantier, par exemple CSC-01."))
        kwargs.setdefault("max_length", 50)
        kwargs.setdefault("widget", SEARCH)
        super().__init__(**kwargs)

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        request = getattr(self.parent, "request", None)
        workstreams = (
            current_workstreams(request) if request is not None else Workstream.objects.all()
        )
        match = Q(code__iexact=value)
        if value.isdigit() and len(value) < 10:
            match |= Q(pk=int(value))
        return qs.filter(**{f"{self.lookup}__in": workstreams.filter(match).values("pk")})


def _title_search(label):
    return filters.CharFilter(label=label, method="filter_text", max_length=100, widget=SEARCH)


class _TitleSearch:
    """`q`: a word of the post's title; `title_lookup` reaches it from the filtered model."""

    title_lookup = "position__title"

    def filter_text(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(**{f"{self.title_lookup}__icontains": value}) if value else queryset


RECRUITMENT_SORTS = {
    "recent": ("-stage_changed_at", "pk"),
    "oldest": ("stage_changed_at", "pk"),
}


class RecruitmentFilter(_TitleSearch, filters.FilterSet):
    q = _title_search(_("Recherche (intitulé du poste)"))
    stage = filters.ChoiceFilter(
        label=_("Étape"),
        choices=Recruitment.Stage.choices,
        empty_label=_("Toutes"),
    )
    org_unit = DirectionFilter(lookup="position__org_unit", label=_("Direction ou pôle"))
    workstream = WorkstreamCodeFilter(lookup="position__workstream")
    sort = filters.ChoiceFilter(
        label=_("Trier par"),
        choices=[
            ("recent", _("Dernier changement d'étape d'abord")),
            ("oldest", _("Le plus ancien dans son étape d'abord")),
        ],
        empty_label=None,
        method="filter_sort",
    )

    class Meta:
        model = Recruitment
        fields = ["q", "stage", "org_unit", "workstream"]

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*RECRUITMENT_SORTS.get(value, RECRUITMENT_SORTS["recent"]))


class BoardFilter(filters.FilterSet):
    """The board's filters: direction and workstream (the columns are the stages). The
    recruitment list takes the same names, so a column's link carries them over."""

    org_unit = DirectionFilter(lookup="position__org_unit", label=_("Direction ou pôle"))
    workstream = WorkstreamCodeFilter(lookup="position__workstream")

    class Meta:
        model = Recruitment
        fields = ["org_unit", "workstream"]


class PositionFilter(_TitleSearch, filters.FilterSet):
    """The tableau des emplois: the posts not suppressed, by title, direction, nature,
    category and occupation."""

    title_lookup = "title"

    q = _title_search(_("Recherche (intitulé du poste)"))
    org_unit = DirectionFilter(lookup="org_unit", label=_("Direction ou pôle"))
    nature = filters.ChoiceFilter(
        label=_("Nature"), choices=Position.Nature.choices, empty_label=_("Toutes")
    )
    category = filters.ChoiceFilter(
        label=_("Catégorie"), choices=Position.Category.choices, empty_label=_("Toutes")
    )
    filled = filters.ChoiceFilter(
        label=_("Occupation"),
        choices=[("yes", _("Pourvus")), ("no", _("Vacants"))],
        empty_label=_("Tous"),
        method="filter_filled",
    )

    class Meta:
        model = Position
        fields = ["q", "org_unit", "nature", "category", "filled"]

    def filter_filled(self, queryset, name, value):
        return queryset.filter(is_filled=value == "yes")


class ProfileFilter(_TitleSearch, filters.FilterSet):
    """The job profiles, by their post's title and direction and by their state."""

    q = _title_search(_("Recherche (intitulé du poste)"))
    state = filters.ChoiceFilter(
        label=_("État"), choices=JobProfile.State.choices, empty_label=_("Tous")
    )
    org_unit = DirectionFilter(lookup="position__org_unit", label=_("Direction ou pôle"))

    class Meta:
        model = JobProfile
        fields = ["q", "state", "org_unit"]


ALL_STATES = "all"


class ArbitrationFilter(filters.FilterSet):
    """The posts the DG arbitrates: those waiting for a decision unless `budget_state`
    asks for another state (or `all`); by nature, direction and workstream. `concerned()`
    is the same posts whatever their budget state: what the page's totals sum."""

    budget_state = filters.ChoiceFilter(
        label=_("Arbitrage"),
        choices=[*Position.BudgetState.choices, (ALL_STATES, _("Tous les arbitrages"))],
        empty_label=None,
        method="filter_budget_state",
    )
    nature = filters.ChoiceFilter(
        label=_("Nature"),
        choices=[(nature.value, nature.label) for nature in ARBITRATED_NATURES],
        empty_label=_("Toutes"),
    )
    org_unit = DirectionFilter(lookup="org_unit", label=_("Direction ou pôle"))
    workstream = WorkstreamCodeFilter(lookup="workstream")

    class Meta:
        model = Position
        fields = ["budget_state", "nature", "org_unit", "workstream"]

    def __init__(self, data=None, *args, **kwargs):
        # Bound always, on the posts waiting for a decision unless the person chose.
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if not data.get("budget_state"):
            data["budget_state"] = Position.BudgetState.PENDING
        super().__init__(data, *args, **kwargs)

    @property
    def shown_state(self) -> str:
        """The state shown: the chosen one if valid, else the posts waiting."""
        self.is_valid()
        return self.form.cleaned_data.get("budget_state") or Position.BudgetState.PENDING

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if "budget_state" not in self.form.cleaned_data:  # an unknown state: the default
            queryset = self.filter_budget_state(queryset, "", Position.BudgetState.PENDING)
        return queryset

    def filter_budget_state(self, queryset, name, value):
        return queryset if value == ALL_STATES else queryset.filter(budget_state=value)

    def concerned(self):
        """The posts every filter but the budget state keeps."""
        self.is_valid()
        queryset = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name != "budget_state":
                queryset = self.filters[name].filter(queryset, value)
        return queryset
