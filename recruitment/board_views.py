"""The pipeline board, opening a recruitment, and the DG's resource arbitration (with its
CSV/XLSX export and budget decisions)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.exports import Column, export_format, export_response
from priorities.selection import current_programme
from recruitment import queries
from recruitment.filters import ArbitrationFilter, BoardFilter
from recruitment.forms import BudgetForm, RecruitmentOpenForm
from recruitment.models import Position, Recruitment
from recruitment.permissions import can_arbitrate, require_read, require_write
from recruitment.services import position_set_budget, recruitment_open


@require_GET
def recruitment_board(request: HttpRequest) -> HttpResponse:
    """A column per stage with its count, its late ones and its first cards (the oldest in
    the stage first), linking to the list of the stage for the rest; filters by direction
    and workstream; plain links, no script."""
    require_read(request.user)
    filterset = BoardFilter(request.GET, queryset=Recruitment.objects.all(), request=request)
    columns = queries.board(filterset.qs)
    return render(
        request,
        "recruitment/recruitment_board.html",
        {
            "filter": filterset,
            "columns": columns,
            "total": sum(column["count"] for column in columns),
            "cards_per_column": queries.BOARD_CARDS,
        },
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


# Each row carries the DG's decision form: 25 a page (the lists of rows without one show 50).
ARBITRATION_PAGE_SIZE = 25


def _arbitration_filter(request: HttpRequest):
    require_read(request.user)
    programme = current_programme(request)
    positions = queries.arbitration_positions(programme) if programme else Position.objects.none()
    return programme, ArbitrationFilter(request.GET, queryset=positions, request=request)


@require_GET
def arbitration(request: HttpRequest) -> HttpResponse:
    """The posts waiting for the DG's decision (or those of another budget state), a page
    at a time with a decision form each; the totals of every post concerned."""
    programme, filterset = _arbitration_filter(request)
    # A plain paginator: the posts' order needs their workstream and unit joined anyway.
    positions = queries.arbitration_order(filterset.qs)
    page = Paginator(positions, ARBITRATION_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "recruitment/arbitration.html",
        {
            "programme": programme,
            "filter": filterset,
            "page": page,
            "positions": queries.arbitration_rows(page.object_list),
            "shown_state": filterset.shown_state,
            "totals": queries.arbitration_totals(filterset.concerned()),
            "can_arbitrate": can_arbitrate(request.user)
            and programme is not None
            and not programme.is_closed,
            "budget_choices": [(v, str(label)) for v, label in Position.BudgetState.choices],
            "return_query": _return_query(request.GET),
        },
    )


# What the decision form carries back to the page it came from: its filters and page.
RETURN_KEYS = ("budget_state", "nature", "org_unit", "workstream", "page")


def _return_query(params) -> str:
    """`?…` of the arbitration page's own filters in `params`, nothing else."""
    kept = {key: params[key][:100] for key in RETURN_KEYS if params.get(key)}
    return f"?{urlencode(kept)}" if kept else ""


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
    """The posts as filtered on the page, every one of them (not one page)."""
    _programme, filterset = _arbitration_filter(request)
    return export_response(
        rows=queries.arbitration_rows(queries.arbitration_order(filterset.qs)),
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
    # Back to the page the decision was taken on: its filters and page, from the form's
    # address (the next post waiting is then at hand).
    return redirect(reverse("recruitment:arbitration") + _return_query(request.GET))
