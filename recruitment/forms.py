from django import forms
from django.utils.translation import gettext_lazy as _

from organisation.models import OrgUnit, User
from organisation.queries import unit_choices
from priorities.models import Programme
from recruitment.models import JobProfile, Position, Recruitment
from recruitment.rules import stage_options
from workstreams.forms import VersionedModelForm
from workstreams.models import Workstream


class StageChangeForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("Nouvelle étape"))
    reason = forms.CharField(
        label=_("Motif"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obligatoire quand Cap signale une alerte, et pour un abandon ou un échec."),
        max_length=2000,
    )

    def __init__(self, *args, recruitment: Recruitment, options=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the stages the rules allow next; the page says why the others are refused.
        self.options = stage_options(recruitment) if options is None else options
        self.fields["to_stage"].choices = [
            (stage, label)
            for stage, label, findings in self.options
            if not any(f.is_block for f in findings)
        ]

    @property
    def refused(self):
        return [
            (label, [f for f in findings if f.is_block])
            for _stage, label, findings in self.options
            if any(f.is_block for f in findings)
        ]


class RecruitmentFactsForm(VersionedModelForm):
    """The facts the checks need; carries the version it was loaded with, so a save made
    meanwhile by someone else is refused (409) rather than overwritten. The DG arbitration
    and the CST opinion are not typed here: governance records them from its decisions."""

    class Meta:
        model = Recruitment
        fields = [
            "route",
            "urgency_reason",
            "vacancy_date",
            "cdg_declaration_ref",
            "publication_date",
            "application_deadline",
            "applications_count",
            "interviews_count",
            "interviewers_count",
            "no_civil_servant_found",
            "candidates_informed",
            "planned_appointment_date",
            "act_sent_on",
            "notification_date",
            "mutation_agreement",
            "arrival_date",
        ]
        widgets = {
            name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            for name in [
                "vacancy_date",
                "publication_date",
                "application_deadline",
                "planned_appointment_date",
                "act_sent_on",
                "notification_date",
                "arrival_date",
            ]
        } | {"urgency_reason": forms.Textarea(attrs={"rows": 2})}


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WorkstreamCodeField(forms.ModelChoiceField):
    """A workstream typed by its code (CSC-01) rather than picked among a programme's
    thousand: one of `queryset`, a single programme's (codes are unique within one). A NUL
    byte or an over-long text is refused as an unknown code before it reaches the
    database."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().upper()
            if "\x00" in value or len(value) > 20:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                )
        return super().to_python(value)


class PositionForm(VersionedModelForm):
    """Création, transformation, remplacement or suppression of a post."""

    class Meta:
        model = Position
        fields = [
            "title",
            "org_unit",
            "workstream",
            "nature",
            "reason",
            "transformed_from",
            "category",
            "filiere",
            "cadre_emplois",
            "grades",
            "fte",
            "yearly_cost",
            "is_senior",
            "vacant_post_exists",
            "deliberation_ref",
            "contract_allowed",
            "contract_legal_basis",
            "pay_level",
            "is_filled",
        ]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, programme: Programme | None = None, **kwargs):
        """`programme`: the person's current one. The workstream is typed by its code,
        among the active workstreams of one open programme: the programme of the post's
        workstream, or of the workstream whose page linked here (`?workstream=<id>`,
        an initial id), else `programme`."""
        super().__init__(*args, **kwargs)
        # The target organisation: current units and the planned ones (a new unit's posts),
        # their options read as plain rows.
        units = self.fields["org_unit"]
        units.queryset = OrgUnit.objects.target().order_by("name")
        units.widget.choices = [("", units.empty_label), *unit_choices(units.queryset)]
        programme_id = programme.pk if programme is not None else None
        anchor = self.initial.get("workstream")
        if self.instance.workstream_id is not None and anchor == self.instance.workstream_id:
            anchor = self.instance.workstream
        elif isinstance(anchor, int):
            anchor = Workstream.objects.only("pk", "code", "programme_id").filter(pk=anchor).first()
        if isinstance(anchor, Workstream):
            programme_id = anchor.programme_id
            self.initial["workstream"] = anchor.code
        # A closed programme is read-only: its workstreams take no new post.
        workstreams = (
            Workstream.objects.active()
            .filter(programme_id=programme_id)
            .exclude(programme__state=Programme.State.CLOSED)
            .only("pk", "code", "title")
        )
        field = WorkstreamCodeField(
            workstreams,
            required=False,
            to_field_name="code",
            label=_("Chantier (code)"),
            help_text=_(
                "Le code du chantier qui a besoin du poste, par exemple CSC-01 : un chantier "
                "actif du programme en cours."
            ),
            widget=forms.TextInput(attrs={"autocomplete": "off", "maxlength": 20}),
        )
        field.error_messages["invalid_choice"] = _(
            "Aucun chantier actif de ce programme ne porte ce code."
        )
        self.fields["workstream"] = field

    def clean(self):
        data = super().clean()
        nature = data.get("nature")
        if nature and nature != Position.Nature.DELETION and not data.get("reason", "").strip():
            self.add_error("reason", _("Dites pourquoi (motif de la création ou du remplacement)."))
        transformed = data.get("transformed_from", "").strip()
        if nature == Position.Nature.TRANSFORMATION and not transformed:
            self.add_error("transformed_from", _("Indiquez le poste transformé."))
        return data


class JobProfileForm(VersionedModelForm):
    class Meta:
        model = JobProfile
        fields = ["missions", "skills", "profile", "working_time", "place_in_organisation"]
        widgets = {
            "missions": forms.Textarea(attrs={"rows": 5}),
            "skills": forms.Textarea(attrs={"rows": 4}),
            "profile": forms.Textarea(attrs={"rows": 3}),
        }


class JobProfileCreateForm(JobProfileForm):
    class Meta(JobProfileForm.Meta):
        fields = ["position", *JobProfileForm.Meta.fields]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = Position.objects.filter(
            job_profile__isnull=True, suppressed_on__isnull=True
        ).order_by("title")


class VersionForm(forms.Form):
    """A button that acts on a row as it was loaded (submit, sign-off, suppression)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class RecruitmentOpenForm(forms.ModelForm):
    """Open a recruitment on a post (created beforehand for a workstream's need or a new
    unit)."""

    class Meta:
        model = Recruitment
        fields = ["position", "hr_owner", "route"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = (
            Position.objects.filter(suppressed_on__isnull=True)
            .exclude(nature=Position.Nature.DELETION)
            .exclude(pk__in=Recruitment.objects.in_progress().values("position"))
            .select_related("org_unit")
            .order_by("title")
        )
        self.fields["hr_owner"].queryset = User.objects.filter(
            is_active=True, role__in=("hr", "dg")
        ).order_by("last_name", "username")


class BudgetForm(forms.Form):
    budget_state = forms.ChoiceField(
        label=_("Arbitrage budgétaire"), choices=Position.BudgetState.choices
    )
