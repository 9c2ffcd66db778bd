"""The demo's events, played in the order they happened.

Each event is (moment, actor, callable): the callable writes through the services, inside
`time_machine.travel(moment)`, so the history rows, `created_at` defaults, `date`s the
services take from today and the stage changes all carry the moment the event happened,
and the actor signs them. Events of the same moment keep the order they were added in.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import time_machine
from django.utils import timezone

from demo import data


def day_of(value: str | data.Rel | dt.date, today: dt.date) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, data.Rel):
        return today + dt.timedelta(days=value.days)
    return dt.date.fromisoformat(value)


def moment(day: dt.date, time: str = "09:00") -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.fromisoformat(time)))


@dataclass
class Timeline:
    today: dt.date
    events: list[tuple[dt.datetime, int, Any, Callable[[Any], Any]]] = field(default_factory=list)

    def day(self, value: str | data.Rel | dt.date | None) -> dt.date | None:
        return None if value is None else day_of(value, self.today)

    def at(self, when: dt.datetime, actor, action: Callable[[Any], Any]) -> None:
        """Play `action(actor)` at `when` (never later than now: the past only)."""
        self.events.append((when, len(self.events), actor, action))

    def play(self) -> None:
        now = timezone.now()
        for when, _order, actor, action in sorted(self.events, key=lambda e: e[:2]):
            with time_machine.travel(min(when, now), tick=False):
                action(actor)
        self.events.clear()
