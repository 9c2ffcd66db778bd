"""The governance pages: bodies and their calendar, meetings, the decision register."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from governance import selectors
from governance.models import Body, Decision
from governance.permissions import can_read_governance, get_meeting_for_user


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
            "bodies": selectors.bodies_with_next_meeting(),
            "calendar": selectors.meeting_calendar(
                start=today - dt.timedelta(days=30), end=today + dt.timedelta(days=90)
            ),
            "today": today,
            "next_dg_meeting": selectors.next_dg_meeting(),
        },
    )


@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    items = meeting.agenda_items.select_related("workstream").order_by("order", "pk")
    decisions = meeting.decisions.select_related("workstream", "recruitment__position")
    deadline = None
    if meeting.body.convocation_days:
        deadline = timezone.localdate(meeting.starts_at) - dt.timedelta(
            days=meeting.body.convocation_days
        )
    return render(
        request,
        "governance/meeting_detail.html",
        {"meeting": meeting, "items": items, "decisions": decisions, "deadline": deadline},
    )


@require_GET
def decision_list(request: HttpRequest) -> HttpResponse:
    _authorise(request)
    decisions = selectors.decision_register(
        follow_up=request.GET.get("follow_up", ""),
        kind=request.GET.get("kind", ""),
        body=request.GET.get("body", ""),
    )
    page = Paginator(decisions, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/decision_list.html",
        {
            "page": page,
            "follow_up_choices": Decision.FollowUp.choices,
            "kind_choices": Decision.Kind.choices,
            "bodies": Body.objects.order_by("name"),
            "selected": {
                "follow_up": request.GET.get("follow_up", ""),
                "kind": request.GET.get("kind", ""),
                "body": request.GET.get("body", ""),
            },
        },
    )


@require_GET
def dg_agenda(request: HttpRequest) -> HttpResponse:
    """The next weekly DG meeting's agenda, drafted from what needs the DG."""
    _authorise(request)
    return render(
        request,
        "governance/dg_agenda.html",
        {"meeting": selectors.next_dg_meeting(), "sections": selectors.drafted_dg_agenda()},
    )
