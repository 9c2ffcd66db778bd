"""The meeting pages: plan and edit a meeting, its agenda (with the drafted DG agenda
pulled in one action on its own page), the convocation, the attendance, holding it, the
minutes, and a printable agenda and minutes. Who may: governance.permissions.can_run_meeting.
The decision and follow-up action pages are in governance.views."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from governance import agenda, queries, rules, services
from governance.forms import (
    AgendaItemForm,
    AttendanceForm,
    MeetingForm,
    MinutesForm,
    MoveForm,
    OutcomeForm,
    PullForm,
    VersionForm,
)
from governance.models import AgendaItem, Attendance, Meeting
from governance.permissions import (
    bodies_run_by,
    can_plan_meetings,
    can_record_decisions,
    can_run_meeting,
    get_meeting_for_user,
)
from priorities.selection import current_programme
from workstreams.services import ConcurrentEditError

CONFLICT = 409


def add_errors(form, error: Exception) -> None:
    """A service's refusal as form errors (a concurrent save marks the form `conflict`)."""
    if isinstance(error, ConcurrentEditError):
        form.add_error(None, str(error))
        form.conflict = True
        return
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for item in errors:
                form.add_error(name if name in form.fields else None, item)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _proposals(request: HttpRequest):
    return agenda.proposals(
        queries.drafted_dg_agenda(programme=current_programme(request), lean=True)
    )


def meeting_context(request: HttpRequest, meeting: Meeting, **forms) -> dict:
    """What the meeting page shows, in at most 12 queries whatever the number of items,
    members and decisions: the agenda, attendance, convocation and minutes forms for who
    runs the meeting. The drafted DG agenda to pull from, a decision and a follow-up
    action each have their own page (their choices are read there), linked from here."""
    today = timezone.localdate()
    members = queries.meeting_members(meeting)
    can_run = can_run_meeting(request.user, meeting.body)
    context = {
        "meeting": meeting,
        "items": list(queries.meeting_items(meeting)),
        "decisions": list(queries.meeting_decisions(meeting)),
        "members": members,
        "deadline": rules.convocation_deadline(meeting),
        "too_late": rules.convocation_too_late(meeting, today),
        "minutes_due": rules.minutes_due(meeting),
        "minutes_late": rules.minutes_late(meeting, today),
        "today": today,
        "attendance_choices": Attendance.Status.choices,
        "can_run": can_run,
        "can_decide": can_run and meeting.state != Meeting.State.CANCELLED,
        "can_publish": can_record_decisions(request.user),
    }
    if not can_run:
        return context
    if meeting.state == Meeting.State.PLANNED:
        context["agenda_form"] = forms.get("agenda_form") or AgendaItemForm(
            programme=current_programme(request)
        )
    if meeting.state != Meeting.State.CANCELLED:
        context["attendance_form"] = forms.get("attendance_form") or AttendanceForm(members=members)
    if meeting.state == Meeting.State.HELD:
        context["minutes_form"] = forms.get("minutes_form") or MinutesForm(
            initial={"minutes": meeting.minutes, "version": meeting.version}
        )
        # Each item's "suite donnée"; the one just posted keeps what was typed.
        posted = forms.get("outcome_form")
        for item in context["items"]:
            mine = posted is not None and posted.item.pk == item.pk
            item.outcome_form = posted if mine else OutcomeForm(item=item)
    return context


def render_meeting(request: HttpRequest, meeting: Meeting, *, status: int = 200, **forms):
    return render(
        request,
        "governance/meeting_detail.html",
        meeting_context(request, meeting, **forms),
        status=status,
    )


def _back(meeting: Meeting, anchor: str) -> HttpResponse:
    return redirect(f"{meeting.get_absolute_url()}#{anchor}")


