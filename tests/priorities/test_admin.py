"""The admin changes a programme's state only through the services."""

import pytest
from django.urls import reverse

from priorities.models import Programme
from tests import factories


def test_the_admin_closes_a_programme_through_the_service_and_cannot_edit_it_after(
    client, admin_user
):
    programme = factories.default_programme()
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:priorities_programme_changelist"),
        {"action": "close", "_selected_action": [programme.pk]},
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.state == Programme.State.CLOSED
    assert programme.history.first().history_user == admin_user
    # Read-only from now on: the change form does not save.
    url = reverse("admin:priorities_programme_change", args=[programme.pk])
    client.post(url, {"name": "Autre", "short_name": "X", "slug": programme.slug})
    programme.refresh_from_db()
    assert programme.name != "Autre"


@pytest.mark.parametrize("field", ["state", "previous"])
def test_the_programme_form_of_the_admin_has_no_state_or_previous_field(field):
    from django.contrib.admin.sites import site

    assert field in site._registry[Programme].readonly_fields
