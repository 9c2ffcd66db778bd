"""Reporting: read-only pages over every app (DESIGN.md §2). It writes nothing."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from organisation.permissions import can_open_section, home_url_name
from priorities.models import Priority
from workstreams.models import Workstream


def _require_section(request: HttpRequest, section: str) -> None:
    if not can_open_section(request.user, section):
        raise PermissionDenied


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    if not can_open_section(request.user, "dashboard"):
        # Élus and HR have their own first page.
        return redirect(home_url_name(request.user))
    workstreams = Workstream.objects.active().with_status().select_related("priority", "owner")
    return render(request, "reporting/dashboard.html", {"workstreams": workstreams})


@require_GET
def progress(request: HttpRequest) -> HttpResponse:
    """The élus' progress page: published content only, their delegation first."""
    _require_section(request, "progress")
    published = (
        Workstream.objects.active()
        .with_published_status()
        .select_related("priority", "sponsor")
        .order_by("priority__order", "code")
    )
    mine = [w for w in published if w.sponsor_id == request.user.pk]
    priorities = Priority.objects.prefetch_related(
        Prefetch(
            "workstreams",
            queryset=published,
            to_attr="published_workstreams",
        )
    )
    return render(
        request,
        "reporting/progress.html",
        {"mine": mine, "priorities": priorities},
    )


@login_not_required
@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "reporting/accessibility.html")
