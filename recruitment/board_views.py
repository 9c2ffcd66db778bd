"""The pipeline board, opening a recruitment, and the DG's resource arbitration (with its
CSV/XLSX export and budget decisions)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.exports import Column, export_format, export_response
from priorities.selection import current_programme
from recruitment import queries
from recruitment.filters import BoardFilter
from recruitment.forms import BudgetForm, RecruitmentOpenForm
from recruitment.models import Position
from recruitment.permissions import can_arbitrate, require_read, require_write
from recruitment.services import position_set_budget, recruitment_open


@require_GET
def recruitment_board(request: HttpRequest) -> HttpResponse:
    """A column per stage; filters by direction and workstream; plain links, no script."""
    require_read(request.user)
    filterset = BoardFilter(request.GET, queryset=queries.recruitments_for_list(), request=request)
    return render(
        request,
        "recruitment/recruitment_board.html",
        {"filter": filterset, "columns": queries.board(filterset.qs)},
    )


@require_http_methods(["GET", "POST"])
def recruitment_create(request: HttpRequest) -> HttpResponse:
    """Open a recruitment on a post: an existing one, or one just created for a workstream's
    need or a new unit (the page links to the post form for those)."""
    require_write(request.user)
    initial: dict = {"hr_owner": request.user.pk}
    position = request.GET.get("position", "")
    if position.isdigit() and len(position) < 10:
        initial["position"] = int(position)
    form = RecruitmentOpenForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "position"}
        try:
            recruitment = recruitment_open(
                position=form.cleaned_data["position"], data=data, actor=request.user
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Recrutement ouvert : le besoin est identifié."))
            return redirect(recruitment)
    status = 400 if request.method == "POST" else 200
    return render(request, "recruitment/recruitment_form.html", {"form": form}, status=status)


def _arbitration_data(request: HttpRequest):
    require_read(request.user)
    programme = current_programme(request)
    positions = queries.arbitration(programme) if programme else []
    return programme, positions


@require_GET
def arbitration(request: HttpRequest) -> HttpResponse:
    programme, positions = _arbitration_data(request)
    return render(
        request,
        "recruitment/arbitration.html",
        {
            "programme": programme,
            "positions": positions,
            "totals": queries.arbitration_totals(positions),
            "can_arbitrate": can_arbitrate(request.user)
            and programme is not None
            and not programme.is_closed,
            "budget_choices": Position.BudgetState.choices,
        },
    )


ARBITRATION_COLUMNS = [
    Column(gettext_lazy("Chantier"), lambda p: p.workstream.code),
    Column(gettext_lazy("Direction"), lambda p: str(p.direction)),
    Column(gettext_lazy("Entité"), lambda p: str(p.org_unit)),
    Column(gettext_lazy("Poste"), lambda p: p.title),
    Column(gettext_lazy("Nature"), lambda p: p.get_nature_display()),
    Column(gettext_lazy("Catégorie"), lambda p: p.category),
    Column(gettext_lazy("ETP"), lambda p: p.fte),
    Column(gettext_lazy("Coût annuel (€)"), lambda p: p.yearly_cost),
    Column(gettext_lazy("Arbitrage"), lambda p: p.get_budget_state_display()),
]


@require_GET
def arbitration_export(request: HttpRequest) -> HttpResponse:
    _programme, positions = _arbitration_data(request)
    return export_response(
        rows=positions,
        columns=ARBITRATION_COLUMNS,
        fmt=export_format(request),
        filename="arbitrages-postes",
        sheet_title=_("Arbitrages"),
    )


@require_POST
def position_budget(request: HttpRequest, pk: int) -> HttpResponse:
    """The DG's budget decision on a post, from the arbitration page."""
    require_read(request.user)
    position = get_object_or_404(Position, pk=pk)
    if not can_arbitrate(request.user):
        raise PermissionDenied
    form = BudgetForm(request.POST)
    if form.is_valid():
        try:
            position_set_budget(
                position=position,
                budget_state=form.cleaned_data["budget_state"],
                actor=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("Arbitrage enregistré pour « %(title)s ».") % {"title": position}
            )
    else:
        messages.error(request, _("Choisissez un arbitrage."))
    return redirect("recruitment:arbitration")
