"""The machinery the trust tests share: every URL of the project, a data set to fill their
kwargs, and a snapshot of the audit trail to prove that a refused request changed nothing.

The expectations themselves live in permission_table.py; this module only finds and fills.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import factories
from tests.trust import permission_table as table


@dataclass(frozen=True)
class UrlEntry:
    name: str  # namespaced URL name, e.g. "workstreams:workstream-detail"
    route: str  # the full route as written, e.g. "workstreams/<str:code>/"
    kwargs: tuple[str, ...]
    callback: Any = field(compare=False, repr=False)


def _kwarg_names(pattern) -> tuple[str, ...]:
    converters = getattr(pattern.pattern, "converters", None)
    if converters:
        return tuple(converters)
    regex = pattern.pattern.regex
    return tuple(regex.groupindex)


def _walk(patterns, prefix: str = "", namespace: str | None = None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = ":".join(part for part in (namespace, pattern.namespace) if part) or None
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            # An unnamed pattern cannot be reversed nor have a row: it shows as its route so
            # that the failure names it.
            name = pattern.name or f"<unnamed {prefix + str(pattern.pattern)}>"
            full_name = f"{namespace}:{name}" if namespace else name
            yield UrlEntry(
                name=full_name,
                route=prefix + str(pattern.pattern),
                kwargs=_kwarg_names(pattern),
                callback=pattern.callback,
            )


def all_urls() -> list[UrlEntry]:
    """Every URL pattern of the project, through every include, in resolver order."""
    return list(_walk(get_resolver().url_patterns))


def covered_urls() -> list[UrlEntry]:
    """The URLs the matrix covers: all but the admin site's internal ones."""
    seen: dict[str, UrlEntry] = {}
    for entry in all_urls():
        if not table.is_excluded(entry.name):
            seen.setdefault(entry.name, entry)
    return list(seen.values())


# --- The data set ----------------------------------------------------------------------


def build_personas() -> dict[str, Any]:
    """The personas of tests/conftest.py, made the same way, for module-scoped data."""
    return {
        "dg": factories.DGFactory(username="dg", first_name="Claire", last_name="Martin"),
        "director": factories.DirectorFactory(
            username="directeur", first_name="Karim", last_name="Benali"
        ),
        "other_director": factories.DirectorFactory(
            username="directrice2", first_name="Sophie", last_name="Durand"
        ),
        "hr": factories.HRFactory(username="rh", first_name="Nadia", last_name="Petit"),
        "elected": factories.ElectedFactory(
            username="elu", first_name="Françoise", last_name="Leroy"
        ),
        "admin_user": factories.AdminFactory(username="admin"),
    }


