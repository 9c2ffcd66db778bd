import datetime as dt

import pytest

from priorities.models import Programme
from tests import factories


@pytest.fixture
def programmes(director):
    """CAP 2021, closed, with CSC-01 (running when it closed) and CSC-02 (finished); the
    new mandate's programme, active, an example, whose CSC-01 continues the old one and
    which holds NEW-01 of its own; a programme in preparation with nothing in it yet."""
    old = factories.ProgrammeFactory(
        slug="cap-2021",
        name="CAP 2021 – Adaptation de l'Organisation",
        short_name="CAP 2021",
        start_date=dt.date(2021, 1, 1),
        end_date=dt.date(2025, 12, 31),
        state=Programme.State.ACTIVE,
    )
    old_priority = factories.PriorityFactory(programme=old, code="CSC", name="Cohésion (2021)")
    old_csc = factories.WorkstreamFactory(
        programme=old, priority=old_priority, code="CSC-01", title="Guichet 2021", owner=director
    )
    factories.WorkstreamFactory(
        programme=old,
        priority=old_priority,
        code="CSC-02",
        title="Ancien chantier terminé",
        owner=director,
        phase="closed",
    )
    Programme.objects.filter(pk=old.pk).update(state=Programme.State.CLOSED)
    new = factories.ProgrammeFactory(
        slug="adaptation-2026",
        name="Adaptation 2026 – exemple",
        short_name="ADAPT 2026",
        start_date=dt.date(2026, 4, 1),
        state=Programme.State.ACTIVE,
        is_example=True,
        previous=old,
    )
    new_priority = factories.PriorityFactory(programme=new, code="CSC", name="Cohésion (2026)")
    factories.WorkstreamFactory(
        programme=new,
        priority=new_priority,
        code="CSC-01",
        title="Guichet 2026",
        owner=director,
        carried_from=old_csc,
    )
    factories.WorkstreamFactory(
        programme=new, priority=new_priority, code="NEW-01", title="Nouveau 2026", owner=director
    )
    draft = factories.ProgrammeFactory(
        slug="suite-2030",
        name="Suite 2030",
        short_name="S 2030",
        start_date=dt.date(2030, 1, 1),
        state=Programme.State.PREPARATION,
    )
    old.refresh_from_db()
    return {"old": old, "new": new, "draft": draft}
