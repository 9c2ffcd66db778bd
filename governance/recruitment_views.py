"""Where a recruitment's DG arbitration is cleared: the DG picks, from the decision register,
the CODIR or weekly DG meeting decision that granted it (never a typed reference)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from governance.permissions import can_read_governance, can_record_decisions
from governance.services import arbitration_decisions, decision_attach_recruitment
from recruitment.models import Recruitment


class DecisionChoiceForm(forms.Form):
    decision = forms.ModelChoiceField(
        label=gettext_lazy("Décision d'arbitrage (CODIR ou réunion hebdomadaire DG)"),
        queryset=None,
        empty_label=gettext_lazy("Choisir une décision du registre"),
    )

    def __init__(self, *args, recruitment: Recruitment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = (
            arbitration_decisions()
            .filter(Q(recruitment__isnull=True) | Q(recruitment=recruitment))
            .select_related("meeting__body")
            .order_by("-date", "-pk")
        )
        self.fields["decision"].label_from_instance = lambda d: (
            _("%(date)s — %(meeting)s — %(text)s")
            % {"date": d.date.strftime("%d/%m/%Y"), "meeting": d.meeting, "text": d.text[:120]}
        )


@require_http_methods(["GET", "POST"])
def recruitment_arbitration(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_read_governance(request.user):
        raise PermissionDenied
    recruitment = get_object_or_404(Recruitment.objects.select_related("position"), pk=pk)
    if not can_record_decisions(request.user):
        raise PermissionDenied
    form = DecisionChoiceForm(
        request.POST if request.method == "POST" else None, recruitment=recruitment
    )
    if request.method == "POST" and form.is_valid():
        try:
            decision_attach_recruitment(
                decision=form.cleaned_data["decision"], recruitment=recruitment, actor=request.user
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Arbitrage DG enregistré pour ce recrutement."))
            return redirect(recruitment)
    return render(
        request,
        "governance/recruitment_arbitration.html",
        {"recruitment": recruitment, "form": form},
        status=400 if request.method == "POST" else 200,
    )
