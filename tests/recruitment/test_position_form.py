"""The post's form: the workstream that needs it is typed by its code, among the active
workstreams of one open programme, instead of picked among a programme's thousand."""

import pytest

from priorities.models import Programme
from recruitment.models import Position
from tests import factories

NEW = "/recruitment/positions/new/"


def _post(unit, **extra) -> dict:
    return {
        "title": "Chargé de mission citoyenneté",
        "org_unit": unit.pk,
        "nature": "creation",
        "reason": "Le chantier a besoin d'un chargé de mission.",
        "category": "A",
        "filiere": "administrative",
        "grades": "Attaché",
        "fte": "1",
        "yearly_cost": "50000",
        **extra,
    }


@pytest.fixture
def later_programme(db):
    """A programme in preparation whose CSC-01 carries the active one's code."""
    programme = factories.ProgrammeFactory(slug="suite", name="Suite", short_name="Suite")
    priority = factories.PriorityFactory(programme=programme, code="CSC")
    return factories.WorkstreamFactory(programme=programme, priority=priority, code="CSC-01")


def test_a_post_takes_the_code_of_a_workstream_of_the_current_programme(
    client, hr, later_programme
):
    workstream = factories.WorkstreamFactory(code="CSC-01", title="Guichet unique")
    unit = factories.OrgUnitFactory()
    client.force_login(hr)
    response = client.post(NEW, _post(unit, workstream=" csc-01 "))
    assert response.status_code == 302
    # The active programme's CSC-01, not the one in preparation with the same code.
    assert Position.objects.get().workstream == workstream


@pytest.mark.parametrize(
    "typed",
    ["XXX-99", "CSC\x00-01", "C" * 30, "ARC-01", "OLD-01"],
    ids=["unknown", "nul byte", "too long", "archived", "closed programme"],
)
def test_a_code_outside_the_programmes_active_workstreams_is_refused_in_french(client, hr, typed):
    factories.WorkstreamFactory(code="ARC-01", archived_at="2026-01-01T00:00Z")
    closed = factories.ProgrammeFactory(slug="old", name="Ancien", state=Programme.State.CLOSED)
    factories.WorkstreamFactory(
        programme=closed, priority=factories.PriorityFactory(programme=closed), code="OLD-01"
    )
    client.force_login(hr)
    response = client.post(NEW, _post(factories.OrgUnitFactory(), workstream=typed))
    assert response.status_code == 400
    assert "Aucun chantier actif de ce programme ne porte ce code." in response.content.decode()
    assert not Position.objects.exists()


def test_the_workstream_pages_link_and_the_edit_form_show_the_workstreams_code(
    client, hr, later_programme
):
    """Opened from a workstream of another programme than the current one, the form and
    its post read codes in that workstream's programme."""
    client.force_login(hr)
    url = f"{NEW}?workstream={later_programme.pk}"
    assert 'name="workstream" value="CSC-01"' in client.get(url).content.decode()
    factories.WorkstreamFactory(code="CSC-01")  # the current programme's, same code
    assert (
        client.post(url, _post(factories.OrgUnitFactory(), workstream="CSC-01")).status_code == 302
    )
    position = Position.objects.get()
    assert position.workstream == later_programme
    edit = client.get(f"/recruitment/positions/{position.pk}/edit/").content.decode()
    assert 'name="workstream" value="CSC-01"' in edit


def test_the_post_form_runs_the_same_queries_for_few_and_many_workstreams_and_units(
    client, hr, django_assert_num_queries
):
    client.force_login(hr)
    for n in (1, 30):
        factories.WorkstreamFactory.create_batch(n)
        factories.OrgUnitFactory.create_batch(n)
        # 1 session, 2 user, 3 the current programme (header), 4 the units of the
        # target organisation, 5 the legal bases of a contract.
        with django_assert_num_queries(5):
            assert client.get(NEW).status_code == 200
        workstream = factories.WorkstreamFactory()
        # And 6 the code of the workstream whose page linked here.
        with django_assert_num_queries(6):
            page = client.get(f"{NEW}?workstream={workstream.pk}").content.decode()
        assert f'value="{workstream.code}"' in page
