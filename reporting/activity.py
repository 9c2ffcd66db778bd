"""The programme-wide activity feed, read from django-simple-history's tables.

One UNION ALL over the historical tables gives a page of entries (each branch limited to
the page on PostgreSQL, so every branch is an index scan on `history_date`); then, for
the page only, one query per model present fetches the records and their predecessors
to show what changed. The number of queries is bounded by the number of models, never
by the volume of history.

The feed is a programme's: entries about its workstreams (and their milestones, actions
and updates), its priorities, and the positions, recruitments, job profiles, decisions and
agenda items tied to one of its workstreams; what belongs to the commune (units, bodies,
meetings, and the positions, decisions and agenda items tied to no workstream) shows in
every programme's feed. Each branch of the UNION says it with a subquery on the record's
own columns, so scoping adds no query.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from django.db import connection
from django.db.models import (
    FETCH_PEERS,
    BigIntegerField,
    CharField,
    F,
    Model,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Concat, Substr
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exports import Column
from governance.models import AgendaItem, Body, Decision, Meeting
from organisation.models import OrgUnit, User
from priorities.models import Priority
from recruitment.models import JobProfile, Position, Recruitment
from workstreams.models import Action, Milestone, StatusUpdate, Workstream
from workstreams.permissions import can_see_update, draft_visibility_q

VALUE_MAX_CHARS = 80
# Bookkeeping fields nobody needs to read in a diff.
SKIPPED_FIELDS = {"id", "version", "created_at"}


@dataclass(frozen=True)
class Source:
    key: str
    model: type[Model]
    label: object  # an expression over the historical model, giving a short text
    workstream_code: str | None  # the path to the workstream code, for the link
    # Otherwise, the page of the object: (URL name, path to the id it takes).
    page: tuple[str, str] | None = None
    # Which records belong to a programme (its id given); None: the commune's, in every feed.
    scope: Callable[[int], Q] | None = None

    @cached_property
    def history_model(self) -> type[Model]:
        """Read once: django-simple-history builds a manager class on every `Model.history`."""
        return self.model.history.model  # type: ignore[attr-defined]

    @cached_property
    def diff_fields(self) -> tuple:
        """The fields a diff compares: those the historical model keeps, bookkeeping left out."""
        excluded = set(self.history_model._history_excluded_fields) | SKIPPED_FIELDS
        return tuple(f for f in self.model._meta.concrete_fields if f.name not in excluded)

    @property
    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name)


def _text(expression) -> Cast:
    return Cast(expression, output_field=CharField())


def _programme_workstreams(programme_id: int):
    return Workstream.objects.filter(programme_id=programme_id).values("pk")


def _of_programme(programme_id: int) -> Q:
    return Q(programme_id=programme_id)


def _of_workstream(programme_id: int) -> Q:
    return Q(workstream_id__in=_programme_workstreams(programme_id))


def _of_workstream_or_commune(programme_id: int) -> Q:
    """Tied to one of the programme's workstreams, or to none (then the commune's)."""
    return Q(workstream_id__isnull=True) | _of_workstream(programme_id)


def _of_position(programme_id: int) -> Q:
    """About a position tied to one of the programme's workstreams, or to none."""
    positions = Position.objects.filter(
        Q(workstream__isnull=True) | Q(workstream__programme_id=programme_id)
    ).values("pk")
    return Q(position_id__in=positions)


