"""The programme pages: the list (every programme, the active one first), switching the
programme one consults, and the DG's starting, activating and closing of programmes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from priorities import services
from priorities.forms import ProgrammeStartForm, SourceForm
from priorities.models import Programme
from priorities.permissions import can_manage_programmes, require_manage_programmes
from priorities.registry import carry_over_candidates, programme_figures
from priorities.selection import choose_programme, current_among, current_programme


def _safe_next(request: HttpRequest, value: str | None) -> str | None:
    # A path of this site only: anything else (a name, a script) goes to the home page.
    if (
        value
        and value.startswith("/")
        and url_has_allowed_host_and_scheme(
            value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return value
    return None


def _errors(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = list(
        Programme.objects.visible()
        .select_related("previous", "commune")
        .annotate(
            priority_count=Count("priorities", distinct=True),
            component_count=Count("components", distinct=True),
        )
    )
    figures = programme_figures([p.pk for p in programmes])
    for programme in programmes:
        programme.figures = figures.get(programme.pk, [])
    current = current_among(request, programmes)
    return render(
        request,
        "priorities/programme_list.html",
        {
            "programmes": programmes,
            "current": current,
            "next": _safe_next(request, request.GET.get("next")) or "",
            "can_manage": can_manage_programmes(request.user),
        },
    )


@require_POST
def programme_switch(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme, slug=slug)
    choose_programme(request, programme)
    messages.success(
        request, _("Vous consultez désormais %(name)s.") % {"name": programme.short_name}
    )
    return HttpResponseRedirect(_safe_next(request, request.POST.get("next")) or "/")


@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    """Start a programme from an earlier one (the DG)."""
    require_manage_programmes(request.user)
    if request.method == "POST":
        source = Programme.objects.filter(slug=request.POST.get("source", "")).first()
    else:
        chooser = SourceForm(request.GET or None)
        source = chooser.cleaned_data["source"] if chooser.is_valid() else None
        source = source or current_programme(request)
    if source is None:
        messages.error(request, _("Il n'existe encore aucun programme dont partir."))
        return redirect("priorities:programme-list")
    candidates = carry_over_candidates(source)
    form = ProgrammeStartForm(
        request.POST or None, candidates=candidates, initial={"source": source.slug}
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = services.programme_start_from(
                source=source,
                data=form.programme_data(),
                copy_priorities=form.cleaned_data["copy_priorities"],
                copy_components=form.cleaned_data["copy_components"],
                carry_over=form.chosen_carry_over(),
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(
                request,
                _("Le programme %(name)s est créé, en préparation : activez-le quand il démarre.")
                % {"name": created.short_name},
            )
            return redirect("priorities:programme-list")
    return render(
        request,
        "priorities/programme_form.html",
        {
            "form": form,
            "source": source,
            "chooser": SourceForm(initial={"source": source.pk}),
        },
    )


def _state_change(request: HttpRequest, slug: str, *, action: str) -> HttpResponse:
    """The confirmation page (GET) and the change itself (POST) of closing or activating."""
    require_manage_programmes(request.user)
    programme = get_object_or_404(Programme, slug=slug)
    if request.method == "POST":
        service = services.programme_close if action == "close" else services.programme_activate
        try:
            service(programme=programme, actor=request.user)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            done = (
                _("Le programme %(name)s est clôturé : il reste consultable, en lecture seule.")
                if action == "close"
                else _("Le programme %(name)s est désormais en cours.")
            )
            messages.success(request, done % {"name": programme.short_name})
        return redirect("priorities:programme-list")
    return render(
        request,
        "priorities/programme_confirm.html",
        {
            "programme": programme,
            "action": action,
            "running": Programme.objects.active() if action == "activate" else None,
            "post_url": reverse(f"priorities:programme-{action}", args=[programme.slug]),
        },
    )


@require_http_methods(["GET", "POST"])
def programme_close(request: HttpRequest, slug: str) -> HttpResponse:
    return _state_change(request, slug, action="close")


@require_http_methods(["GET", "POST"])
def programme_activate(request: HttpRequest, slug: str) -> HttpResponse:
    return _state_change(request, slug, action="activate")
