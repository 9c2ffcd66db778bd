"""The reporting pages' filters. Their GET parameter names are a stable interface: links
and bookmarks carry them. A bad value gives a French message and its default applies,
never an error page."""

import datetime as dt

import django_filters as filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from organisation.filters import DirectionFilter, PersonFilter, person_matches
from organisation.models import User
from priorities.models import Domain, Priority
from reporting import activity
from workstreams.models import Milestone, Workstream

# --- Milestone timeline ----------------------------------------------------------------

TIMELINE_EARLIEST = dt.date(2000, 1, 1)
TIMELINE_LATEST = dt.date(2099, 12, 31)
TIMELINE_MAX_DAYS = 10 * 366
# The order the page, its chart and the export share: priority, then workstream, then date.
TIMELINE_ORDER = (
    "workstream__priority__order",
    "workstream__priority__name",
    "workstream__code",
    "due_date",
    "pk",
)


def shift_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier), on the month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover — one of the four always exists


def _person(user: User) -> str:
    return user.get_full_name() or user.username


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _date_filter(label) -> filters.DateFilter:
    bounds = _("Choisissez une date entre le 01/01/2000 et le 31/12/2099.")
    return filters.DateFilter(
        label=label,
        method="filter_period_bound",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=_DateInput,
        validators=[
            MinValueValidator(TIMELINE_EARLIEST, message=bounds),
            MaxValueValidator(TIMELINE_LATEST, message=bounds),
        ],
        error_messages={"invalid": _("Saisissez une date valide, par exemple 03/07/2021.")},
    )


ALL = _("Tous")


def _choice_filter(label, field_name: str, *, empty=ALL, **kwargs) -> filters.ChoiceFilter:
    return filters.ChoiceFilter(
        label=label,
        field_name=field_name,
        empty_label=empty,
        error_messages={"invalid_choice": _("Ce choix n'existe pas : le filtre a été ignoré.")},
        **kwargs,
    )


class TimelineForm(forms.Form):
    """Checks the period as a whole; the FilterSet then shows the default period."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(
                    _(
                        "La date de fin précède la date de début : la période par défaut est "
                        "affichée."
                    )
                )
            if (end - start).days > TIMELINE_MAX_DAYS:
                raise forms.ValidationError(
                    _("La période ne peut dépasser dix ans : la période par défaut est affichée.")
                )
        return cleaned


class MilestoneTimelineFilter(filters.FilterSet):
    """The timeline's milestones: those whose current or baseline date falls in the period
    (six months either side of today by default), narrowed by the workstream's priority,
    domain, pilot, org unit and phase and the milestone's state. Also used by its export.

    The choices of the lists are read once each (one query per list whether a value is
    submitted or not): a ModelChoiceFilter would read the submitted row again."""

    start = _date_filter(_("Du"))
    end = _date_filter(_("Au"))
    priority = _choice_filter(
        _("Priorité du programme"), "workstream__priority_id", empty=_("Toutes")
    )
    domain = _choice_filter(_("Domaine"), "workstream__domains")
    owner = PersonFilter(
        lookup="owner", label=_("Pilote ou responsable (nom)"), method="filter_owner"
    )
    org_unit = DirectionFilter(lookup="workstream__org_unit", label=_("Direction ou pôle pilote"))
    phase = _choice_filter(
        _("Phase du chantier"),
        "workstream__phase",
        empty=_("Toutes"),
        choices=Workstream.Phase.choices,
    )
    state = _choice_filter(_("État du jalon"), "state", choices=Milestone.State.choices)
    key = filters.BooleanFilter(
        label=_("Jalons clés seulement"), method="filter_key", widget=forms.CheckboxInput
    )

    class Meta:
        model = Milestone
        fields: list[str] = []
        form = TimelineForm

    def __init__(self, data=None, queryset=None, *, today: dt.date, programme=None, **kwargs):
        """`programme`: the milestones, priorities and domains of that programme only."""
        self.default_start = shift_months(today, -6)
        self.default_end = shift_months(today, 6)
        # Always bound, and the date fields show the period in use, the default one included.
        data = data.copy() if data is not None else QueryDict(mutable=True)
        for name, default in (("start", self.default_start), ("end", self.default_end)):
            if not data.get(name):
                data[name] = default.isoformat()
        if queryset is None:
            queryset = Milestone.objects.active()
        priorities, domains = Priority.objects.all(), Domain.objects.all()
        if programme is not None:
            queryset = queryset.filter(workstream__programme=programme)
            priorities = priorities.filter(programme=programme)
            domains = domains.filter(mandate_id=programme.mandate_id)
        super().__init__(data, queryset, **kwargs)
        self.filters["priority"].extra["choices"] = [
            (p.pk, p.name) for p in priorities.order_by("order", "name")
        ]
        self.filters["domain"].extra["choices"] = [
            (d.pk, str(d)) for d in domains.order_by("number")
        ]

    def period(self) -> tuple[dt.date, dt.date]:
        """The chosen period, or the default for what is missing or invalid."""
        self.is_valid()
        if self.form.non_field_errors():
            return self.default_start, self.default_end
        cleaned = self.form.cleaned_data
        start = cleaned.get("start") or self.default_start
        end = cleaned.get("end") or self.default_end
        if end < start or (end - start).days > TIMELINE_MAX_DAYS:
            return self.default_start, self.default_end
        return start, end

    def filter_queryset(self, queryset):
        start, end = self.period()
        queryset = queryset.filter(
            Q(due_date__range=(start, end)) | Q(baseline_date__range=(start, end))
        )
        # A workstream holds a domain once: the domain's join keeps one row per milestone.
        return super().filter_queryset(queryset).order_by(*TIMELINE_ORDER)

    def filter_period_bound(self, queryset, name, value):
        return queryset  # the period is applied as a whole in filter_queryset

    def filter_owner(self, queryset, name, value):
        if not value.strip():
            return queryset
        return queryset.filter(
            person_matches("owner", value) | person_matches("workstream__owner", value)
        )

    def filter_key(self, queryset, name, value):
        return queryset.filter(is_key=True) if value else queryset


# --- Activity feed -----------------------------------------------------------------------

ACTIVITY_EARLIEST = dt.date(2000, 1, 1)
ACTIVITY_LATEST = dt.date(2099, 12, 31)
ACTIVITY_MAX_DAYS = 10 * 366


def _activity_date(label) -> filters.DateFilter:
    bounds = _("Choisissez une date entre le 01/01/2000 et le 31/12/2099.")
    return filters.DateFilter(
        label=label,
        method="filter_nothing",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=_DateInput,
        validators=[
            MinValueValidator(ACTIVITY_EARLIEST, message=bounds),
            MaxValueValidator(ACTIVITY_LATEST, message=bounds),
        ],
        error_messages={"invalid": _("Saisissez une date valide, par exemple 03/07/2021.")},
    )


def _activity_choice(label, empty) -> filters.ChoiceFilter:
    return filters.ChoiceFilter(
        label=label,
        method="filter_nothing",
        empty_label=empty,
        error_messages={"invalid_choice": _("Ce choix n'existe pas : le filtre a été ignoré.")},
    )


class ActivityForm(forms.Form):
    """Checks the period as a whole; a period that does not hold together is ignored."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(
                    _("La date de fin précède la date de début : la période est ignorée.")
                )
            if (end - start).days > ACTIVITY_MAX_DAYS:
                raise forms.ValidationError(
                    _("La période ne peut dépasser dix ans : elle est ignorée.")
                )
        return cleaned


