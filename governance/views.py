"""The governance pages: bodies and their calendar, meetings, the decision register."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.exports import Column, export_format, export_response
from governance import queries
from governance.filters import DecisionFilter
from governance.forms import (
    ActionDoneForm,
    DecisionEditForm,
    DecisionForm,
    FollowUpActionForm,
    FollowUpForm,
    VersionForm,
)
from governance.meeting_views import CONFLICT, add_errors
from governance.models import Decision, FollowUpAction, Meeting
from governance.permissions import (
    can_plan_meetings,
    can_read_governance,
    can_record_decisions,
    can_run_meeting,
    get_meeting_for_user,
)
from governance.services import (
    decision_archive,
    decision_edit,
    decision_record,
    decision_set_follow_up,
    follow_up_action_add,
    follow_up_action_mark_done,
)
from notifications.reminders import path_of
from priorities.selection import current_programme
from workstreams.services import ConcurrentEditError

AGENDA_PAGE_SIZE = 50


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
            "calendar": queries.calendar_page(
                start=today - dt.timedelta(days=30),
                end=today + dt.timedelta(days=90),
                number=request.GET.get("page"),
            ),
            "can_plan": can_plan_meetings(request.user),
            "late_minutes": queries.late_minutes(today),
        },
    )


@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A decision taken at the meeting, on its own page (linked from each agenda item with
    `?agenda_item=<id>`, whose subject it takes); a CST opinion checks the quorum and the
    new examination first (governance.services.decisions)."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    if meeting.state == Meeting.State.CANCELLED:
        raise PermissionDenied
    programme = current_programme(request)
    if request.method == "GET":
        initial = {"date": meeting.day}
        if request.GET.get("agenda_item", "").isdigit():
            initial["agenda_item"] = int(request.GET["agenda_item"])
        form = DecisionForm(meeting=meeting, programme=programme, initial=initial)
        return _decision_page(request, meeting, form)
    form = DecisionForm(
        request.POST, instance=Decision(meeting=meeting), meeting=meeting, programme=programme
    )
    if not form.is_valid():
        return _decision_page(request, meeting, form, status=400)
    try:
        decision = decision_record(meeting=meeting, data=form.cleaned_data, actor=request.user)
    except ValidationError as error:
        add_errors(form, error)
        return _decision_page(request, meeting, form, status=400)
    messages.success(request, _("Décision enregistrée."))
    return redirect(f"{meeting.get_absolute_url()}#decision-{decision.pk}")


def _decision_page(request, meeting: Meeting, form, *, status: int = 200) -> HttpResponse:
    return render(
        request,
        "governance/decision_form.html",
        {"meeting": meeting, "form": form},
        status=status,
    )


def can_correct_decision(user, decision: Decision) -> bool:
    """The DG, or the secretary of the body whose meeting took it (governance.permissions)."""
    return can_record_decisions(user) or (
        decision.meeting is not None and can_run_meeting(user, decision.meeting.body)
    )


def _decision_for_runner(request: HttpRequest, pk: int) -> Decision:
    decision = get_object_or_404(
        Decision.objects.select_related("meeting__body"), pk=pk, archived_at__isnull=True
    )
    if not can_read_governance(request.user):
        raise Http404
    if not can_correct_decision(request.user, decision):
        raise PermissionDenied
    return decision


def _after_decision(decision: Decision) -> HttpResponse:
    if decision.meeting is not None:
        return redirect(f"{decision.meeting.get_absolute_url()}#decision-{decision.pk}")
    return redirect("governance:decision-list")


@require_http_methods(["GET", "POST"])
def decision_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a recorded decision (wording, owner, date, subject) through
    `decision_edit`, which re-writes the facts below; a concurrent save answers 409 and
    keeps what was typed. The page also archives it."""
    decision = _decision_for_runner(request, pk)
    form = DecisionEditForm(
        request.POST if request.method == "POST" else None,
        instance=decision,
        programme=current_programme(request),
    )
    if form.is_bound and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            decision_edit(
                decision=decision,
                data=data,
                actor=request.user,
                version=form.cleaned_data["version"],
            )
        except (ValidationError, ConcurrentEditError) as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Décision corrigée."))
            return _after_decision(decision)
    status = CONFLICT if getattr(form, "conflict", False) else (400 if form.is_bound else 200)
    return render(
        request,
        "governance/decision_edit.html",
        {"decision": decision, "form": form, "version": decision.version},
        status=status,
    )


