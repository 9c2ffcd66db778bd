"""Reporting: read-only pages over every app (DESIGN.md §2). It writes nothing."""

import datetime as dt
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from core.exports import Column, export_format, export_response
from governance import queries as governance_queries
from organisation.models import Role
from organisation.permissions import can_open_section, home_url_name
from priorities.models import Priority
from priorities.selection import current_programme
from reporting import activity, charts, dashboard, queries
from reporting.filters import ActivityFilter, MilestoneTimelineFilter
from reporting.point_etape import org_target_rows
from workstreams.models import Milestone

ACTIVITY_PAGE_SIZE = 25
PROGRESS_ROWS_PER_PRIORITY = 10  # on the élus' page; each priority's page lists them all
PROGRESS_PAGE_SIZE = 25
ACTIVITY_MAX_PAGE = 10_000
ACTIVITY_EXPORT_MAX = 5_000


def _require_section(request: HttpRequest, section: str) -> None:
    if not can_open_section(request.user, section):
        raise PermissionDenied


def _workstream_list_path() -> str:
    try:
        return reverse("workstreams:workstream-list")
    except NoReverseMatch:
        return "/workstreams/"


def _with_query(base: str, params: dict) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{base}?{query}" if query else base


def workstream_list_url(**params) -> str:
    """The workstream list filtered by `params` (its FilterSet's GET parameter names)."""
    return _with_query(_workstream_list_path(), params)


def _list_hrefs():
    """The workstream list's links of a view's charts, its path reversed once for all of
    them (a heatmap has a cell per priority and weather, each a link)."""
    base = _workstream_list_path()

    def heatmap_href(row, weather) -> str:
        return _with_query(base, {"priority": row.priority.pk, "weather": weather})

    def weather_href(weather) -> str:
        return _with_query(base, {"weather": weather})

    return heatmap_href, weather_href


def _overview(programme, today: dt.date) -> dict:
    """What every reader of the dashboard sees about the programme: the weather and the
    progress by priority (one GROUP BY that also counts the headline's stale workstreams
    and pending decisions) and by domain, and the milestones due soon with their count."""
    by_priority = dashboard.weather_by_priority(programme, today)
    by_domain = dashboard.progress_by_domain(programme)
    due_soon, due_soon_total = dashboard.milestones_due_soon(programme, today)
    return {
        "by_priority": by_priority,
        "heatmap": charts.heatmap(by_priority, dashboard.WEATHER_COLUMNS, _list_hrefs()[0]),
        "priority_bars": charts.bar_chart(
            [(row.priority.name, row.progress) for row in by_priority], maximum=100, unit=" %"
        ),
        "by_domain": by_domain,
        "domain_bars": charts.bar_chart(
            [(str(row.domain), row.progress) for row in by_domain], maximum=100, unit=" %"
        ),
        "due_soon": due_soon,
        "due_soon_total": due_soon_total,
        "due_soon_days": dashboard.DUE_SOON_DAYS,
        "stale_days": settings.CAP_STALE_UPDATE_DAYS,
        "stale_url": workstream_list_url(stale=1),
        "overdue_url": workstream_list_url(overdue=1),
        "panel_limit": dashboard.PANEL_LIMIT,
    }


def _dg_panels(programme, today: dt.date, overview: dict) -> dict:
    """The DG's headline figures and to-do lists first, then the lists that follow them."""
    waiting, waiting_total = dashboard.awaiting_publication(programme)
    funnel_open, funnel_final = dashboard.recruitment_funnel()
    follow_up, follow_up_total = dashboard.decisions_awaiting_follow_up()
    overdue, overdue_total = dashboard.overdue_milestones(programme, today)
    headline = dashboard.headline(
        overview["by_priority"], overdue_total, overview["due_soon_total"], waiting_total
    )
    return {
        "headline": headline,
        "weather_bar": charts.weather_bar(headline.weather_cells, _list_hrefs()[1]),
        "waiting": waiting,
        "waiting_total": waiting_total,
        "needed": dashboard.decisions_needed(programme),
        "overdue": overdue,
        "stale": dashboard.stale_workstreams(programme, today),
        "funnel_open": funnel_open,
        "funnel_final": funnel_final,
        "funnel_chart": charts.bar_chart([(s.label, s.count) for s in funnel_open]),
        "funnel_total": sum(s.count for s in funnel_open),
        "meetings": dashboard.upcoming_meetings(),
        "follow_up": follow_up,
        "follow_up_total": follow_up_total,
    }