def _one_button(request, meeting: Meeting, call, success: str, anchor: str) -> HttpResponse:
    """A change of state without fields: back to the page with a message either way."""
    try:
        call()
    except (ValidationError, ConcurrentEditError) as error:
        for message in getattr(error, "messages", [str(error)]):
            messages.error(request, message)
    else:
        messages.success(request, success)
    return _back(meeting, anchor)


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    if not can_plan_meetings(request.user):
        raise PermissionDenied
    bodies = bodies_run_by(request.user)
    initial = {}
    if request.GET.get("body", "").isdigit():
        initial["body"] = request.GET["body"]
    form = MeetingForm(request.POST or None, bodies=bodies, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("body", "version")}
        try:
            meeting = services.meeting_create(
                body=form.cleaned_data["body"], data=data, items=[], actor=request.user
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Réunion créée : établissez son ordre du jour."))
            return redirect(meeting)
    status = 400 if form.is_bound else 200
    return render(
        request, "governance/meeting_form.html", {"form": form, "meeting": None}, status=status
    )


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = MeetingForm(request.POST or None, instance=meeting, bodies=bodies_run_by(request.user))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.meeting_update(
                meeting=meeting,
                data=data,
                actor=request.user,
                version=form.cleaned_data["version"],
            )
        except (ValidationError, ConcurrentEditError) as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Réunion modifiée."))
            return redirect(meeting)
    status = CONFLICT if getattr(form, "conflict", False) else (400 if form.is_bound else 200)
    return render(
        request, "governance/meeting_form.html", {"form": form, "meeting": meeting}, status=status
    )


@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_meeting(request, get_meeting_for_user(request.user, pk))


@require_GET
def meeting_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The agenda, and once held the attendance, the minutes and the decisions, to print."""
    meeting = get_meeting_for_user(request.user, pk)
    return render(
        request,
        "governance/meeting_print.html",
        {
            "meeting": meeting,
            "items": list(queries.meeting_items(meeting)),
            "decisions": list(queries.meeting_decisions(meeting)),
            "members": queries.meeting_members(meeting),
        },
    )


# The agenda ----------------------------------------------------------------------------


@require_POST
def agenda_item_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = AgendaItemForm(request.POST, programme=current_programme(request))
    if form.is_valid():
        try:
            services.agenda_item_add(meeting=meeting, data=form.cleaned_data, actor=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Point ajouté à l'ordre du jour."))
            return _back(meeting, "agenda")
    return render_meeting(request, meeting, status=400, agenda_form=form)


@require_http_methods(["GET", "POST"])
def agenda_pull(request: HttpRequest, pk: int) -> HttpResponse:
    """The drafted DG agenda (what waits for the DG), every proposal ticked: one click puts
    the ticked ones on the meeting's agenda."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    if meeting.state != Meeting.State.PLANNED:
        messages.error(request, _("L'ordre du jour d'une réunion tenue ou annulée est arrêté."))
        return _back(meeting, "agenda")
    proposals = _proposals(request)
    form = PullForm(request.POST if request.method == "POST" else None, proposals=proposals)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.agenda_pull(
                meeting=meeting, proposals=form.chosen(), actor=request.user
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(n)s point(s) repris de l'ordre du jour proposé.") % {"n": len(added)},
            )
            return _back(meeting, "agenda")
    return render(
        request,
        "governance/meeting_pull.html",
        {
            "meeting": meeting,
            "form": form,
            "has_proposals": any(section for _title, section in proposals),
        },
        status=400 if form.is_bound else 200,
    )


def _item_for_user(request: HttpRequest, pk: int) -> AgendaItem:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__body"), pk=pk)
    get_meeting_for_user(request.user, item.meeting_id, write=True)
    return item


@require_POST
def agenda_item_move(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_for_user(request, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez de monter ou de descendre le point."))
        return _back(item.meeting, "agenda")
    return _one_button(
        request,
        item.meeting,
        lambda: services.agenda_item_move(
            item=item, direction=form.cleaned_data["direction"], actor=request.user
        ),
        _("Ordre du jour réordonné."),
        "agenda",
    )


@require_POST
def agenda_item_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_for_user(request, pk)
    return _one_button(
        request,
        item.meeting,
        lambda: services.agenda_item_remove(item=item, actor=request.user),
        _("Point retiré de l'ordre du jour."),
        "agenda",
    )


@require_POST
def agenda_item_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    """The "suite donnée" of an item of a held meeting; a concurrent save answers 409 with
    the typed text kept."""
    item = _item_for_user(request, pk)
    form = OutcomeForm(request.POST, item=item)
    if form.is_valid():
        try:
            services.agenda_item_record_outcome(
                item=item,
                outcome=form.cleaned_data["outcome"],
                actor=request.user,
                version=form.cleaned_data["version"],
            )
        except (ValidationError, ConcurrentEditError) as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Suite donnée enregistrée."))
            return _back(item.meeting, f"item-{item.pk}")
    status = CONFLICT if getattr(form, "conflict", False) else 400
    if item.meeting.state != Meeting.State.HELD:
        for message in form.non_field_errors():
            messages.error(request, message)
        return _back(item.meeting, "agenda")
    return render_meeting(request, item.meeting, status=status, outcome_form=form)


# Convocation, attendance, holding, minutes -----------------------------------------------


@require_POST
def meeting_convene(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    return _one_button(
        request,
        meeting,
        lambda: services.meeting_convene(meeting=meeting, actor=request.user),
        _("Convocation envoyée aux membres, avec l'ordre du jour et l'invitation."),
        "convocation",
    )


@require_POST
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    members = queries.meeting_members(meeting)
    form = AttendanceForm(request.POST, members=members)
    if form.is_valid():
        try:
            services.attendance_record(
                meeting=meeting, statuses=form.statuses(), actor=request.user
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Présences enregistrées."))
            return _back(meeting, "attendance")
    return render_meeting(request, meeting, status=400, attendance_form=form)


@require_POST
def meeting_held(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    return _one_button(
        request,
        meeting,
        lambda: services.meeting_mark_held(meeting=meeting, actor=request.user),
        _(
            "Réunion marquée comme tenue : enregistrez les présences, les décisions et "
            "le compte rendu."
        ),
        "minutes",
    )


@require_POST
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = MinutesForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_write_minutes(
                meeting=meeting,
                minutes=form.cleaned_data["minutes"],
                actor=request.user,
                version=form.cleaned_data["version"],
            )
        except (ValidationError, ConcurrentEditError) as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Compte rendu enregistré."))
            return _back(meeting, "minutes")
    status = CONFLICT if getattr(form, "conflict", False) else 400
    return render_meeting(request, meeting, status=status, minutes_form=form)


@require_POST
def meeting_minutes_publish(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    return _one_button(
        request,
        meeting,
        lambda: services.meeting_publish_minutes(meeting=meeting, actor=request.user),
        _("Compte rendu diffusé aux membres."),
        "minutes",
    )


@require_POST
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Call a planned meeting off (it stays in the calendar, marked cancelled)."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("La page était périmée : rechargez-la puis recommencez."))
        return _back(meeting, "held-title")
    return _one_button(
        request,
        meeting,
        lambda: services.meeting_cancel(
            meeting=meeting, actor=request.user, version=form.cleaned_data["version"]
        ),
        _("Réunion annulée."),
        "held-title",
    )