@require_POST
def decision_archive_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Archive a decision that no longer applies (the version the page showed)."""
    decision = _decision_for_runner(request, pk)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("La page était périmée : rechargez-la puis recommencez."))
        return redirect("governance:decision-edit", pk=decision.pk)
    try:
        decision_archive(
            decision=decision, actor=request.user, version=form.cleaned_data["version"]
        )
    except ConcurrentEditError as error:
        messages.error(request, str(error))
        return redirect("governance:decision-edit", pk=decision.pk)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("governance:decision-edit", pk=decision.pk)
    messages.success(
        request,
        _("Décision archivée : elle reste lisible dans le registre (filtre « archivées »)."),
    )
    return _after_decision(decision)


@require_http_methods(["GET", "POST"])
def follow_up_action_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A follow-up action (who, by when) for a decision, on its own page."""
    decision = _decision_for_runner(request, pk)
    form = FollowUpActionForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            follow_up_action_add(decision=decision, data=form.cleaned_data, actor=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Action de suivi ajoutée."))
            return _after_action(request, decision)
    return render(
        request,
        "governance/action_form.html",
        {"decision": decision, "form": form},
        status=400 if form.is_bound else 200,
    )


def _after_action(request: HttpRequest, decision: Decision) -> HttpResponse:
    if decision.meeting is not None and can_run_meeting(request.user, decision.meeting.body):
        return redirect(f"{decision.meeting.get_absolute_url()}#decision-{decision.pk}")
    return redirect("governance:decision-list")


@require_POST
def follow_up_action_done(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(
        FollowUpAction.objects.select_related("decision__meeting__body"), pk=pk
    )
    decision = _decision_for_runner(request, action.decision_id)
    form = ActionDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Indiquez une date valide."))
        return _after_action(request, decision)
    try:
        follow_up_action_mark_done(
            action=action,
            done_on=form.cleaned_data["done_on"],
            actor=request.user,
            version=form.cleaned_data["version"],
        )
    except (ValidationError, ConcurrentEditError) as error:
        for message in getattr(error, "messages", [str(error)]):
            messages.error(request, message)
    else:
        messages.success(request, _("Action de suivi faite."))
    return _after_action(request, decision)


@require_POST
def decision_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """The DG publishes a decision to the élus (their point d'étape and "décisions
    attendues"), or withdraws it: `published` is 1 or 0."""
    if not can_record_decisions(request.user):
        raise PermissionDenied
    decision = get_object_or_404(
        Decision.objects.select_related("meeting"), pk=pk, archived_at__isnull=True
    )
    published = request.POST.get("published")
    if published not in ("0", "1"):
        messages.error(request, _("Indiquez s'il faut publier ou retirer la décision."))
    else:
        try:
            decision_edit(
                decision=decision, data={"published": published == "1"}, actor=request.user
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Décision publiée aux élus.")
                if published == "1"
                else _("Décision retirée de la publication aux élus."),
            )
    if decision.meeting is not None:
        return redirect(f"{decision.meeting.get_absolute_url()}#decision-{decision.pk}")
    return redirect("governance:decision-list")


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
    page = Paginator(filterset.qs.values_list("pk", flat=True), 50).get_page(
        request.GET.get("page")
    )
    decisions = queries.decision_rows(page)
    # Each row's three links from one reverse() a page each (fifty rows).
    meeting_url, edit_url, follow_up_url = (
        path_of(f"governance:{name}")
        for name in ("meeting-detail", "decision-edit", "decision-follow-up")
    )
    for decision in decisions:
        decision.can_correct = can_correct_decision(request.user, decision)
        decision.meeting_url = meeting_url(decision.meeting_id)
        decision.edit_url = edit_url(decision.pk)
        decision.follow_up_url = follow_up_url(decision.pk)
    return render(
        request,
        "governance/decision_list.html",
        {
            "filter": filterset,
            "page": page,
            "decisions": decisions,
            # Translated once for the fifty rows' selects.
            "follow_up_choices": [
                (value, str(label)) for value, label in Decision.FollowUp.choices
            ],
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
    Column(gettext_lazy("Actions faites"), lambda d: d.actions_done),
    Column(gettext_lazy("Actions en retard"), lambda d: d.actions_late),
    Column(gettext_lazy("Actions à faire"), lambda d: d.actions_open),
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
    """The next weekly DG meeting's agenda, drafted from what needs the DG: each section's
    first rows, how many it holds and a link to its own page with all of them."""
    _authorise(request)
    return render(
        request,
        "governance/dg_agenda.html",
        {
            "meeting": queries.next_dg_meeting(),
            "sections": queries.drafted_dg_agenda(
                programme=current_programme(request), preview=True
            ),
            "late_minutes": queries.late_minutes(),
        },
    )


@require_GET
def dg_agenda_section(request: HttpRequest, section: str) -> HttpResponse:
    """Every row of one section of the drafted DG agenda, 50 a page."""
    _authorise(request)
    titles = queries.agenda_titles()
    if section not in titles:
        raise Http404
    rows = queries.agenda_rows(programme=current_programme(request))[section]
    page = Paginator(rows, AGENDA_PAGE_SIZE).get_page(request.GET.get("page"))
    queries.with_stage_labels(section, page)
    return render(
        request,
        "governance/dg_agenda_section.html",
        {"title": titles[section], "key": section, "page": page},
    )
