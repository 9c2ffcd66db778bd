import datetime as dt

import pytest

from tests import factories
from workstreams.models import Action, Milestone, StatusUpdate, Workstream


@pytest.fixture
def workstream(director):
    """CSC-01, owned by Karim (the `director` persona), in his direction."""
    return factories.WorkstreamFactory(
        code="CSC-01",
        title="Démarche citoyenne",
        owner=director,
        org_unit=director.org_unit,
    )


@pytest.fixture
def programme(workstream):
    """CSC-01 with one of each thing a page shows or an action changes."""
    return {
        "workstream": workstream,
        "draft": factories.StatusUpdateFactory(
            workstream=workstream,
            date=dt.date(2021, 6, 20),
            state=StatusUpdate.State.DRAFT,
            submitted_at=None,
            progress=35,
        ),
        "submitted": factories.StatusUpdateFactory(
            workstream=workstream, date=dt.date(2021, 6, 14), progress=30
        ),
        "milestone": factories.MilestoneFactory(
            workstream=workstream, title="Charte de la participation", due_date=dt.date(2021, 9, 30)
        ),
        "action": factories.ActionFactory(workstream=workstream, title="Réunir le comité"),
    }


def history_count() -> int:
    """Every historical row of the four models: a refused request must add none."""
    return sum(m.history.count() for m in (Workstream, Milestone, Action, StatusUpdate))
