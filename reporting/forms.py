"""Forms of the editions pages. They validate; reporting.services writes."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporting.models import Edition


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class EditionForm(forms.Form):
    occasion = forms.CharField(
        label=_("Occasion"),
        max_length=Edition._meta.get_field("occasion").max_length,
        help_text=_("Par exemple « Séminaire des élus » ou « Conseil municipal »."),
    )
    date = forms.DateField(
        label=_("Date du point d'étape"),
        widget=DateInput,
        help_text=_("Le jour de la séance ; le contenu figé est celui publié à cet instant."),
    )
    shared_with_elected = forms.BooleanField(
        label=_("Partager cette édition avec les élus"), required=False
    )

    def clean_occasion(self) -> str:
        occasion = self.cleaned_data["occasion"].strip()
        if not occasion:
            raise forms.ValidationError(_("Indiquez l'occasion de ce point d'étape."))
        return occasion

    def clean_date(self) -> dt.date:
        day = self.cleaned_data["date"]
        today = timezone.localdate()
        if abs((day - today).days) > 366:
            raise forms.ValidationError(
                _("La date doit être à moins d'un an d'aujourd'hui (%(today)s).")
                % {"today": today.strftime("%d/%m/%Y")}
            )
        return day


class ShareForm(forms.Form):
    shared = forms.BooleanField(required=False)
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
