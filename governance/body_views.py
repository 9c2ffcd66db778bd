"""A body's page: its charter (role, members, frequency, quorum; each version kept in the
history), its members with their role and college, its meetings; the DG edits the
charter and the secretary, and adds and removes members (a search by name, never a list of
every person)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from governance import queries, services
from governance.forms import BodyForm, MemberRemoveForm, MemberSearchForm, MembershipForm
from governance.meeting_views import CONFLICT, add_errors
from governance.permissions import can_edit_body, can_run_meeting, get_body_for_user
from workstreams.services import ConcurrentEditError

CHARTER_VERSIONS_SHOWN = 10


def _charter_versions(body):
    """The charter as it read after each change, newest first (the history's own rows)."""
    rows = body.history.order_by("-history_date", "-history_id").values(
        "charter", "history_date", "history_user__first_name", "history_user__last_name"
    )
    versions, previous = [], None
    for row in reversed(list(rows)):
        if row["charter"] != previous:
            versions.append(row)
            previous = row["charter"]
    return list(reversed(versions))[:CHARTER_VERSIONS_SHOWN]


def _render(request, body, *, status=200, membership_form=None, remove_form=None):
    members, meetings = queries.body_page(body)
    can_edit = can_edit_body(request.user)
    search_form = MemberSearchForm(request.GET if can_edit else None)
    # A NUL byte or an over-long text is refused with the field's French message.
    search = search_form.cleaned_data["q"] if search_form.is_valid() else ""
    candidates = queries.member_candidates(body, search) if search else []
    if membership_form is None and candidates:
        membership_form = MembershipForm(body=body, candidates=candidates)
    return render(
        request,
        "governance/body_detail.html",
        {
            "body": body,
            "members": members,
            "meetings": meetings,
            "charter_versions": _charter_versions(body),
            "can_edit": can_edit,
            "can_run": can_run_meeting(request.user, body),
            "search": search,
            "search_form": search_form,
            "candidates": candidates,
            "membership_form": membership_form if can_edit else None,
            "remove_form": remove_form,
        },
        status=status,
    )


@require_GET
def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, get_body_for_user(request.user, pk))


@require_http_methods(["GET", "POST"])
def body_edit(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_body_for_user(request.user, pk, write=True)
    form = BodyForm(request.POST or None, instance=body)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.body_update(
                body=body, data=data, actor=request.user, version=form.cleaned_data["version"]
            )
        except (ValidationError, ConcurrentEditError) as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Charte et secrétariat enregistrés."))
            return redirect(body)
    status = CONFLICT if getattr(form, "conflict", False) else (400 if form.is_bound else 200)
    return render(request, "governance/body_form.html", {"form": form, "body": body}, status=status)


@require_POST
def body_membership(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a member (found by the page's search) with their role and, on the CST, their
    college; a member already seated gets the new role and college."""
    body = get_body_for_user(request.user, pk, write=True)
    form = MembershipForm(request.POST, body=body)
    if form.is_valid():
        try:
            services.member_add(
                body=body,
                user=form.cleaned_data["user"],
                college=form.cleaned_data.get("college", ""),
                role=form.cleaned_data["role"],
                actor=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s siège désormais dans l'instance.")
                % {"name": form.cleaned_data["user"]},
            )
            return redirect(f"{body.get_absolute_url()}#members")
    # Shown again with the chosen person only (never a list of every person): a refused
    # person is searched for again.
    chosen = form.cleaned_data.get("user") if hasattr(form, "cleaned_data") else None
    form.fields["user"].choices = [(chosen.pk, str(chosen))] if chosen else []
    return _render(request, body, status=400, membership_form=form)


@require_POST
def body_member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """A member leaves the body (no longer convened); the history keeps their seat."""
    body = get_body_for_user(request.user, pk, write=True)
    form = MemberRemoveForm(request.POST, body=body)
    if form.is_valid():
        try:
            services.member_remove(body=body, user=form.cleaned_data["user"], actor=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s ne siège plus dans l'instance.") % {"name": form.cleaned_data["user"]},
            )
            return redirect(f"{body.get_absolute_url()}#members")
    return _render(request, body, status=400, remove_form=form)
