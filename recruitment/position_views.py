"""HR's pages for posts and job profiles: the tableau des emplois, a post's creation,
transformation or suppression, and a fiche de poste's review (draft → in review →
validated by the director's and the DG's sign-offs), each version kept."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.exports import Column, export_format, export_response
from priorities.selection import current_programme
from recruitment import queries
from recruitment.filters import PositionFilter, ProfileFilter
from recruitment.forms import JobProfileCreateForm, JobProfileForm, PositionForm, VersionForm
from recruitment.models import JobProfile
from recruitment.permissions import (
    can_edit_recruitments,
    can_sign_as_dg,
    can_sign_as_director,
    get_position_for_user,
    get_profile_for_user,
    require_read,
    require_write,
)
from recruitment.services import (
    ConcurrentEditError,
    job_profile_create,
    job_profile_sign,
    job_profile_submit,
    job_profile_update,
    position_create,
    position_suppress,
    position_update,
)

CONFLICT = 409


def _form_errors(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


# --- Positions ----------------------------------------------------------------------------


PAGE_SIZE = 50


def _positions(request: HttpRequest) -> PositionFilter:
    """The tableau's filters, for the page and its export alike."""
    require_read(request.user)
    return PositionFilter(request.GET, queryset=queries.positions_table(), request=request)


@require_GET
def position_list(request: HttpRequest) -> HttpResponse:
    """The tableau des emplois a page at a time, with the totals of every post filtered."""
    filterset = _positions(request)
    page = queries.KeyedPaginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "recruitment/position_list.html",
        {
            "filter": filterset,
            "page": page,
            "positions": queries.with_stage_labels(page.object_list),
            "totals": queries.positions_totals(filterset.qs),
            "can_edit": can_edit_recruitments(request.user),
        },
    )


POSITION_COLUMNS = [
    Column(gettext_lazy("Poste"), lambda p: p.title),
    Column(gettext_lazy("Entité"), lambda p: str(p.org_unit)),
    Column(gettext_lazy("Nature"), lambda p: p.get_nature_display()),
    Column(gettext_lazy("Catégorie"), lambda p: p.category),
    Column(gettext_lazy("Grade(s)"), lambda p: p.grades),
    Column(gettext_lazy("ETP"), lambda p: p.fte),
    Column(gettext_lazy("Coût annuel (€)"), lambda p: p.yearly_cost),
    Column(gettext_lazy("Pourvu"), lambda p: p.is_filled),
    Column(gettext_lazy("Recrutement en cours"), lambda p: p.open_stage_label),
]


@require_GET
def position_export(request: HttpRequest) -> HttpResponse:
    """The tableau as filtered on the page, every post (not one page), as CSV or XLSX."""
    return export_response(
        rows=queries.with_stage_labels(_positions(request).qs),
        columns=POSITION_COLUMNS,
        fmt=export_format(request),
        filename="tableau-des-emplois",
        sheet_title=_("Tableau des emplois"),
    )


@require_GET
def position_detail(request: HttpRequest, pk: int) -> HttpResponse:
    position = get_position_for_user(request.user, pk)
    return render(
        request,
        "recruitment/position_detail.html",
        {
            "position": position,
            "profile": JobProfile.objects.filter(position=position).first(),
            "recruitments": position.recruitments.order_by("-pk"),
            "can_edit": can_edit_recruitments(request.user),
            "suppress_form": VersionForm(initial={"version": position.version}),
        },
    )


def _initial_from_query(request: HttpRequest) -> dict:
    """A post for a workstream's need or a new unit: `?workstream=` and `?org_unit=` prefill
    the form (the workstream page and the org chart link here)."""
    initial = {}
    for name in ("workstream", "org_unit"):
        value = request.GET.get(name, "")
        if value.isdigit() and len(value) < 10:
            initial[name] = int(value)
    return initial


