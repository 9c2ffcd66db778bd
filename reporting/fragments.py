"""Rendered parts of the reporting pages, kept in the cache until the programme changes.

The dashboard's programme panels cost about 90 ms at scale 10 (half SQL, half rendering),
and they are the same for everyone who may open the page. They are rendered once and
kept under a key made of:

- the programme's revision: the last history id of every historical table, read by one
  query. Every change made through Cap writes a history row (the audit rule,
  `tests/trust/test_audit.py`), bulk data generation included, so a change gives a new
  key whatever the cache backend, even a per-process one;
- a generation number, bumped in the cache when a transaction that wrote history commits.
  It closes the one gap of the revision: a transaction that took its history id before
  another one but commits after it;
- the day (overdue and stale lists move at midnight), the language and the viewer's
  scope (the recent activity hides a director's drafts from everyone else).

A stale entry also expires after `FRAGMENT_SECONDS`, which bounds what the clock alone
changes within a day (a meeting that has started leaves the "next meetings").
"""

import hashlib
from collections.abc import Callable
from functools import lru_cache

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from simple_history.models import registered_models

FRAGMENT_SECONDS = 5 * 60
GENERATION_KEY = "reporting:generation"


@lru_cache(maxsize=1)
def _revision_sql() -> str:
    tables = sorted(
        getattr(model, model._meta.simple_history_manager_attribute).model._meta.db_table
        for model in registered_models.values()
        if getattr(model._meta, "simple_history_manager_attribute", None)
    )
    # Built from the models' own table names, quoted: no outside input reaches it.
    quote = connection.ops.quote_name
    columns = ", ".join(
        f"(SELECT MAX(history_id) FROM {quote(table)})"  # noqa: S608
        for table in tables
    )
    return f"SELECT {columns}"  # noqa: S608


def programme_revision() -> str:
    """Where the programme's history stands: the last history id of every historical table,
    in one query (a primary-key probe per table). Any change adds a history row, so it gives
    another revision, however close in time it follows the previous one."""
    with connection.cursor() as cursor:
        cursor.execute(_revision_sql())
        latest = cursor.fetchone()
    digest = hashlib.blake2b(repr(latest).encode(), digest_size=12)
    return digest.hexdigest()


def bump_generation(**kwargs) -> None:
    """Connected to simple-history's post_create_historical_record: after the commit, once
    per transaction however many history rows it writes (an import writes hundreds)."""
    connection = transaction.get_connection()
    pending = getattr(connection, "run_on_commit", ())
    if any(entry[1] is _incr_generation for entry in pending):
        return
    # Robust: the data is committed by then; a cache that does not answer must not turn
    # the write into an error page (the revision alone still renews the key).
    transaction.on_commit(_incr_generation, robust=True)


def _incr_generation() -> None:
    cache.add(GENERATION_KEY, 0, timeout=None)
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # evicted between add and incr
        cache.set(GENERATION_KEY, 1, timeout=None)


class Fragments:
    """The cached fragments of one request: the revision is read once, on first use."""

    def __init__(self):
        self._prefix = None

    def prefix(self) -> str:
        if self._prefix is None:
            generation = cache.get(GENERATION_KEY, 0)
            self._prefix = ":".join(
                (
                    "reporting:fragment",
                    programme_revision(),
                    str(generation),
                    timezone.localdate().isoformat(),
                    get_language() or "",
                )
            )
        return self._prefix

    def get(self, name: str, scope: str, render: Callable[[], str]) -> SafeString:
        """The fragment `name` for viewers of `scope`, rendered by `render()` on a miss."""
        key = f"{self.prefix()}:{name}:{scope}"
        html = cache.get(key)
        if html is None:
            html = str(render())
            cache.set(key, html, FRAGMENT_SECONDS)
        return mark_safe(html)  # noqa: S308 — rendered by a template, escaped there
