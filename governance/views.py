"""The governance pages: bodies and their calendar, meetings, the decision register."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from core.exports import Column, export_format, export_response
from governance import queries
from governance.filters import DecisionFilter
from governance.forms import DecisionForm, FollowUpForm
from governance.models import Decision
from governance.permissions import (
    can_read_governance,
    can_record_decisions,
    get_meeting_for_user,
)
from governance.services import decision_record, decision_set_follow_up
from priorities.selection import current_programme


def _authorise(request: HttpRequest) -> None:
    if not can_read_governance(request.user):
        raise PermissionDenied


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    _authorise(request)
    today = timezone.localdate()
    return render(
        request,
        "governance/index.html",
        {
            "bodies": queries.bodies_with_next_meeting(),
            "calendar": queries.meeting_calendar(
                start=today - dt.timedelta(days=30), end=today + dt.timedelta(days=90)
            ),
        },
    )


def _render_meeting(request: HttpRequest, meeting, *, form=None, status: int = 200):
    items = meeting.agenda_items.select_related("workstream").order_by("order", "pk")
    decisions = meeting.decisions.select_related("workstream", "recruitment__position", "owner")
    deadline = None
    if meeting.body.convocation_days:
        deadline = timezone.localdate(meeting.starts_at) - dt.timedelta(
            days=meeting.body.convocation_days
        )
    can_record = can_record_decisions(request.user)
    if can_record and form is None:
        form = DecisionForm(initial={"date": timezone.localdate(meeting.starts_at)})
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "meeting": meeting,
            "items": items,
            "decisions": decisions,
            "deadline": deadline,
            "form": form if can_record else None,
        },
        status=status,
    )


@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_meeting(request, get_meeting_for_user(request.user, pk))


@require_POST
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    if not can_record_decisions(request.user):
        raise PermissionDenied
    form = DecisionForm(request.POST, instance=Decision(meeting=meeting))
    if not form.is_valid():
        return _render_meeting(request, meeting, form=form, status=400)
    try:
        decision_record(meeting=meeting, data=form.cleaned_data, actor=request.user)
    except ValidationError as error:
        # A rule on fields the form does not show (the subject's coherence): its message.
        for message in error.messages:
            form.add_error(None, message)
        return _render_meeting(request, meeting, form=form, status=400)
    messages.success(request, _("Décision enregistrée."))
    return redirect("governance:meeting-detail", pk=meeting.pk)


@require_POST
def decision_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_record_decisions(request.user):
        raise PermissionDenied
    decision = get_object_or_404(Decision, pk=pk, archived_at__isnull=True)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        decision_set_follow_up(
            decision=decision, follow_up=form.cleaned_data["follow_up"], actor=request.user
        )
        messages.success(request, _("Suivi de la décision mis à jour."))
    else:
        messages.error(request, _("Choisissez un état de suivi valide."))
    return redirect("governance:decision-list")


def _register(request: HttpRequest) -> DecisionFilter:
    """The register's filters, for the page and its export alike."""
    _authorise(request)
    return DecisionFilter(request.GET, queryset=queries.decision_register())


@require_GET
def decision_list(request: HttpRequest) -> HttpResponse:
    filterset = _register(request)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/decision_list.html",
        {
            "filter": filterset,
            "page": page,
            "follow_up_choices": Decision.FollowUp.choices,
            "can_follow_up": can_record_decisions(request.user),
        },
    )


def _subject(decision: Decision) -> str:
    if decision.workstream:
        return decision.workstream.code
    if decision.recruitment:
        return decision.recruitment.position.title
    return str(decision.org_unit or "")


EXPORT_COLUMNS = [
    Column(gettext_lazy("Date"), lambda d: d.date),
    Column(gettext_lazy("Nature"), lambda d: d.get_kind_display()),
    Column(gettext_lazy("Décision"), lambda d: d.text),
    Column(gettext_lazy("Instance"), lambda d: str(d.meeting.body) if d.meeting else ""),
    Column(gettext_lazy("Réunion"), lambda d: str(d.meeting or "")),
    Column(gettext_lazy("Objet"), _subject),
    Column(gettext_lazy("Suivi"), lambda d: d.get_follow_up_display()),
    Column(gettext_lazy("Publiée aux élus"), lambda d: d.published),
]


@require_GET
def decision_export(request: HttpRequest) -> HttpResponse:
    """The register as filtered on the page, every row (not one page), as CSV or XLSX."""
    filterset = _register(request)
    return export_response(
        rows=filterset.qs,
        columns=EXPORT_COLUMNS,
        fmt=export_format(request),
        filename="decisions",
        sheet_title=_("Décisions"),
    )


@require_GET
def dg_agenda(request: HttpRequest) -> HttpResponse:
    """The next weekly DG meeting's agenda, drafted from what needs the DG."""
    _authorise(request)
    return render(
        request,
        "governance/dg_agenda.html",
        {
            "meeting": queries.next_dg_meeting(),
            "sections": queries.drafted_dg_agenda(programme=current_programme(request)),
        },
    )
