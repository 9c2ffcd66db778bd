"""Reminders: the shape every source returns, and the registry the apps fill.

Each app reads its own data into `Reminder`s and registers the function that does it
(`@register_source` for the hourly pass, `@register_source(digest=True)` for the DG's
Monday digest) in its reminders module, which its AppConfig.ready() imports. The pass
(`notifications.services.reminders_send_all`) walks the registry: notifications sits at
the bottom of the stack and imports none of the apps that feed it.

A pass reads thousands of candidates, most of them already sent (docs/performance.md):
a `Reminder` therefore names its recipient and its object by their keys, not by model
instances, so that a source reads plain values in one query (`values_list`), translates
its texts once (not once per reminder) and builds its links with `path_of` (one
`reverse()` per source, not one per reminder).
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.db import models
from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS


@dataclass(frozen=True, slots=True)
class Reminder:
    recipient_id: int
    kind: str
    subject: str
    body: str
    url: str
    about_model: type[models.Model] | None
    about_id: Any
    due: dt.date

    @property
    def dedup_key(self) -> str:
        """kind + object + due date (+ recipient): the same reminder is never sent twice."""
        about = (
            f"{self.about_model._meta.label_lower}:{self.about_id}"
            if self.about_model is not None
            else "-"
        )
        return f"{self.kind}:{about}:{self.due.isoformat()}:{self.recipient_id}"


type ReminderSource = Callable[[dt.date], Iterable[Reminder]]

_PASS: list[ReminderSource] = []
_DIGEST: list[ReminderSource] = []

# Digits pass every path converter (int, str, slug) and appear in no prefix of ours.
_MARKER = "7310428596"


def path_of(viewname: str) -> Callable[[Any], str]:
    """A function giving `reverse(viewname, args=[value])` for a view taking one argument,
    at the cost of one `reverse()`: the path is reversed once around a marker, and each
    value is quoted as `reverse()` quotes it. Django has no bulk reverse; a pass builds
    thousands of links, and `reverse()` was half of its time."""
    template = reverse(viewname, args=[_MARKER])
    if template.count(_MARKER) != 1:
        return lambda value: reverse(viewname, args=[value])
    head, tail = template.split(_MARKER)
    safe = RFC3986_SUBDELIMS + "/~:@"
    return lambda value: f"{head}{quote(str(value), safe=safe)}{tail}"


def register_source(source: ReminderSource | None = None, *, digest: bool = False):
    """Add a reminder source to the hourly pass, or to the DG's digest with digest=True."""

    def add(function: ReminderSource) -> ReminderSource:
        registry = _DIGEST if digest else _PASS
        if function not in registry:
            registry.append(function)
        return function

    return add(source) if source is not None else add


def pass_sources() -> tuple[ReminderSource, ...]:
    return tuple(_PASS)


def digest_sources() -> tuple[ReminderSource, ...]:
    return tuple(_DIGEST)