@require_http_methods(["GET", "POST"])
def position_create_view(request: HttpRequest) -> HttpResponse:
    require_write(request.user)
    form = PositionForm(
        request.POST if request.method == "POST" else None,
        initial=_initial_from_query(request),
        programme=current_programme(request),
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            position = position_create(data=data, actor=request.user)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Poste enregistré au tableau des emplois."))
            return redirect(position)
    status = 400 if request.method == "POST" else 200
    return render(request, "recruitment/position_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def position_edit(request: HttpRequest, pk: int) -> HttpResponse:
    position = get_position_for_user(request.user, pk, write=True)
    form = PositionForm(
        request.POST if request.method == "POST" else None,
        instance=position,
        programme=current_programme(request),
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            position = position_update(
                position=position,
                data=data,
                actor=request.user,
                version=form.cleaned_data["version"],
            )
        except ConcurrentEditError as error:
            form.add_error(None, str(error))
            return render(
                request,
                "recruitment/position_form.html",
                {"form": form, "position": position},
                status=CONFLICT,
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Poste enregistré."))
            return redirect(position)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "recruitment/position_form.html",
        {"form": form, "position": position},
        status=status,
    )


@require_POST
def position_suppress_view(request: HttpRequest, pk: int) -> HttpResponse:
    position = get_position_for_user(request.user, pk, write=True)
    form = VersionForm(request.POST)
    if form.is_valid():
        try:
            position_suppress(
                position=position, actor=request.user, version=form.cleaned_data["version"]
            )
        except ConcurrentEditError as error:
            messages.error(request, str(error))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Poste supprimé du tableau des emplois."))
    else:
        messages.error(request, _("Rechargez la page et recommencez."))
    return redirect(position)


# --- Job profiles -------------------------------------------------------------------------


def _profiles(request: HttpRequest) -> ProfileFilter:
    """The job profiles' filters, for the page and its export alike."""
    require_read(request.user)
    return ProfileFilter(request.GET, queryset=queries.profiles_for_list(), request=request)


@require_GET
def profile_list(request: HttpRequest) -> HttpResponse:
    filterset = _profiles(request)
    page = queries.KeyedPaginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "recruitment/profile_list.html",
        {
            "filter": filterset,
            "page": page,
            "profiles": queries.with_labels(page, state=JobProfile.State),
            "can_edit": can_edit_recruitments(request.user),
        },
    )


PROFILE_COLUMNS = [
    Column(gettext_lazy("Poste"), lambda f: f.position.title),
    Column(gettext_lazy("Entité"), lambda f: str(f.position.org_unit)),
    Column(gettext_lazy("État"), lambda f: f.get_state_display()),
    Column(gettext_lazy("Visa du directeur"), lambda f: str(f.director_signed_by or "")),
    Column(gettext_lazy("Visé par le directeur le"), lambda f: f.director_signed_on),
    Column(gettext_lazy("Visa de la DG"), lambda f: str(f.dg_signed_by or "")),
    Column(gettext_lazy("Visé par la DG le"), lambda f: f.dg_signed_on),
]


@require_GET
def profile_export(request: HttpRequest) -> HttpResponse:
    """The job profiles as filtered on the page, every one (not one page)."""
    return export_response(
        rows=_profiles(request).qs,
        columns=PROFILE_COLUMNS,
        fmt=export_format(request),
        filename="fiches-de-poste",
        sheet_title=_("Fiches de poste"),
    )


def _render_profile(request, profile, *, form=None, status=200):
    user = request.user
    in_review = profile.state == JobProfile.State.IN_REVIEW
    return render(
        request,
        "recruitment/profile_detail.html",
        {
            "profile": profile,
            "position": profile.position,
            "versions": queries.profile_versions(profile),
            "can_edit": can_edit_recruitments(user),
            "form": form or JobProfileForm(instance=profile),
            "can_sign_director": in_review
            and not profile.director_signed_by_id
            and can_sign_as_director(user, profile),
            "can_sign_dg": in_review and not profile.dg_signed_by_id and can_sign_as_dg(user),
        },
        status=status,
    )


@require_GET
def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_profile(request, get_profile_for_user(request.user, pk))


@require_http_methods(["GET", "POST"])
def profile_create_view(request: HttpRequest) -> HttpResponse:
    require_write(request.user)
    initial = {}
    position = request.GET.get("position", "")
    if position.isdigit() and len(position) < 10:
        initial["position"] = int(position)
    form = JobProfileCreateForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "position")}
        try:
            profile = job_profile_create(
                position=form.cleaned_data["position"], data=data, actor=request.user
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Fiche de poste enregistrée en brouillon."))
            return redirect(profile)
    status = 400 if request.method == "POST" else 200
    return render(request, "recruitment/profile_form.html", {"form": form}, status=status)


@require_POST
def profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    profile = get_profile_for_user(request.user, pk, write=True)
    form = JobProfileForm(request.POST, instance=JobProfile.objects.get(pk=pk))
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            job_profile_update(
                profile=profile,
                data=data,
                actor=request.user,
                version=form.cleaned_data["version"],
            )
        except ConcurrentEditError as error:
            # What the person typed stays in the form; the page says why it was not saved.
            form.add_error(None, str(error))
            return _render_profile(request, profile, form=form, status=CONFLICT)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Nouvelle version de la fiche enregistrée."))
            return redirect(profile)
    return _render_profile(request, profile, form=form, status=400)


def _profile_action(request, pk: int, action, success: str, *, allowed) -> HttpResponse:
    profile = get_profile_for_user(request.user, pk)
    if not allowed(profile):
        raise PermissionDenied
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Rechargez la page et recommencez."))
        return redirect(profile)
    try:
        action(profile=profile, actor=request.user, version=form.cleaned_data["version"])
    except ConcurrentEditError as error:
        messages.error(request, str(error))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect(profile)


@require_POST
def profile_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _profile_action(
        request,
        pk,
        job_profile_submit,
        _("Fiche soumise au visa du directeur et de la DG."),
        allowed=lambda profile: can_edit_recruitments(request.user),
    )


@require_POST
def profile_sign_director(request: HttpRequest, pk: int) -> HttpResponse:
    def sign(**kwargs):
        return job_profile_sign(as_dg=False, **kwargs)

    return _profile_action(
        request,
        pk,
        sign,
        _("Visa du directeur enregistré."),
        allowed=lambda profile: can_sign_as_director(request.user, profile),
    )


@require_POST
def profile_sign_dg(request: HttpRequest, pk: int) -> HttpResponse:
    def sign(**kwargs):
        return job_profile_sign(as_dg=True, **kwargs)

    return _profile_action(
        request,
        pk,
        sign,
        _("Visa de la DG enregistré."),
        allowed=lambda profile: can_sign_as_dg(request.user),
    )
