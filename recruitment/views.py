"""Views of the recruitment app."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from recruitment.models import Recruitment
from recruitment.permissions import can_read_recruitments


@require_GET
def recruitment_list(request: HttpRequest) -> HttpResponse:
    if not can_read_recruitments(request.user):
        raise PermissionDenied
    recruitments = Recruitment.objects.select_related(
        "position__org_unit", "position__workstream", "hr_owner"
    )
    funnel_counts = dict(
        Recruitment.objects.values_list("stage").annotate(n=Count("pk")).values_list("stage", "n")
    )
    funnel = [
        (value, label, funnel_counts.get(value, 0)) for value, label in Recruitment.Stage.choices
    ]
    page = Paginator(recruitments, 50).get_page(request.GET.get("page"))
    return render(request, "recruitment/recruitment_list.html", {"page": page, "funnel": funnel})
