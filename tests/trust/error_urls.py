"""A test-only URLconf: the project's URLs plus views that fail on purpose, so that the
error pages (400, 403, 500) can be checked end to end. Never imported by cap2021.urls."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_POST

from cap2021.urls import urlpatterns as project_urlpatterns


def boom(request):
    raise RuntimeError("a bug, on purpose")


def forbidden(request):
    raise PermissionDenied


def suspicious(request):
    raise SuspiciousOperation("a forged request, on purpose")


@require_POST
def poke(request):
    return HttpResponse("poked")


urlpatterns = [
    path("tests/poke/", poke, name="tests-poke"),
    path("tests/boom/", boom),
    path("tests/forbidden/", forbidden),
    path("tests/suspicious/", suspicious),
    *project_urlpatterns,
]
