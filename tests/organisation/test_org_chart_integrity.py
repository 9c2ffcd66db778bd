"""No loop in the org chart: the database refuses a unit that is its own parent, the
service and the admin refuse longer loops (A → B → C → A), in French, changing nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from organisation.models import OrgUnit
from organisation.services import org_unit_create, org_unit_update
from tests import factories


@pytest.fixture
def chain(db):
    """Pôle Ressources → Direction des ressources humaines → Service paie."""
    pole = factories.OrgUnitFactory(name="Pôle Ressources", kind="pole")
    direction = factories.OrgUnitFactory(name="Direction RH", kind="direction", parent=pole)
    service = factories.OrgUnitFactory(name="Service paie", kind="service", parent=direction)
    return pole, direction, service


def test_the_database_refuses_a_unit_that_is_its_own_parent(chain):
    pole, _direction, _service = chain
    with pytest.raises(IntegrityError), transaction.atomic():
        OrgUnit.objects.filter(pk=pole.pk).update(parent=pole)
    pole.refresh_from_db()
    assert pole.parent is None


def test_the_service_refuses_a_three_unit_loop_in_french_and_changes_nothing(chain, dg):
    pole, _direction, service = chain
    with pytest.raises(ValidationError) as refused:
        org_unit_update(unit=pole, data={"parent": service}, actor=dg)
    assert "formerait une boucle dans l'organigramme" in str(refused.value.message_dict["parent"])
    pole.refresh_from_db()
    assert pole.parent is None
    assert pole.history.count() == 1


def test_the_service_refuses_a_unit_as_its_own_parent(chain, dg):
    pole, _direction, _service = chain
    with pytest.raises(ValidationError):
        org_unit_update(unit=pole, data={"parent": pole}, actor=dg)


def test_the_service_moves_a_unit_under_another_branch(chain, dg):
    _pole, direction, service = chain
    other = org_unit_create(data={"name": "Pôle Proximité", "kind": "pole"}, actor=dg)
    org_unit_update(unit=direction, data={"parent": other}, actor=dg)
    direction.refresh_from_db()
    assert direction.parent == other
    assert service.parent == direction


def test_the_admin_form_refuses_a_three_unit_loop(client, admin_user, chain):
    pole, _direction, service = chain
    client.force_login(admin_user)
    response = client.post(
        f"/admin/organisation/orgunit/{pole.pk}/change/",
        {
            "name": pole.name,
            "acronym": "",
            "kind": "pole",
            "parent": service.pk,
            "state": "current",
        },
    )
    assert response.status_code == 200
    assert "formerait une boucle dans l&#x27;organigramme" in response.content.decode()
    pole.refresh_from_db()
    assert pole.parent is None
