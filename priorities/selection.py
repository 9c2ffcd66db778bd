"""The programme a request is about: what lists, dashboards and reports are scoped by.

The choice a person made (a POST to `/programmes/<slug>/switch/`) is kept in the session
under `programme_id`; without one, or when that programme no longer exists, the active
programme; without an active one, the most recent. One query, made once per request:
the answer is kept on the request for the views, the templates (the context processor)
and the workstream resolver alike.
"""

from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest

from priorities.models import Programme

SESSION_KEY = "programme_id"
_CACHE_ATTRIBUTE = "_current_programme"


def session_programme_id(request: HttpRequest) -> int | None:
    """The programme id the person chose, if any (a malformed value counts as none)."""
    session = getattr(request, "session", None)
    value = session.get(SESSION_KEY) if session is not None else None
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def programme_rank(chosen_id: int | None, *, field: str = "") -> Case:
    """0 for the chosen programme, 1 for the active one, 2 for the others: ordered by it,
    then by start date (latest first), the first row is the current programme. `field`
    reaches the programme from another model (e.g. "programme__")."""
    whens = [When(**{f"{field}state": Programme.State.ACTIVE}, then=Value(1))]
    if chosen_id is not None:
        whens.insert(0, When(**{f"{field}pk" if field else "pk": chosen_id}, then=Value(0)))
    return Case(*whens, default=Value(2), output_field=IntegerField())


def current_programme(request: HttpRequest) -> Programme | None:
    """The session's programme if it still exists, else the active one, else the most
    recent; None when there is no programme at all."""
    if hasattr(request, _CACHE_ATTRIBUTE):
        return getattr(request, _CACHE_ATTRIBUTE)
    programme = (
        Programme.objects.select_related("commune")
        .alias(rank=programme_rank(session_programme_id(request)))
        .order_by("rank", "-start_date", "-pk")
        .first()
    )
    setattr(request, _CACHE_ATTRIBUTE, programme)
    return programme


def choose_programme(request: HttpRequest, programme: Programme) -> None:
    """Remember `programme` as the person's choice for the rest of their session."""
    request.session[SESSION_KEY] = programme.pk
    setattr(request, _CACHE_ATTRIBUTE, programme)


def current_among(request: HttpRequest, programmes: list[Programme]) -> Programme | None:
    """`current_programme` picked from every programme, already loaded (the programme
    list's page), without a query of its own; kept for the rest of the request."""
    if hasattr(request, _CACHE_ATTRIBUTE):
        return getattr(request, _CACHE_ATTRIBUTE)
    chosen = {p.pk: p for p in programmes}.get(session_programme_id(request))
    active = next((p for p in programmes if p.state == Programme.State.ACTIVE), None)
    latest = max(programmes, key=lambda p: (p.start_date, p.pk), default=None)
    programme = chosen or active or latest
    setattr(request, _CACHE_ATTRIBUTE, programme)
    return programme


def is_current(request: HttpRequest, programme: Programme) -> bool:
    """Whether `programme` (loaded with its commune) is the current one; decided without
    a query, and kept for the header, when the session names it or names none and it is
    the active one (a page about one workstream needs no second read of its programme)."""
    if not hasattr(request, _CACHE_ATTRIBUTE):
        chosen = session_programme_id(request)
        if chosen == programme.pk or (chosen is None and programme.state == Programme.State.ACTIVE):
            setattr(request, _CACHE_ATTRIBUTE, programme)
            return True
    current = current_programme(request)
    return current is not None and current.pk == programme.pk
