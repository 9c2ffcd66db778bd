"""Forms of the programme pages. They validate; the services write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from priorities.models import Mandate, Programme


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class SourceForm(forms.Form):
    """Which earlier programme a new one starts from (a GET form: it only reloads the page
    with that programme's workstreams to carry over)."""

    source = forms.ModelChoiceField(
        label=_("Programme d'origine"), queryset=Programme.objects.visible(), empty_label=None
    )

    def __init__(self, *args, **kwargs):
        # Its own ids: the start form below carries a hidden `source` too (one id_source).
        kwargs.setdefault("auto_id", "chooser_%s")
        super().__init__(*args, **kwargs)


class ProgrammeStartForm(forms.Form):
    """A new programme started from `source`: its identity, what is copied, which
    unfinished workstreams continue in it (`candidates`: objects with pk and str())."""

    source = forms.ModelChoiceField(
        queryset=Programme.objects.all(), widget=forms.HiddenInput, to_field_name="slug"
    )
    name = forms.CharField(
        label=_("Nom"),
        max_length=200,
        help_text=_("Par exemple « Adaptation de l'Organisation – 2e phase »."),
    )
    short_name = forms.CharField(
        label=_("Nom court"), max_length=40, help_text=_("Affiché dans l'en-tête des pages.")
    )
    slug = forms.SlugField(
        label=_("Identifiant d'adresse"),
        max_length=50,
        help_text=_("Lettres minuscules, chiffres et tirets, par exemple « cap-2026 »."),
    )
    mandate = forms.ModelChoiceField(
        label=_("Mandat"),
        queryset=Mandate.objects.all(),
        required=False,
        empty_label=_("Celui du programme d'origine"),
    )
    start_date = forms.DateField(label=_("Début"), widget=DateInput)
    end_date = forms.DateField(label=_("Fin"), widget=DateInput, required=False)
    copy_components = forms.BooleanField(
        label=_("Copier les composantes du programme d'origine"), required=False, initial=True
    )
    copy_priorities = forms.BooleanField(
        label=_("Copier les priorités du programme d'origine"), required=False, initial=True
    )
    carry_over = forms.MultipleChoiceField(
        label=_("Chantiers non terminés à reprendre"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Chaque chantier coché continue dans le nouveau programme, relié à son passé. "
            "Il faut pour cela copier les priorités."
        ),
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {str(obj.pk): obj for obj in candidates}
        self.fields["carry_over"].choices = [(pk, str(obj)) for pk, obj in self.candidates.items()]

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if Programme.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("Un programme porte déjà cet identifiant."))
        return slug

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("La fin du programme ne peut précéder son début."))
        if cleaned.get("carry_over") and not cleaned.get("copy_priorities"):
            self.add_error(
                "carry_over",
                _("Pour reprendre des chantiers, copiez aussi les priorités qui les portent."),
            )
        return cleaned

    def carry_over_rows(self) -> list[tuple[str, str, bool]]:
        """(value, label, ticked) of each workstream to carry over, for the page's boxes
        (a thousand at scale 10): what is ticked read once, not once a box."""
        ticked = set(self["carry_over"].value() or ())
        return [
            (value, label, value in ticked) for value, label in self.fields["carry_over"].choices
        ]

    def chosen_carry_over(self) -> list:
        return [self.candidates[pk] for pk in self.cleaned_data.get("carry_over", [])]

    def programme_data(self) -> dict:
        data = {
            name: self.cleaned_data[name]
            for name in ("name", "short_name", "slug", "start_date", "end_date")
        }
        if self.cleaned_data.get("mandate") is not None:
            data["mandate"] = self.cleaned_data["mandate"]
        return data
