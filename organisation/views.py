"""The organisation chart: today beside the target."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from organisation.permissions import can_open_section
from organisation.queries import org_chart


@require_GET
def chart(request: HttpRequest) -> HttpResponse:
    if not can_open_section(request.user, "organisation"):
        raise PermissionDenied
    chart = org_chart()
    return render(
        request,
        "organisation/chart.html",
        {"current": chart.current, "target": chart.target, "changes": chart.changes},
    )
