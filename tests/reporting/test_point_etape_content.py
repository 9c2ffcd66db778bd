"""The point d'étape's content for each workstream: read as plain rows, it must say what the
pages say (a person's and a unit's name, the phase's label) and list the actions as the
élus read them (the first five done and remaining, with how many in all)."""

import datetime as dt

import pytest

from reporting.point_etape import build_content
from tests import factories
from workstreams.models import Action, Workstream

DAY = dt.date(2021, 9, 1)


def rows(programme) -> dict[str, dict]:
    content = build_content(programme, on=dt.date(2021, 7, 3))
    return {w["code"]: w for p in content["priorities"] for w in p["workstreams"]}


@pytest.fixture
def workstream(db):
    return factories.WorkstreamFactory(code="CSC-01")


def action(workstream, title: str, state: str, days: int | None) -> None:
    due = DAY + dt.timedelta(days=days) if days is not None else None
    factories.ActionFactory(workstream=workstream, title=title, state=state, due_date=due)


def test_each_list_shows_its_first_five_actions_by_due_date_and_counts_them_all(workstream):
    # Made out of order; "sans date" sorts last, abandoned actions are in neither list.
    for days in (6, 2, 4, 0, 5, 1, 3):
        action(workstream, f"fait {days}", Action.State.DONE, days)
    for days in (9, 1, 7):
        action(workstream, f"à faire {days}", Action.State.TODO, days)
    action(workstream, "à faire sans date", Action.State.TODO, None)
    for days in (8, 0, 2, 3):
        action(workstream, f"en cours {days}", Action.State.IN_PROGRESS, days)
    action(workstream, "abandonnée", Action.State.ABANDONED, 0)

    row = rows(workstream.programme)["CSC-01"]

    assert row["done"] == ["fait 0", "fait 1", "fait 2", "fait 3", "fait 4"]
    assert row["done_total"] == 7
    # Both remaining states in one list, by due date across them.
    assert row["remaining"] == ["en cours 0", "à faire 1", "en cours 2", "en cours 3", "à faire 7"]
    assert row["remaining_total"] == 8


def test_a_workstream_without_actions_has_empty_lists(workstream):
    row = rows(workstream.programme)["CSC-01"]
    assert (row["done"], row["done_total"], row["remaining"], row["remaining_total"]) == (
        [],
        0,
        [],
        0,
    )


def test_people_units_and_labels_read_as_the_pages_name_them(db):
    named = factories.DirectorFactory(first_name="Karim", last_name="Benali")
    unnamed = factories.ElectedFactory(username="elue-sans-nom", first_name="", last_name="")
    without_acronym = factories.OrgUnitFactory(name="Mission ville", acronym="")
    first = factories.WorkstreamFactory(
        code="CSC-01",
        owner=named,
        sponsor=unnamed,
        phase=Workstream.Phase.IMPLEMENTATION,
        axis=Workstream.Axis.EXPERIMENTATION,
        component="governance",
    )
    second = factories.WorkstreamFactory(
        code="CSC-02", priority=first.priority, org_unit=without_acronym, sponsor=None
    )
    third = factories.WorkstreamFactory(code="CSC-03", priority=first.priority, org_unit=None)

    by_code = rows(first.programme)

    assert by_code["CSC-01"]["pilot"] == str(named) == "Karim Benali"
    assert by_code["CSC-01"]["sponsor"] == str(unnamed) == "elue-sans-nom"
    assert by_code["CSC-01"]["org_unit"] == str(named.org_unit)
    assert "(" in by_code["CSC-01"]["org_unit"]  # "Direction n (Dn)"
    assert by_code["CSC-01"]["component"] == first.component.name
    assert by_code["CSC-01"]["phase_label"] == first.get_phase_display() == "Mise en œuvre"
    assert by_code["CSC-01"]["axis_label"] == first.get_axis_display() == "Expérimentation"
    assert by_code["CSC-02"]["org_unit"] == "Mission ville"
    assert (by_code["CSC-02"]["sponsor"], by_code["CSC-02"]["axis_label"]) == ("", "")
    assert by_code["CSC-02"]["component"] == ""
    assert by_code["CSC-03"]["org_unit"] == ""
    assert by_code["CSC-03"]["pilot"] == str(third.owner)
    assert second.org_unit == without_acronym


def test_the_page_shows_the_lists_and_how_many_actions_in_all(client, elected, workstream):
    for days in range(7):
        action(workstream, f"fait {days}", Action.State.DONE, days)
    action(workstream, "à faire", Action.State.TODO, 1)
    client.force_login(elected)
    page = client.get("/progress/report/").content.decode()
    assert "<li>fait 4</li>" in page and "fait 5" not in page
    assert "7 actions faites en tout." in page
    assert "<li>à faire</li>" in page and "actions restent en tout" not in page