SOURCES: list[Source] = [
    Source(
        "workstream",
        Workstream,
        Concat("code", Value(" — "), "title"),
        "code",
        scope=_of_programme,
    ),
    Source("milestone", Milestone, _text("title"), "workstream__code", scope=_of_workstream),
    Source("action", Action, _text("title"), "workstream__code", scope=_of_workstream),
    Source(
        "statusupdate",
        StatusUpdate,
        Concat("workstream__code", Value(" — "), "workstream__title"),
        "workstream__code",
        scope=_of_workstream,
    ),
    Source(
        "decision",
        Decision,
        Substr("text", 1, 120),
        "workstream__code",
        ("governance:meeting-detail", "meeting_id"),
        scope=_of_workstream_or_commune,
    ),
    Source("meeting", Meeting, _text("body__name"), None, ("governance:meeting-detail", "id")),
    Source(
        "agendaitem",
        AgendaItem,
        _text("title"),
        "workstream__code",
        ("governance:meeting-detail", "meeting_id"),
        scope=_of_workstream_or_commune,
    ),
    Source("body", Body, _text("name"), None),
    Source(
        "recruitment",
        Recruitment,
        _text("position__title"),
        None,
        ("recruitment:recruitment-detail", "id"),
        scope=_of_position,
    ),
    Source(
        "position",
        Position,
        _text("title"),
        "workstream__code",
        scope=_of_workstream_or_commune,
    ),
    Source("jobprofile", JobProfile, _text("position__title"), None, scope=_of_position),
    Source("orgunit", OrgUnit, _text("name"), None),
    Source("priority", Priority, _text("name"), None, scope=_of_programme),
]
SOURCES_BY_KEY = {source.key: source for source in SOURCES}

CHANGE_LABELS = {
    "+": gettext_lazy("Création"),
    "~": gettext_lazy("Modification"),
    "-": gettext_lazy("Suppression"),
}


def model_choices() -> list[tuple[str, str]]:
    return [(s.key, capfirst(s.model._meta.verbose_name)) for s in SOURCES]


def workstream_url(code: str) -> str:
    """A workstream's page (of the programme the reader is looking at)."""
    try:
        return reverse("workstreams:workstream-detail", args=[code])
    except NoReverseMatch:
        return f"/workstreams/{code}/"


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    source: Source
    history_id: int
    at: dt.datetime
    type: str
    object_id: int
    label: str
    workstream_code: str | None
    user_id: int | None
    user_name: str
    changes: list[Change] = field(default_factory=list)
    url: str | None = None

    @property
    def type_label(self) -> str:
        return CHANGE_LABELS.get(self.type, self.type)

    @property
    def model_label(self) -> str:
        return capfirst(self.source.verbose_name)


@dataclass(frozen=True)
class Filters:
    user_id: int | None = None
    model: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    # The programme whose feed this is; None (no programme at all): every entry.
    programme_id: int | None = None


def _branch(source: Source, filters: Filters, drafts: Q, limit: int | None):
    history = source.history_model.objects.all()
    if filters.programme_id is not None and source.scope is not None:
        history = history.filter(source.scope(filters.programme_id))
    if filters.user_id:
        history = history.filter(history_user_id=filters.user_id)
    tz = timezone.get_current_timezone()
    if filters.start:
        history = history.filter(
            history_date__gte=dt.datetime.combine(filters.start, dt.time.min, tzinfo=tz)
        )
    if filters.end:
        history = history.filter(
            history_date__lt=dt.datetime.combine(
                filters.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz
            )
        )
    if source.model is StatusUpdate:
        # Who sees a draft is workstreams' rule: others see no trace of it.
        history = history.filter(drafts)
    history = history.values(
        a_model=Value(source.key, output_field=CharField()),
        a_hid=F("history_id"),
        a_at=F("history_date"),
        a_type=F("history_type"),
        a_obj=F("id"),
        a_label=source.label,
        a_ws=(
            _text(source.workstream_code)
            if source.workstream_code
            else Cast(Value(None), CharField())
        ),
        a_page=F(source.page[1]) if source.page else Cast(Value(None), BigIntegerField()),
        a_user=F("history_user_id"),
        a_first=F("history_user__first_name"),
        a_last=F("history_user__last_name"),
        a_username=F("history_user__username"),
    )
    if limit and connection.features.supports_slicing_ordering_in_compound:
        # Each branch reads only what the page may need, through the history_date index.
        return history.order_by("-history_date", "-history_id")[:limit]
    return history.order_by()  # the historical models' default ordering is not allowed here


