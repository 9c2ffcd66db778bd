import pytest

from tests import factories


@pytest.fixture
def workstream(director):
    """CSC-01, owned by Karim (the `director` persona), in his direction."""
    return factories.WorkstreamFactory(
        code="CSC-01",
        title="Démarche citoyenne",
        owner=director,
        org_unit=director.org_unit,
    )
