"""Personas: the people of DESIGN.md §1, one fixture each."""

import pytest

from tests import factories


@pytest.fixture(autouse=True)
def _clean_cache():
    """Each test starts with an empty cache (in the service tier it is a Redis database of
    its own, which would otherwise outlive the run)."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def dg(db):
    """Claire, the DGS: reviews the dashboard, arbitrates, publishes for the élus."""
    return factories.DGFactory(username="dg", first_name="Claire", last_name="Martin")


@pytest.fixture
def director(db):
    """Karim, director of DCV: owns workstreams and posts their status updates."""
    return factories.DirectorFactory(username="directeur", first_name="Karim", last_name="Benali")


@pytest.fixture
def other_director(db):
    """Sophie, another director: may read Karim's workstreams, never edit them."""
    return factories.DirectorFactory(
        username="directrice2", first_name="Sophie", last_name="Durand"
    )


@pytest.fixture
def elected(db):
    """Françoise, adjointe à la citoyenneté: reads only what the DG published."""
    return factories.ElectedFactory(username="elu", first_name="Françoise", last_name="Leroy")


@pytest.fixture
def hr(db):
    """Nadia, HR: tracks recruitments, reads workstreams, never edits them."""
    return factories.HRFactory(username="rh", first_name="Nadia", last_name="Petit")


@pytest.fixture
def admin_user(db):
    """The administrator: reference data in the Django admin."""
    return factories.AdminFactory(username="admin")


@pytest.fixture
def client_for(client):
    """Log the test client in as a given user: `client_for(dg).get(...)`."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
