"""The decision register's filters, and its CSV and XLSX exports that follow them."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from governance.models import Decision
from tests import factories

EXPORT = reverse("governance:decision-export")
REGISTER = reverse("governance:decision-list")


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


@pytest.fixture
def register(db):
    """An arbitration at CODIR whose text looks like a formula, a validation at the CST."""
    codir = factories.BodyFactory(name="CODIR", kind="administrative")
    cst = factories.BodyFactory(name="Comité social territorial", kind="social_dialogue")
    arbitration = factories.DecisionFactory(
        meeting=factories.MeetingFactory(body=codir),
        kind=Decision.Kind.ARBITRATION,
        text='=HYPERLINK("http://exemple.test")',
        date=dt.date(2021, 9, 14),
        workstream=factories.WorkstreamFactory(code="CSC-01"),
    )
    validation = factories.DecisionFactory(
        meeting=factories.MeetingFactory(body=cst),
        kind=Decision.Kind.VALIDATION,
        text="Charte de gouvernance validée",
        follow_up=Decision.FollowUp.DONE,
    )
    return codir, arbitration, validation


def test_the_register_filters_by_body_through_its_filterset(client, director, register):
    codir, _arbitration, _validation = register
    client.force_login(director)
    content = client.get(f"{REGISTER}?body={codir.pk}").content.decode()
    assert "HYPERLINK" in content
    assert "Charte de gouvernance validée" not in content


def test_the_csv_export_keeps_the_filters_and_defuses_formulas(client, dg, register):
    codir, _arbitration, _validation = register
    client.force_login(dg)
    response = client.get(f"{EXPORT}?format=csv&body={codir.pk}&kind=arbitration")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="decisions-' in response["Content-Disposition"]
    rows = _csv_rows(response)
    assert rows[0][:3] == ["Date", "Nature", "Décision"]
    assert len(rows) == 2
    assert rows[1][:3] == ["14/09/2021", "Arbitrage", '\'=HYPERLINK("http://exemple.test")']
    assert rows[1][3] == "CODIR" and rows[1][5] == "CSC-01"


def test_the_xlsx_export_keeps_a_formula_looking_text_as_text(client, dg, register):
    client.force_login(dg)
    response = client.get(f"{EXPORT}?format=xlsx&follow_up=todo")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == 1
    date, kind, text = rows[0][:3]
    assert date.value == dt.datetime(2021, 9, 14)
    assert kind.value == "Arbitrage"
    assert text.value == '=HYPERLINK("http://exemple.test")' and text.data_type == "s"


def test_an_elected_official_cannot_export_the_register(client, elected, register):
    client.force_login(elected)
    assert client.get(EXPORT).status_code == 403


def test_hr_cannot_export_the_register_either(client, hr, register):
    client.force_login(hr)
    assert client.get(EXPORT).status_code == 403


@pytest.mark.parametrize(
    "query",
    [
        "body=abc&kind=<script>&follow_up=zzz",
        "body=-1",
        "body=99999999999999999999999",
        "kind=arbitration&kind=validation",
        "follow_up=%00",
    ],
)
def test_bad_filter_input_never_breaks_the_register_or_its_export(client, dg, register, query):
    client.force_login(dg)
    assert client.get(f"{REGISTER}?{query}").status_code == 200
    assert client.get(f"{EXPORT}?{query}").status_code == 200


def test_the_export_runs_the_same_queries_for_few_and_many_decisions(
    client, dg, register, django_assert_num_queries
):
    client.force_login(dg)
    # 1 session, 2 user, 3 the filtered decisions with their meeting, body, workstream,
    # recruitment's position and org unit joined.
    with django_assert_num_queries(3):
        client.get(EXPORT)
    factories.DecisionFactory.create_batch(10, workstream=factories.WorkstreamFactory())
    with django_assert_num_queries(3):
        client.get(EXPORT)