@require_GET
def dashboard_view(request: HttpRequest) -> HttpResponse:
    """The DG's dashboard opens with headline figures and their to-do lists; a director's
    with their own to-dos and workstreams; the programme's overview follows for both."""
    if not can_open_section(request.user, "dashboard"):
        # Élus and HR have their own first page.
        return redirect(home_url_name(request.user))
    today = timezone.localdate()
    user = request.user
    programme = current_programme(request)
    overview = _overview(programme, today)
    context = {"today": today, **overview}
    if user.role == Role.DIRECTOR and not user.is_superuser:
        context["todo"] = dashboard.director_todo(programme, user, today)
        context["mine"] = dashboard.my_workstreams(programme, user)
        template = "reporting/dashboard_director.html"
    else:
        context.update(_dg_panels(programme, today, overview))
        template = "reporting/dashboard.html"
    return render(request, template, context)


def _timeline_filter(request: HttpRequest, today: dt.date) -> MilestoneTimelineFilter:
    """The timeline's FilterSet over the current programme's milestones."""
    return MilestoneTimelineFilter(request.GET, today=today, programme=current_programme(request))


@require_GET
def milestone_timeline(request: HttpRequest) -> HttpResponse:
    """Every milestone of the period, by priority and workstream, a page of workstreams at
    a time, with the chart of their slippage and the export of them all."""
    _require_section(request, "milestones")
    today = timezone.localdate()
    filterset = _timeline_filter(request, today)
    start, end = filterset.period()
    timeline = queries.timeline_milestones(filterset.qs, page=request.GET.get("page"))
    return render(
        request,
        "reporting/milestone_timeline.html",
        {
            "filter": filterset,
            "start": start,
            "end": end,
            "timeline": timeline,
            "milestones": timeline.milestones,
            "page": timeline.page,
            "chart": charts.gantt(timeline.milestones, start=start, end=end, today=today),
            "today": today,
        },
    )


def _owner_name(row: dict) -> str:
    full = f"{row['owner_first_name'] or ''} {row['owner_last_name'] or ''}".strip()
    return full or row["owner_username"] or ""


def _timeline_export_columns() -> list[Column]:
    # The state's label translated once per export, not once per row.
    states = {value: str(label) for value, label in Milestone.State.choices}
    return [
        Column(_("Code du chantier"), lambda r: r["workstream_code"]),
        Column(_("Chantier"), lambda r: r["workstream_title"]),
        Column(_("Priorité du programme"), lambda r: r["priority_name"]),
        Column(_("Jalon"), lambda r: r["title"]),
        Column(_("Jalon clé"), lambda r: r["is_key"]),
        Column(_("Échéance initiale"), lambda r: r["baseline_date"]),
        Column(_("Échéance"), lambda r: r["due_date"]),
        Column(_("Glissement (jours)"), lambda r: (r["due_date"] - r["baseline_date"]).days),
        Column(_("État"), lambda r: states.get(r["state"], r["state"])),
        Column(_("Atteint le"), lambda r: r["achieved_on"]),
        Column(_("Responsable"), _owner_name),
    ]


@require_GET
def milestone_export(request: HttpRequest) -> HttpResponse:
    """The timeline's milestones, every page of them, as CSV or XLSX, with the page's own
    query string (its FilterSet)."""
    _require_section(request, "milestones")
    filterset = _timeline_filter(request, timezone.localdate())
    return export_response(
        rows=queries.timeline_export_rows(filterset.qs),
        columns=_timeline_export_columns(),
        fmt=export_format(request),
        filename="jalons",
        sheet_title=_("Jalons"),
    )


