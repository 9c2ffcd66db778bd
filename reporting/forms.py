"""Filter forms of the reporting pages. They read GET parameters; a bad value gives a French
message and falls back to the default, never an error page."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from organisation.models import User
from reporting.activity import model_choices, people_with_history

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
MAX_PERIOD_DAYS = 10 * 366


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": _("Saisissez une date valide, par exemple 03/07/2021.")},
    )


def _id_choice(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={
            "invalid_choice": _("Ce choix n'existe pas : le filtre a été ignoré."),
        },
    )


def _person(user: User) -> str:
    return user.get_full_name() or user.username


class PeriodForm(forms.Form):
    start = _date_field(_("Du"))
    end = _date_field(_("Au"))

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
            if (end - start).days > MAX_PERIOD_DAYS:
                raise forms.ValidationError(
                    _("La période ne peut dépasser dix ans : la période par défaut est affichée.")
                )
        return cleaned

    def period(self, default_start: dt.date, default_end: dt.date) -> tuple[dt.date, dt.date]:
        """The chosen period, or the defaults for what is missing or invalid."""
        if self.non_field_errors():
            return default_start, default_end
        data = getattr(self, "cleaned_data", {})
        start = data.get("start") or default_start
        end = data.get("end") or default_end
        if end < start:
            return default_start, default_end
        return start, end

    def valid_data(self) -> dict:
        """The fields that validated; invalid ones are left out (their default applies)."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


class ActivityFilterForm(PeriodForm):
    person = _id_choice(_("Personne"))
    model = forms.ChoiceField(label=_("Type d'objet"), required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", _("Tout le monde"))] + [
            (u.pk, _person(u)) for u in people_with_history()
        ]
        self.fields["model"].choices = [("", _("Tous"))] + model_choices()