@lru_cache(maxsize=256)
def _page_query(filters: Filters, drafts: Q, offset: int, limit: int):
    """The page's queryset, unevaluated, kept per (filters, draft visibility, slice).

    The one cache Cap keeps, and only of a query's construction, never of its result:
    building the thirteen annotated branches of the UNION costs about half the page, more
    than running it (docs/performance.md). A queryset holds no rows until iterated, and
    each use below works on a fresh clone (`.all()`), so every view reads the database.
    `drafts` is the viewer's `draft_visibility_q` (a Q compares and hashes by value).
    """
    sources = [SOURCES_BY_KEY[filters.model]] if filters.model else SOURCES
    # With one model there is no UNION: the page is sliced directly.
    branch_limit = offset + limit if len(sources) > 1 else None
    branches = [_branch(source, filters, drafts, branch_limit) for source in sources]
    first, *rest = branches
    union = first.union(*rest, all=True) if rest else first
    return union.order_by("-a_at", "-a_hid", "a_model")[offset : offset + limit]


def _entries(filters: Filters, viewer, offset: int, limit: int) -> list[Entry]:
    rows = _page_query(filters, draft_visibility_q(viewer), offset, limit).all()
    entries = []
    for row in rows:
        name = " ".join(part for part in (row["a_first"], row["a_last"]) if part)
        entries.append(
            Entry(
                source=SOURCES_BY_KEY[row["a_model"]],
                history_id=row["a_hid"],
                at=row["a_at"],
                type=row["a_type"],
                object_id=row["a_obj"],
                label=Truncator(row["a_label"] or "").chars(VALUE_MAX_CHARS),
                workstream_code=row["a_ws"],
                user_id=row["a_user"],
                user_name=name or row["a_username"] or _("Système"),
            )
        )
        entries[-1].url = _entry_url(entries[-1].source, row["a_ws"], row["a_page"])
    return entries


def _entry_url(source: Source, workstream_code: str | None, page_id: int | None) -> str | None:
    """The workstream page when the object belongs to one, else the object's own page."""
    if workstream_code:
        return workstream_url(workstream_code)
    if source.page and page_id:
        try:
            return reverse(source.page[0], args=[page_id])
        except NoReverseMatch:
            return None
    return None


def recent_activity(viewer, limit: int = 10, *, programme_id: int | None = None) -> list[Entry]:
    """One query: the programme's latest entries across every tracked model, without their
    diffs."""
    return _entries(Filters(programme_id=programme_id), viewer, 0, limit)


@dataclass
class Page:
    entries: list[Entry]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def activity_page(viewer, filters: Filters, number: int, size: int = 25) -> Page:
    """A page of the feed with the changed fields of each entry.

    Queries: one UNION for the page (one row more than the page tells whether a next page
    exists, so no COUNT over the whole history), then per model present on the page one
    query for its records and their predecessors, then one per related model to name the
    objects a changed foreign key points to.
    """
    number = max(1, number)
    rows = _entries(filters, viewer, (number - 1) * size, size + 1)
    entries = rows[:size]
    _attach_changes(entries, viewer)
    return Page(entries=entries, number=number, has_next=len(rows) > size)


def feed_entries(viewer, filters: Filters, limit: int) -> list[Entry]:
    """The first `limit` entries of the filtered feed with their changes, for an export."""
    entries = _entries(filters, viewer, 0, limit)
    _attach_changes(entries, viewer)
    return entries