@require_GET
def activity_feed(request: HttpRequest) -> HttpResponse:
    _require_section(request, "activity")
    filterset = ActivityFilter(request.GET, programme=current_programme(request))
    page = activity.activity_page(
        request.user,
        filterset.feed_filters(),
        _page_number(request.GET.get("page")),
        size=ACTIVITY_PAGE_SIZE,
    )
    return render(
        request,
        "reporting/activity.html",
        {"filter": filterset, "form": filterset.form, "page": page},
    )


def _page_number(value: str | None) -> int:
    """The requested page of the feed; anything but a number from 1 to 10,000 is page 1."""
    try:
        number = int(value or 1)
    except ValueError:
        return 1
    return number if 1 <= number <= ACTIVITY_MAX_PAGE else 1


@require_GET
def activity_export(request: HttpRequest) -> HttpResponse:
    """The filtered feed, newest first, as CSV or XLSX (at most ACTIVITY_EXPORT_MAX rows)."""
    _require_section(request, "activity")
    filterset = ActivityFilter(request.GET, programme=current_programme(request))
    entries = activity.feed_entries(request.user, filterset.feed_filters(), ACTIVITY_EXPORT_MAX)
    return export_response(
        rows=entries,
        columns=activity.EXPORT_COLUMNS,
        fmt=export_format(request),
        filename="activite",
        sheet_title=_("Activité"),
    )


@require_GET
def progress(request: HttpRequest) -> HttpResponse:
    """The élus' progress page: published content only, their delegation first, then the
    programme by priority (the first rows of each, its page for the rest), mandate
    priority and domain."""
    _require_section(request, "progress")
    programme = current_programme(request)
    return render(
        request,
        "reporting/progress.html",
        {
            "programme": programme,
            "key_milestones": queries.key_milestones_by_priority(programme),
            # Its outline; the whole chart is on its own page.
            "org_target": org_target_rows(outline=True),
            "mine": queries.published_for_sponsor(programme, request.user),
            "sections": queries.published_sections(programme, PROGRESS_ROWS_PER_PRIORITY),
            "by_mandate": queries.published_progress_by(programme, "mandate_priorities"),
            "by_domain": queries.published_progress_by(programme, "domains"),
            "expected_decisions": list(governance_queries.decisions_with_elected(programme)),
        },
    )


@require_GET
def progress_organisation(request: HttpRequest) -> HttpResponse:
    """The organisation cible as the élus see it: every unit not dissolved, in tree order."""
    _require_section(request, "progress")
    return render(
        request, "reporting/progress_organisation.html", {"org_target": org_target_rows()}
    )


@require_GET
def progress_priority(request: HttpRequest, pk: int) -> HttpResponse:
    """One priority's workstreams as the élus see them, a page at a time."""
    _require_section(request, "progress")
    # Another programme's priority is not there: the élus read the current programme.
    priority = get_object_or_404(Priority, pk=pk, programme=current_programme(request))
    page = Paginator(queries.published_of_priority(priority), PROGRESS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "reporting/progress_priority.html", {"priority": priority, "page": page})


@require_GET
def progress_workstream(request: HttpRequest, code: str) -> HttpResponse:
    """One workstream as the élus see it: its published status (dated, flagged when stale)
    and its key milestones. Drafts and internal notes never reach it."""
    _require_section(request, "progress")
    workstream = queries.published_workstream(current_programme(request), code)
    if workstream is None:
        raise Http404
    today = timezone.localdate()
    # Their lateness and their slippage, two figures: the lateness and slippage filters.
    milestones = queries.key_milestones_of(workstream)
    return render(
        request,
        "reporting/progress_workstream.html",
        {"workstream": workstream, "milestones": milestones, "today": today},
    )


@login_not_required
@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "reporting/accessibility.html")
