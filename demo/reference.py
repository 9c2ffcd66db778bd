"""Reference data the administrator enters (people, mandates with their domains and
priorities, legal references, framework documents, the commune): no service writes these
rows, so they are validated and saved here, signed by the administrator."""

import datetime as dt
from typing import Any

from django.db import models

from demo import data
from priorities.models import Domain, Mandate, MandatePriority


def create[M: models.Model](model: type[M], actor, m2m: dict | None = None, **values) -> M:
    """A validated row written by `actor` now (its history row signed by `actor`)."""
    obj = model(**values)
    obj.full_clean()
    obj._history_user = actor
    obj.save()
    for name, related in (m2m or {}).items():
        getattr(obj, name).set(related)
    return obj


def enter_mandate(
    actor, values: dict[str, Any]
) -> tuple[Mandate, dict[int, Domain], dict[str, MandatePriority]]:
    """A mandate with its domains and its priorities (the projet de mandat's), by code."""
    mandate = create(
        Mandate,
        actor,
        name=values["name"],
        start_date=dt.date.fromisoformat(values["start_date"]),
        end_date=dt.date.fromisoformat(values["end_date"]) if values.get("end_date") else None,
    )
    domains = {
        number: create(Domain, actor, mandate=mandate, number=number, name=name)
        for number, name in data.DOMAINS
    }
    priorities = {
        code: create(MandatePriority, actor, mandate=mandate, code=code, name=name, order=order)
        for order, (code, name) in enumerate(data.MANDATE_PRIORITIES, start=1)
    }
    return mandate, domains, priorities
