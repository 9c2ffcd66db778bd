"""The programme `generate_volume` fills: the active one, or, when none is active, a frame
the volume's DG builds through the programme services (a mandate with its domains and
priorities, a programme with CAP 2021's components and priorities, activated).

The frame is named as a volume's rows are (`… (volume)`, slug `volume`), so that
`seed_demo` run afterwards (bench/pages.py's order) finds nothing of its own taken.
"""

import datetime as dt
from collections import Counter

from demo import data
from demo.reference import enter_mandate
from priorities import services as priorities
from priorities.models import Programme

FRAME = {
    "slug": "volume",
    "name": "Programme de volume (mesures de performance)",
    "short_name": "Volume",
    "description": "Programme synthétique rempli par generate_volume.",
}
# How far back the frame's mandate and programme start: the volume's workstreams start up
# to 900 days before the run.
MANDATE_DAYS, PROGRAMME_DAYS = 1000, 900


def programme_to_fill(*, actor, today: dt.date, created: Counter[str]) -> Programme:
    """The active programme, or a new frame activated by `actor` (its rows counted in
    `created`)."""
    active = Programme.objects.active()
    if active is not None:
        return active
    mandate, domains, mandate_priorities = enter_mandate(
        actor,
        {
            "name": "Mandat (volume)",
            "start_date": (today - dt.timedelta(days=MANDATE_DAYS)).isoformat(),
        },
    )
    programme = priorities.programme_create(
        data={
            **FRAME,
            "mandate": mandate,
            "start_date": today - dt.timedelta(days=PROGRAMME_DAYS),
        },
        actor=actor,
    )
    for order, (code, name) in enumerate(data.COMPONENTS, start=1):
        priorities.component_create(
            programme=programme, data={"code": code, "name": name, "order": order}, actor=actor
        )
    for order, row in enumerate(data.PRIORITIES, start=1):
        priorities.priority_create(
            programme=programme,
            data={
                "code": row["code"],
                "name": row["name"],
                "description": row["description"],
                "order": order,
                "mandate_priorities": [mandate_priorities[c] for c in row["mandate"]],
                "domains": [domains[n] for n in row["domains"]],
            },
            actor=actor,
        )
    programme = priorities.programme_activate(programme=programme, actor=actor)
    created.update(
        {
            "Mandate": 1,
            "Domain": len(domains),
            "MandatePriority": len(mandate_priorities),
            "Programme": 1,
            "Component": len(data.COMPONENTS),
            "Priority": len(data.PRIORITIES),
        }
    )
    return programme