class ActivityFilter(filters.FilterSet):
    """The activity feed's filters: who made the change, on which kind of object, between
    which days. GET parameters `person`, `model`, `start`, `end` (links carry them).

    The feed reads thirteen historical tables in one UNION (reporting.activity), so this
    FilterSet filters no queryset itself: it validates the parameters, renders the form
    and gives the feed its `activity.Filters`, which every branch of the UNION applies. An
    invalid value is reported and left out; the rest still filters."""

    person = _activity_choice(_("Personne"), _("Tout le monde"))
    model = _activity_choice(_("Type d'objet"), _("Tous"))
    start = _activity_date(_("Du"))
    end = _activity_date(_("Au"))

    class Meta:
        fields: list[str] = []
        form = ActivityForm

    def __init__(self, data=None, *, programme=None, **kwargs):
        """`programme`: the feed is that programme's (see reporting.activity)."""
        self.programme = programme
        # An empty queryset: django-filter wants one; the feed's tables are not one model.
        super().__init__(data, User.objects.none(), **kwargs)
        # One query for the people, whether a value is submitted or not.
        self.filters["person"].extra["choices"] = [
            (u.pk, _person(u)) for u in activity.people_with_history()
        ]
        self.filters["model"].extra["choices"] = activity.model_choices()

    def feed_filters(self) -> activity.Filters:
        """The valid values as the feed's filters; the invalid ones are left out."""
        self.is_valid()
        cleaned = self.form.cleaned_data
        person = cleaned.get("person")
        period_ok = not self.form.non_field_errors()
        return activity.Filters(
            user_id=int(person) if person else None,
            model=cleaned.get("model") or None,
            start=cleaned.get("start") if period_ok else None,
            end=cleaned.get("end") if period_ok else None,
            programme_id=self.programme.pk if self.programme is not None else None,
        )

    def filter_nothing(self, queryset, name, value):
        return queryset  # applied by the feed to each historical table (feed_filters)
