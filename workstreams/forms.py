"""Forms of the workstreams pages. They validate; the services write."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.uploads import validate_upload
from organisation.models import Role, User
from organisation.queries import person_choices, unit_choices
from priorities.models import Component, Priority, Programme
from workstreams.models import Action, Milestone, StatusUpdate, Weather, Workstream
from workstreams.services import OFFICIALISATION_NEEDS_CST


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class VersionedForm(forms.Form):
    """Carries the version the page was loaded with (optimistic concurrency)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class VersionedModelForm(forms.ModelForm):
    """A model form that carries the version of the row it edits: required when editing
    (a concurrent save is refused), absent when creating."""

    version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True


def _people(*roles: str):
    return User.objects.filter(is_active=True, role__in=roles)


class WorkstreamForm(VersionedModelForm):
    class Meta:
        model = Workstream
        fields = [
            "code",
            "title",
            "summary",
            "priority",
            "domains",
            "mandate_priorities",
            "component",
            "owner",
            "org_unit",
            "sponsor",
            "affected_units",
            "changes_organisation",
            "phase",
            "axis",
            "start_date",
            "target_date",
            "transversal",
            "weight",
        ]
        widgets = {
            "start_date": DateInput(),
            "target_date": DateInput(),
            "domains": forms.CheckboxSelectMultiple,
            "mandate_priorities": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, programme: Programme | None = None, **kwargs):
        """`programme`: the workstream's (when editing) or the current one (when creating);
        its priorities and components are the only choices, another programme's posted by
        hand is refused."""
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people(Role.DIRECTOR, Role.DG)
        self.fields["sponsor"].queryset = _people(Role.ELECTED)
        # The selects' options read as plain rows, the units once for both of their
        # selects (341 units and 250 people at scale 10); the fields' querysets still
        # decide what a posted value may be.
        units = unit_choices()
        for name, options in (
            ("owner", person_choices(self.fields["owner"].queryset)),
            ("sponsor", person_choices(self.fields["sponsor"].queryset)),
            ("org_unit", units),
        ):
            self.fields[name].widget.choices = [("", self.fields[name].empty_label), *options]
        self.fields["affected_units"].widget.choices = units
        if programme is not None:
            name = {"programme": programme.short_name or programme.name}
            priority, component = self.fields["priority"], self.fields["component"]
            priority.queryset = Priority.objects.filter(programme=programme).order_by(
                "order", "name"
            )
            priority.error_messages["invalid_choice"] = (
                _("Choisissez une priorité du programme %(programme)s.") % name
            )
            component.queryset = Component.objects.filter(programme=programme).order_by(
                "order", "name"
            )
            component.error_messages["invalid_choice"] = (
                _("Choisissez une composante du programme %(programme)s.") % name
            )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("changes_organisation")
            and cleaned.get("phase") == Workstream.Phase.OFFICIALISATION
            and self.instance.cst_opinion_on is None
        ):
            self.add_error("phase", OFFICIALISATION_NEEDS_CST)
        return cleaned


class StatusUpdateForm(VersionedModelForm):
    """The director's weekly minute: seven fields, two buttons (draft or submit)."""

    class Meta:
        model = StatusUpdate
        fields = [
            "weather",
            "progress",
            "done",
            "next_steps",
            "risks",
            "decisions_needed",
            "public_summary",
        ]
        widgets = {
            "weather": forms.RadioSelect,
            "done": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
            "risks": forms.Textarea(attrs={"rows": 3}),
            "decisions_needed": forms.Textarea(attrs={"rows": 2}),
            "public_summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, previous: StatusUpdate | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weather"].choices = Weather.choices  # no empty "---" radio
        self.fields["progress"].widget.attrs.update(min=0, max=100, step=5)
        self.fields["progress"].max_value = 100
        if not self.instance.pk and previous is not None and not self.is_bound:
            # Start from last week's picture: only "what was done" is new each time.
            for name in ("weather", "progress", "next_steps", "risks", "decisions_needed"):
                self.initial[name] = getattr(previous, name)
            self.initial["public_summary"] = previous.public_summary


class ReturnForm(VersionedForm):
    return_comment = forms.CharField(
        label=_("Commentaire pour l'auteur"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


MOVE_REASON_LABEL = _("Motif du changement d'échéance")
MOVE_REASON_HELP = _("Obligatoire quand l'échéance change : il est gardé avec le glissement.")


class MilestoneForm(VersionedModelForm):
    # Not the model field: each move states its own reason, never the previous one's.
    move_reason = forms.CharField(
        label=MOVE_REASON_LABEL,
        help_text=MOVE_REASON_HELP,
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = Milestone
        fields = ["title", "due_date", "is_key", "owner"]
        widgets = {"due_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people(Role.DIRECTOR, Role.DG, Role.HR)
        if self.instance.pk:
            self.fields["due_date"].help_text = _(
                "Changer l'échéance garde l'échéance initiale du %(date)s : le glissement "
                "reste visible."
            ) % {"date": self.instance.baseline_date.strftime("%d/%m/%Y")}
        else:
            del self.fields["move_reason"]

    def clean(self):
        cleaned = super().clean()
        moved = self.instance.pk and cleaned.get("due_date") not in (None, self.initial_due)
        if moved and not cleaned.get("move_reason", "").strip():
            self.add_error("move_reason", _("Indiquez pourquoi l'échéance change."))
        return cleaned

    @property
    def initial_due(self):
        return self.initial.get("due_date")

    def _post_clean(self):
        # The baseline is set by the service from the first due date.
        if not self.instance.pk and self.cleaned_data.get("due_date"):
            self.instance.baseline_date = self.cleaned_data["due_date"]
        super()._post_clean()


class MilestoneReachForm(VersionedForm):
    achieved_on = forms.DateField(label=_("Atteint le"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["achieved_on"].initial = timezone.localdate()


class MilestonePostponeForm(VersionedForm):
    due_date = forms.DateField(label=_("Nouvelle échéance"), widget=DateInput())
    move_reason = forms.CharField(label=_("Motif du report"), max_length=1000)


class ActionForm(VersionedModelForm):
    class Meta:
        model = Action
        fields = ["title", "owner", "due_date", "state"]
        widgets = {"due_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people(Role.DIRECTOR, Role.DG, Role.HR)


class ArchiveForm(forms.Form):
    version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1
    )


class WorkstreamImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV ou XLSX"),
        help_text=_("Une ligne par chantier, jalon ou action ; 5 Mo au plus."),
    )
    dry_run = forms.BooleanField(
        label=_("Essai à blanc : vérifier le fichier sans rien enregistrer"),
        required=False,
        initial=True,
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        try:
            validate_upload(uploaded, allowed=("csv", "xlsx"))
        except ValidationError as error:
            # A CSV saved by French Excel is Windows-1252, not UTF-8: the import's reader
            # decodes it, or refuses it with the message that says how to save it.
            if error.code != "content_mismatch" or not uploaded.name.lower().endswith(".csv"):
                raise
        return uploaded
