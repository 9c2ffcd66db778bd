from django import forms
from django.utils.translation import gettext_lazy as _

from recruitment.models import Recruitment
from recruitment.rules import EXITS, ORDER
from workstreams.forms import VersionedModelForm


class StageChangeForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("Nouvelle étape"))
    reason = forms.CharField(
        label=_("Motif"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obligatoire quand Cap signale une alerte, et pour un abandon ou un échec."),
        max_length=2000,
    )

    def __init__(self, *args, recruitment: Recruitment, **kwargs):
        super().__init__(*args, **kwargs)
        later = []
        if recruitment.stage in ORDER:
            later = ORDER[ORDER.index(recruitment.stage) + 1 :]
        stages = [*later, *EXITS] if recruitment.stage not in Recruitment.FINAL_STAGES else []
        self.fields["to_stage"].choices = [(s, Recruitment.Stage(s).label) for s in stages]


class RecruitmentFactsForm(VersionedModelForm):
    """The facts the checks need; carries the version it was loaded with, so a save made
    meanwhile by someone else is refused (409) rather than overwritten."""

    class Meta:
        model = Recruitment
        fields = [
            "route",
            "urgency_reason",
            "arbitration_ref",
            "arbitration_on",
            "cst_opinion_ref",
            "cst_opinion_on",
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
                "arbitration_on",
                "cst_opinion_on",
                "vacancy_date",
                "publication_date",
                "application_deadline",
                "planned_appointment_date",
                "act_sent_on",
                "notification_date",
                "arrival_date",
            ]
        } | {"urgency_reason": forms.Textarea(attrs={"rows": 2})}