@contextmanager
def shared_data(django_db_blocker):
    """The data set, built once for a whole test module and rolled back after it.

    Each test still runs in its own savepoint (pytest-django's `db`), so what a test writes
    is undone before the next one; building the data once keeps the matrix under a minute.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_matrix_data(**build_personas())
        transaction.set_rollback(True)


def build_matrix_data(*, dg, director, other_director, hr, elected, admin_user):
    """One of everything, on two sides: `own` hangs from a workstream Karim (director) owns,
    `other` from one Sophie (other_director) owns, in another org unit."""
    users = {
        "dg": dg,
        "director": director,
        "other_director": other_director,
        "hr": hr,
        "elected": elected,
        "admin": admin_user,
    }
    priority = factories.PriorityFactory(code="CSC", name="Cohésion sociale – Citoyenneté")

    def side(owner, code: str) -> SimpleNamespace:
        workstream = factories.WorkstreamFactory(
            code=code, owner=owner, priority=priority, sponsor=elected
        )
        position = factories.PositionFactory(org_unit=owner.org_unit, workstream=workstream)
        meeting = factories.MeetingFactory()
        decision = factories.DecisionFactory(meeting=meeting, workstream=workstream)
        return SimpleNamespace(
            workstream=workstream,
            milestone=factories.MilestoneFactory(workstream=workstream, owner=owner),
            action=factories.ActionFactory(workstream=workstream, owner=owner),
            status_update=factories.StatusUpdateFactory(workstream=workstream),
            draft_update=factories.StatusUpdateFactory(
                workstream=workstream, state="draft", submitted_at=None
            ),
            position=position,
            job_profile=factories.JobProfileFactory(position=position),
            recruitment=factories.RecruitmentFactory(position=position, hr_owner=hr),
            meeting=meeting,
            body=meeting.body,
            agenda_item=factories.AgendaItemFactory(meeting=meeting, workstream=workstream),
            decision=decision,
            follow_up_action=factories.FollowUpActionFactory(decision=decision, owner=owner),
            notification=factories.NotificationFactory(recipient=owner),
            org_unit=owner.org_unit,
            framework_document=factories.FrameworkDocumentFactory(
                file=ContentFile(b"%PDF-1.4 projet de direction", name="projet.pdf")
            ),
            priority=workstream.priority,
            edition=factories.EditionFactory(programme=workstream.programme, created_by=dg),
            user=owner,
        )

    return SimpleNamespace(
        users=users,
        password=factories.PASSWORD,
        own=side(director, "CSC-01"),
        other=side(other_director, "CSC-02"),
    )


PERSONA_USER = {
    "anon": None,
    "dg": "dg",
    "dir": "director",
    "dir✗": "director",
    "hr": "hr",
    "elu": "elected",
    "admin": "admin",
}


def side_for(data, persona: str) -> SimpleNamespace:
    """The objects a persona acts on: another director's for dir✗, Karim's for the rest."""
    return data.other if persona == "dir✗" else data.own


def object_kind(url_name: str, kwarg: str) -> str:
    override = table.OBJECT_FOR_URL.get(url_name, {}).get(kwarg)
    if override:
        return override
    short = url_name.split(":")[-1]
    for haystack in (kwarg, short, url_name):
        for keyword, kind in table.OBJECT_KEYWORDS:
            if keyword in haystack:
                return kind
    raise LookupError(
        f"cannot tell which object fills <{kwarg}> of {url_name}: "
        "add it to OBJECT_FOR_URL in tests/trust/permission_table.py"
    )


def url_kwargs(entry: UrlEntry, objects: SimpleNamespace, user=None) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for kwarg in entry.kwargs:
        if kwarg == "code" or kwarg.endswith("_code"):
            values[kwarg] = objects.workstream.code
        elif kwarg == "slug":  # a programme's: the one the workstream belongs to
            values[kwarg] = objects.workstream.programme.slug
        elif kwarg == "path":  # an uploaded file: the framework document's
            values[kwarg] = objects.framework_document.file.name
        elif kwarg == "section":  # a section of the drafted DG agenda
            values[kwarg] = "off_track"
        elif kwarg == "token":
            values[kwarg] = (user or objects.user).calendar_token
        else:
            values[kwarg] = getattr(objects, object_kind(entry.name, kwarg)).pk
    return values


def url_for(entry: UrlEntry, objects: SimpleNamespace, user=None) -> str:
    return reverse(entry.name, kwargs=url_kwargs(entry, objects, user))


# --- The audit trail -------------------------------------------------------------------


def audited_tables() -> list[str]:
    return sorted(
        model._meta.db_table for model in apps.get_models() if hasattr(model, "instance_type")
    )


_SAFE_NAME = re.compile(r"^[A-Za-z0-9_]+$")


def history_counts() -> dict[str, int]:
    """The number of history rows of every audited model, in one query."""
    tables = audited_tables()
    assert all(_SAFE_NAME.match(name) for name in tables)
    quote = connection.ops.quote_name
    selects = ", ".join(f"(SELECT COUNT(*) FROM {quote(name)})" for name in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {selects}")  # table names from the app registry, checked above
        row = cursor.fetchone()
    return dict(zip(tables, row, strict=True))


def rows_of(objects: SimpleNamespace) -> dict[str, Any]:
    """The stored values of the objects a request could touch."""
    snapshot = {}
    for name, obj in vars(objects).items():
        model = type(obj)
        snapshot[name] = model._default_manager.filter(pk=obj.pk).values().first()
    return snapshot
