"""Reads of the workstreams pages, each in a bounded number of queries.

The list reads everything a row shows (the stored current status and trend, the next
milestone) in the one query that loads the page; the detail page loads each related list
once; the history merges the four historical tables in a single UNION query in which each
row carries its predecessor, so that `diff_against` runs without touching the database.
"""

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import cached_property

from django.db import connection, models
from django.db.models import (
    Case,
    IntegerField,
    OuterRef,
    StringAgg,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organisation.models import Role, User
from priorities.models import Domain, MandatePriority
from workstreams.models import (
    WEATHER_RANK,
    Action,
    Milestone,
    StatusUpdate,
    Workstream,
)
from workstreams.permissions import can_see_drafts_of, draft_visibility_q, status_updates_visible_to
from workstreams.services import WORKSTREAM_FIELDS, trend

Trend = StatusUpdate.Trend


def workstreams_for_list() -> models.QuerySet[Workstream]:
    """Every column of the list in one query (plus the paginator's count): the status is
    the stored current update's, joined; the next milestone is one index probe a row."""
    next_milestone = (
        Milestone.objects.filter(workstream=OuterRef("pk"), archived_at__isnull=True)
        .pending()
        .order_by("due_date", "pk")
    )
    return Workstream.objects.annotate(
        next_milestone_title=Subquery(next_milestone.values("title")[:1]),
        next_milestone_on=Subquery(next_milestone.values("due_date")[:1]),
        weather_rank=Case(
            *[When(current_weather=w, then=Value(r)) for w, r in WEATHER_RANK.items()],
            default=None,
            output_field=IntegerField(),
        ),
    ).select_related("priority", "owner", "org_unit")


def _names_of(model: type[models.Model], ordering: str) -> Subquery:
    """The names of a workstream's domains (or mandate priorities), joined in its own row."""
    related = (
        model.objects.filter(workstreams=OuterRef("pk"))
        .order_by()
        .values("workstreams")
        .annotate(
            names=StringAgg(
                "name",
                delimiter=Value(", "),
                # Older SQLite cannot order inside an aggregate: the names then come unordered.
                order_by=ordering
                if connection.features.supports_aggregate_order_by_clause
                else None,
            )
        )
        .values("names")
    )
    return Subquery(related)


def workstream_for_detail() -> models.QuerySet[Workstream]:
    """The workstream and its frame in one query: the page's other lists load once each."""
    return Workstream.objects.select_related("priority", "owner", "sponsor", "org_unit").annotate(
        domain_names=_names_of(Domain, "number"),
        mandate_priority_names=_names_of(MandatePriority, "order"),
    )


def status_updates_for_detail(workstream: Workstream, *, viewer) -> list[StatusUpdate]:
    """Newest first (without the drafts `viewer` may not see), each with its `trend`
    against the previous non-draft update."""
    updates = status_updates_visible_to(
        viewer, workstream.status_updates.select_related("author", "published_by")
    ).order_by("-date", "-pk")
    updates = list(updates)
    non_draft = [u for u in updates if u.state != StatusUpdate.State.DRAFT]
    for update in updates:
        update.trend = None
    for newer, older in zip(non_draft, non_draft[1:], strict=False):
        newer.trend = trend(newer.weather, newer.progress, older.weather, older.progress)
    return updates


def milestones_for_detail(workstream: Workstream) -> list[Milestone]:
    return list(workstream.milestones.select_related("owner").order_by("due_date", "pk"))


def actions_for_detail(workstream: Workstream) -> list[Action]:
    return list(workstream.actions.select_related("owner").order_by("due_date", "pk"))


# History -----------------------------------------------------------------------------------


def _quoted(*names: str) -> str:
    quote = connection.ops.quote_name
    return ".".join([quote(name) for name in names])


def _person_sql(alias: str) -> str:
    """A person's full name, or their username when they have none."""
    first, last = _quoted(alias, "first_name"), _quoted(alias, "last_name")
    full = f"TRIM(COALESCE({first}, '') || ' ' || COALESCE({last}, ''))"
    return f"COALESCE(NULLIF({full}, ''), {_quoted(alias, 'username')})"


@dataclass(frozen=True)
class _Tracked:
    kind: str
    model: type[models.Model]
    fields: tuple[str, ...]
    labels: tuple[str, ...]  # foreign keys shown by the name of what they point to
    by_workstream: str  # the column tying a historical row to the workstream

    @cached_property
    def history(self):
        # simple-history's `history` descriptor builds a manager class on every access.
        return self.model.history.model

    def data_sql(self, alias: str) -> str:
        """The version in row `alias` as one JSON object: its fields by attname, and for
        each of `labels` the related object's name under `<field>__label`."""
        pairs = []
        for name in self.fields:
            attname = self.model._meta.get_field(name).attname
            pairs.append((attname, _quoted(alias, attname)))
        for name in self.labels:
            model_field = self.model._meta.get_field(name)
            related = model_field.related_model
            named = _person_sql("l") if related is User else _quoted("l", "name")
            pairs.append(
                (
                    f"{name}__label",
                    f"(SELECT {named} FROM {_quoted(related._meta.db_table)} l "  # noqa: S608
                    f"WHERE {_quoted('l', 'id')} = {_quoted(alias, model_field.attname)})",
                )
            )
        function = "JSONB_BUILD_OBJECT" if connection.vendor == "postgresql" else "JSON_OBJECT"
        # The keys are attribute names of our own models: safe as SQL literals.
        return f"{function}({', '.join(f"'{key}', {value}" for key, value in pairs)})"


TRACKED = (
    _Tracked(
        "workstream",
        Workstream,
        # What the pages edit, plus what governance and archiving write.
        (*WORKSTREAM_FIELDS, "cst_opinion_on", "cst_opinion_ref", "archived_at"),
        ("priority", "owner", "org_unit", "sponsor"),
        "id",
    ),
    _Tracked(
        "milestone",
        Milestone,
        (
            "title",
            "due_date",
            "baseline_date",
            "is_key",
            "state",
            "achieved_on",
            "owner",
            "archived_at",
            "move_reason",
        ),
        ("owner",),
        "workstream_id",
    ),
    _Tracked(
        "action",
        Action,
        ("title", "owner", "due_date", "state", "done_on"),
        ("owner",),
        "workstream_id",
    ),
    _Tracked(
        "status_update",
        StatusUpdate,
        (
            "date",
            "weather",
            "progress",
            "done",
            "next_steps",
            "risks",
            "decisions_needed",
            "public_summary",
            "state",
            "return_comment",
            "published_by",
        ),
        ("published_by",),
        "workstream_id",
    ),
)
TRACKED_BY_KIND = {tracked.kind: tracked for tracked in TRACKED}
KIND_LABELS = {
    "workstream": gettext_lazy("le chantier"),
    "milestone": gettext_lazy("le jalon"),
    "action": gettext_lazy("l'action"),
    "status_update": gettext_lazy("le point d'avancement"),
}


@dataclass
class Change:
    field: str
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    kind: str
    kind_label: str
    object_label: str
    at: dt.datetime
    who: str
    action: str  # "+", "~" or "-"
    changes: list[Change] = field(default_factory=list)


def _history_branch(tracked: _Tracked, workstream_pk: int, visible) -> tuple[str, list]:
    """One branch of the UNION: the historical rows of `tracked` tied to the workstream,
    each with its predecessor's data. `visible` (SQL and parameters) restricts the status
    update versions to those the viewer may see, as rows and as predecessors."""
    table = _quoted(tracked.history._meta.db_table)
    restricted = visible is not None and tracked.model is StatusUpdate
    params = list(visible[1]) if restricted else []

    def only_visible(alias: str) -> str:
        return f"AND {_quoted(alias, 'history_id')} IN ({visible[0]})" if restricted else ""

    h, p = "h", "p"
    # Identifiers are quoted by the backend and every value is a parameter.
    sql = (
        f"SELECT '{tracked.kind}' AS kind, {_quoted(h, 'history_date')} AS at, "  # noqa: S608
        f"{_quoted(h, 'history_type')} AS action, "
        f"(SELECT {_person_sql('u')} FROM {_quoted(User._meta.db_table)} u "
        f"WHERE {_quoted('u', 'id')} = {_quoted(h, 'history_user_id')}) AS who, "
        f"{tracked.data_sql(h)} AS data, "
        f"(SELECT {tracked.data_sql(p)} FROM {table} {p} "
        f"WHERE {_quoted(p, 'id')} = {_quoted(h, 'id')} "
        f"AND {_quoted(p, 'history_id')} < {_quoted(h, 'history_id')} "
        f"{only_visible(p)} "
        f"ORDER BY {_quoted(p, 'history_id')} DESC LIMIT 1) AS previous "
        f"FROM {table} {h} WHERE {_quoted(h, tracked.by_workstream)} = %s "
        f"{only_visible(h)}"
    )
    return sql, [*params, workstream_pk, *params]


def _display(model: type[models.Model], name: str, value, data: dict) -> str:
    if value is None or value == "":
        return "—"
    model_field = model._meta.get_field(name)
    if name in data.get("__labels__", ()):
        return data["__labels__"][name] or "—"
    if model_field.choices:
        return str(dict(model_field.choices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return _("oui") if value else _("non")
    if isinstance(model_field, models.DateTimeField):
        moment = parse_datetime(str(value))
        if moment is None:
            return str(value)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, dt.UTC)
        return date_format(timezone.localtime(moment), "d/m/Y H:i")
    if isinstance(model_field, models.DateField):
        day = parse_date(str(value)[:10])
        return date_format(day, "d/m/Y") if day else str(value)
    return Truncator(str(value)).chars(120)


def _split(tracked: _Tracked, data: dict | None) -> tuple[dict, dict]:
    data = dict(data or {})
    labels = {name: data.pop(f"{name}__label", None) for name in tracked.labels}
    return data, labels


def _object_label(tracked: _Tracked, values: dict) -> str:
    if tracked.kind == "workstream":
        return f"{values.get('code')} — {values.get('title')}"
    if tracked.kind == "status_update":
        return _("du %(date)s") % {"date": _display(StatusUpdate, "date", values.get("date"), {})}
    return f"« {values.get('title')} »"


def _json(value):
    # JSON objects come back as text (SQLite; psycopg as Django configures it) or decoded.
    return json.loads(value) if isinstance(value, (str, bytes)) else value


def _moment(value) -> dt.datetime:
    if isinstance(value, str):  # SQLite gives the stored text
        value = parse_datetime(value)
    return value if timezone.is_aware(value) else timezone.make_aware(value, dt.UTC)


def _history_union_rows(workstream: Workstream, viewer, limit: int) -> list[dict]:
    """One query, written as SQL: built by the ORM, its four annotated branches cost many
    times what the database takes to run it. Who sees which draft stays the ORM's
    `draft_visibility_q`, compiled into the `history_id IN (…)` the branches share."""
    visible = None
    if not can_see_drafts_of(viewer, workstream):
        versions = (
            TRACKED_BY_KIND["status_update"]
            .history.objects.filter(draft_visibility_q(viewer), workstream_id=workstream.pk)
            .order_by()
            .values("history_id")
        )
        visible = versions.query.sql_with_params()
    branches = [_history_branch(t, workstream.pk, visible) for t in TRACKED]
    sql = " UNION ALL ".join(branch for branch, _ in branches)
    params = [param for _, branch_params in branches for param in branch_params]
    # Read a few more rows than shown: saves that changed nothing visible are skipped.
    sql += " ORDER BY at DESC LIMIT %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit + 20])
        columns = [column[0] for column in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:
        row["at"] = _moment(row["at"])
        row["data"] = _json(row["data"])
        row["previous"] = _json(row["previous"])
    return rows


def workstream_history(workstream: Workstream, *, viewer, limit: int = 30) -> list[HistoryEntry]:
    """The workstream's and its milestones', actions' and updates' changes, newest first,
    without the draft versions of status updates `viewer` may not see.

    One query: a UNION of the four historical tables, each row carrying its predecessor.
    """
    rows = _history_union_rows(workstream, viewer, limit)
    entries = []
    for row in rows:
        tracked = TRACKED_BY_KIND[row["kind"]]
        new_values, new_labels = _split(tracked, row["data"])
        entry = HistoryEntry(
            kind=tracked.kind,
            kind_label=str(KIND_LABELS[tracked.kind]),
            object_label=_object_label(tracked, new_values),
            at=row["at"],
            who=row["who"] or _("Système"),
            # A change with no visible predecessor follows drafts the viewer may not see:
            # to them, this is when the update appeared.
            action="+" if row["action"] == "~" and row["previous"] is None else row["action"],
        )
        if row["action"] == "~" and row["previous"] is not None:
            old_values, old_labels = _split(tracked, row["previous"])
            history = tracked.history
            # simple-history compares the two versions; m2m fields are not diffed here
            # (their rows live in other tables).
            delta = history(**new_values).diff_against(
                history(**old_values),
                included_fields=list(tracked.fields),
            )
            for change in delta.changes:
                verbose = tracked.model._meta.get_field(change.field).verbose_name
                entry.changes.append(
                    Change(
                        field=change.field,
                        label=str(verbose),
                        old=_display(
                            tracked.model,
                            change.field,
                            change.old,
                            {"__labels__": old_labels},
                        ),
                        new=_display(
                            tracked.model,
                            change.field,
                            change.new,
                            {"__labels__": new_labels},
                        ),
                    )
                )
            entry.changes.sort(key=lambda c: tracked.fields.index(c.field))
            if not entry.changes:
                continue
        entries.append(entry)
        if len(entries) == limit:
            break
    return entries


# Hand-overs ------------------------------------------------------------------------------


def dg_names() -> list[str]:
    """Who the DG is, for the page that says who a submitted update goes to."""
    return [str(user) for user in User.objects.filter(is_active=True, role=Role.DG)]


def updates_to_rework(user) -> models.QuerySet[StatusUpdate]:
    """ "À reprendre": the drafts the DG sent back to `user`, their author, with her
    comment, oldest first (for their dashboard's to-do list)."""
    return (
        StatusUpdate.objects.filter(
            author=user,
            state=StatusUpdate.State.DRAFT,
            workstream__archived_at__isnull=True,
        )
        .exclude(return_comment="")
        .select_related("workstream__programme")
        .order_by("date", "pk")
    )