def _attach_changes(entries: list[Entry], viewer) -> None:
    by_source: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_source[entry.source.key].append(entry)
    pending_fk: dict[type[Model], set] = defaultdict(set)
    diffs: list[tuple[Entry, list[tuple]]] = []
    for key, group in by_source.items():
        source = SOURCES_BY_KEY[key]
        records = _records_with_predecessors(source, [e.history_id for e in group])
        fields = source.diff_fields
        for entry in group:
            record, previous = records.get(entry.history_id, (None, None))
            if record is None:
                continue
            if entry.url is None:
                entry.url = _object_url(record)
            if (
                previous is not None
                and key == "statusupdate"
                and not can_see_update(viewer, previous)
            ):
                # Compared with a draft the viewer may not see: to them the update appears.
                previous, entry.type = None, "+"
            if previous is None or entry.type != "~":
                continue
            changed = []
            for model_field in fields:
                old = getattr(previous, model_field.attname, None)
                new = getattr(record, model_field.attname, None)
                if old == new:
                    continue
                if model_field.is_relation and model_field.related_model is not None:
                    pending_fk[model_field.related_model].update(v for v in (old, new) if v)
                changed.append((model_field, old, new))
            diffs.append((entry, changed))
    # FETCH_PEERS: when a name needs a further object (a recruitment's position), it is
    # loaded for all the objects of that query at once, not one query per object.
    related = {
        model: model._default_manager.fetch_mode(FETCH_PEERS).in_bulk(ids)
        for model, ids in pending_fk.items()
    }
    for entry, changed in diffs:
        entry.changes = [
            Change(
                label=capfirst(model_field.verbose_name),
                old=_display(model_field, old, related),
                new=_display(model_field, new, related),
            )
            for model_field, old, new in changed
        ]


def _records_with_predecessors(source: Source, history_ids: list[int]) -> dict:
    """One query: the records of the page and, for each, the record just before it."""
    history = source.history_model
    previous_id = Subquery(
        history.objects.filter(id=OuterRef("id"))
        .filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    predecessors = (
        history.objects.filter(history_id__in=history_ids)
        .annotate(previous_id=previous_id)
        .values("previous_id")
    )
    # One set of ids (the page's and their predecessors'), so that the rows are read by
    # their primary key; an OR of the two lists would scan the whole table.
    wanted_ids = history.objects.filter(history_id__in=history_ids).values("history_id")
    rows = history.objects.filter(history_id__in=wanted_ids.union(predecessors)).order_by(
        "id", "history_date", "history_id"
    )
    if source.workstream_code == "workstream__code":
        rows = rows.select_related("workstream")
    rows = list(rows)
    wanted = set(history_ids)
    result = {}
    for index, row in enumerate(rows):
        if row.history_id not in wanted:
            continue
        before = rows[index - 1] if index and rows[index - 1].id == row.id else None
        result[row.history_id] = (row, before)
    return result


def _object_url(record) -> str | None:
    """The page of the object, when its model has one and it needs no query to build."""
    if not hasattr(record.instance_type, "get_absolute_url"):
        return None
    try:
        return record.instance.get_absolute_url()
    except (NoReverseMatch, AttributeError, ValueError):
        return None


def _display(model_field, value, related: dict) -> str:
    if value is None or value == "":
        return "—"
    if model_field.is_relation and model_field.related_model is not None:
        obj = related.get(model_field.related_model, {}).get(value)
        text = str(obj) if obj is not None else _("n° %(id)s (supprimé)") % {"id": value}
    elif model_field.choices:
        text = str(dict(model_field.flatchoices).get(value, value))
    elif isinstance(value, bool):
        text = _("Oui") if value else _("Non")
    elif isinstance(value, dt.datetime):
        text = date_format(timezone.localtime(value), "d/m/Y H:i")
    elif isinstance(value, dt.date):
        text = date_format(value, "d/m/Y")
    else:
        text = str(value)
    return Truncator(text).chars(VALUE_MAX_CHARS)


def people_with_history():
    """The people who may appear in the feed, for the filter (one query)."""
    return User.objects.filter(is_active=True).order_by("last_name", "first_name", "username")


def _changes_text(entry: Entry) -> str:
    return "\n".join(f"{c.label} : {c.old} → {c.new}" for c in entry.changes)


# The export of the feed: the same entries and changes as the page, drafts hidden alike.
EXPORT_COLUMNS = [
    Column(gettext_lazy("Date"), lambda e: e.at),
    Column(gettext_lazy("Personne"), lambda e: e.user_name),
    Column(gettext_lazy("Opération"), lambda e: str(e.type_label)),
    Column(gettext_lazy("Type d'objet"), lambda e: e.model_label),
    Column(gettext_lazy("Objet"), lambda e: e.label),
    Column(gettext_lazy("Chantier"), lambda e: e.workstream_code or ""),
    Column(gettext_lazy("Modifications"), _changes_text),
]
