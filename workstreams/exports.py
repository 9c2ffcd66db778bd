"""The workstream list as CSV or XLSX: the list's own filters, every page."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from core.exports import Column, export_format, export_response
from workstreams.filters import WorkstreamFilter
from workstreams.models import StatusUpdate, Weather
from workstreams.permissions import require_section
from workstreams.queries import workstreams_for_list
from workstreams.view_helpers import scoped_filter

WEATHER_LABELS = dict(Weather.choices)
TREND_LABELS = dict(StatusUpdate.Trend.choices)

# The current status is the latest non-draft update's (StatusUpdate.objects.current_of):
# no draft reaches this export, whoever asks for it. The import (workstreams/imports.py)
# reads this file back as it is: Code, Intitulé, Priorité, Phase, Pilote, Entité pilote and
# the columns after Archivé are its columns under their export names; the status columns
# come from the points d'avancement and are ignored by the import.
WORKSTREAM_COLUMNS = [
    Column(gettext_lazy("Code"), lambda w: w.code),
    Column(gettext_lazy("Intitulé"), lambda w: w.title),
    Column(gettext_lazy("Priorité"), lambda w: w.priority.name),
    Column(gettext_lazy("Phase"), lambda w: w.get_phase_display()),
    Column(
        gettext_lazy("Météo"),
        lambda w: str(WEATHER_LABELS.get(w.current_weather, _("Pas de point"))),
    ),
    Column(gettext_lazy("Avancement (%)"), lambda w: w.current_progress),
    Column(gettext_lazy("Tendance"), lambda w: str(TREND_LABELS.get(w.current_trend, ""))),
    Column(gettext_lazy("Dernier point"), lambda w: w.last_update_on),
    Column(gettext_lazy("Prochain jalon"), lambda w: w.next_milestone_title or ""),
    Column(gettext_lazy("Échéance du prochain jalon"), lambda w: w.next_milestone_on),
    Column(gettext_lazy("Pilote"), lambda w: str(w.owner)),
    Column(gettext_lazy("Entité pilote"), lambda w: str(w.org_unit or "")),
    Column(gettext_lazy("Archivé"), lambda w: w.archived_at is not None),
    Column(gettext_lazy("Date de début"), lambda w: w.start_date),
    Column(gettext_lazy("Échéance visée"), lambda w: w.target_date),
    Column(gettext_lazy("Axe"), lambda w: w.get_axis_display() if w.axis else ""),
    Column(gettext_lazy("Composante"), lambda w: str(w.component or "")),
]


@require_GET
def workstream_export(request: HttpRequest) -> HttpResponse:
    """The filtered list (every page) as CSV or XLSX, with the list's own query string."""
    require_section(request.user)
    # The current programme's workstreams, as the list shows them.
    filterset = scoped_filter(request, WorkstreamFilter, workstreams_for_list())
    return export_response(
        rows=filterset.qs.select_related("component"),
        columns=WORKSTREAM_COLUMNS,
        fmt=export_format(request),
        filename="chantiers",
        sheet_title=_("Chantiers"),
    )
