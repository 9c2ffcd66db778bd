"""Reminders: the shape every source returns, and the registry the apps fill.

Each app reads its own data into `Reminder`s and registers the function that does it
(`@register_source` for the hourly pass, `@register_source(digest=True)` for the DG's
Monday digest) in its reminders module, which its AppConfig.ready() imports. The pass
(`notifications.services.reminders_send_all`) walks the registry: notifications sits at
the bottom of the stack and imports none of the apps that feed it.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Reminder:
    recipient: models.Model
    kind: str
    subject: str
    body: str
    url: str
    about: models.Model | None
    due: dt.date

    @property
    def dedup_key(self) -> str:
        """kind + object + due date (+ recipient): the same reminder is never sent twice."""
        about = f"{self.about._meta.label_lower}:{self.about.pk}" if self.about else "-"
        return f"{self.kind}:{about}:{self.due.isoformat()}:{self.recipient.pk}"


type ReminderSource = Callable[[dt.date], Iterable[Reminder]]

_PASS: list[ReminderSource] = []
_DIGEST: list[ReminderSource] = []


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
