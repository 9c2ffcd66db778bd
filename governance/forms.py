from django import forms
from django.utils.translation import gettext_lazy as _

from governance.models import Decision
from organisation.models import Role, User
from recruitment.models import Recruitment
from workstreams.models import Workstream


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["kind", "text", "date", "owner", "workstream", "recruitment", "published"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "text": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "published": _("Une décision publiée apparaît dans le point d'étape des élus."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workstream"].queryset = Workstream.objects.active().order_by("code")
        self.fields["recruitment"].queryset = Recruitment.objects.in_progress().select_related(
            "position"
        )
        self.fields["text"].max_length = 5000
        self.fields["owner"].queryset = User.objects.filter(
            is_active=True, role__in=[Role.DG, Role.DIRECTOR, Role.HR]
        ).order_by("last_name", "first_name")
        self.fields["owner"].help_text = _("Prévenu·e dans Cap et par courriel.")


class FollowUpForm(forms.Form):
    follow_up = forms.ChoiceField(label=_("Suivi"), choices=Decision.FollowUp.choices)
