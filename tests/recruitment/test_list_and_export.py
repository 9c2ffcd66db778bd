"""HR narrows the recruitment list (stage, direction, workstream, search) and exports it."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from recruitment.models import Recruitment
from tests import factories

Stage = Recruitment.Stage
LIST = reverse("recruitment:recruitment-list")
EXPORT = reverse("recruitment:recruitment-export")


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


@pytest.fixture
def recruitments(db):
    """A police position in a service of the DSP, an agent in another direction."""
    dsp = factories.OrgUnitFactory(name="Direction de la sécurité publique", acronym="DSP")
    police = factories.OrgUnitFactory(
        name="Service de police municipale", kind="service", parent=dsp
    )
    workstream = factories.WorkstreamFactory(code="PTS-01")
    chief = factories.RecruitmentFactory(
        position__title="=Chef de service de police municipale",
        position__org_unit=police,
        position__workstream=workstream,
        stage=Stage.OFFER_PUBLISHED,
        publication_date=dt.date(2021, 10, 1),
    )
    agent = factories.RecruitmentFactory(
        position__title="Agent d'accueil", stage=Stage.NEED_IDENTIFIED
    )
    return dsp, workstream, chief, agent


def test_a_direction_filter_includes_the_recruitments_of_its_services(client, hr, recruitments):
    dsp, _workstream, _chief, _agent = recruitments
    client.force_login(hr)
    content = client.get(f"{LIST}?org_unit={dsp.pk}").content.decode()
    assert "Chef de service de police municipale" in content
    assert "Agent d&#x27;accueil" not in content


def test_the_list_filters_by_workstream_and_by_a_search_on_the_title(client, hr, recruitments):
    _dsp, workstream, _chief, _agent = recruitments
    client.force_login(hr)
    by_workstream = client.get(f"{LIST}?workstream={workstream.pk}").content.decode()
    assert "Chef de service" in by_workstream and "Agent d&#x27;accueil" not in by_workstream
    by_search = client.get(f"{LIST}?q=accueil").content.decode()
    assert "Agent d&#x27;accueil" in by_search and "Chef de service" not in by_search


def test_the_list_links_to_its_exports_with_the_filters(client, hr, recruitments):
    client.force_login(hr)
    content = client.get(f"{LIST}?stage=offer_published").content.decode()
    assert f"{EXPORT}?stage=offer_published&amp;format=csv" in content


def test_the_csv_export_keeps_the_filters_and_defuses_formulas(client, hr, recruitments):
    client.force_login(hr)
    response = client.get(f"{EXPORT}?format=csv&stage=offer_published")
    assert response.status_code == 200
    assert 'filename="recrutements-' in response["Content-Disposition"]
    rows = _csv_rows(response)
    assert rows[0][:4] == ["Poste", "Entité", "Chantier", "Étape"]
    assert len(rows) == 2
    assert rows[1][0] == "'=Chef de service de police municipale"
    assert rows[1][2:4] == ["PTS-01", "Offre publiée"]
    assert rows[1][7] == "01/10/2021"


def test_the_xlsx_export_keeps_the_filters_and_the_text_as_text(client, dg, recruitments):
    dsp, _workstream, _chief, _agent = recruitments
    client.force_login(dg)
    response = client.get(f"{EXPORT}?format=xlsx&org_unit={dsp.pk}")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == 1
    title = rows[0][0]
    assert title.value == "=Chef de service de police municipale" and title.data_type == "s"
    assert rows[0][7].value == dt.datetime(2021, 10, 1)


def test_an_elected_official_cannot_export_recruitments(client, elected, recruitments):
    client.force_login(elected)
    assert client.get(EXPORT).status_code == 403
    assert client.get(LIST).status_code == 403


@pytest.mark.parametrize(
    "query",
    [
        "stage=zzz&org_unit=abc&workstream=-1",
        "org_unit=99999999999999999999999",
        "q=" + "x" * 500,
        "stage=closed&stage=<script>",
        "q=%00",
    ],
)
def test_bad_filter_input_never_breaks_the_list_or_its_export(client, hr, recruitments, query):
    client.force_login(hr)
    assert client.get(f"{LIST}?{query}").status_code == 200
    assert client.get(f"{EXPORT}?{query}").status_code == 200


def test_the_export_runs_the_same_queries_for_few_and_many_recruitments(
    client, hr, recruitments, django_assert_num_queries
):
    client.force_login(hr)
    # 1 session, 2 user, 3 the filtered recruitments with their position, org unit,
    # workstream and HR owner joined.
    with django_assert_num_queries(3):
        client.get(EXPORT)
    factories.RecruitmentFactory.create_batch(10)
    with django_assert_num_queries(3):
        client.get(EXPORT)


def test_the_list_runs_the_same_queries_for_few_and_many_recruitments(
    client, hr, recruitments, django_assert_num_queries
):
    client.force_login(hr)
    # 1 session, 2 user, 3 count for the paginator, 4 the page of recruitments (their keys
    # sorted in a subquery) with their position, org unit, workstream and HR owner joined,
    # 5 the funnel (one grouped count), 6 the filter form's directions (the workstream is
    # typed: no choices to read); 7 the header's current programme with its commune.
    with django_assert_num_queries(7):
        client.get(LIST)
    factories.RecruitmentFactory.create_batch(10)
    with django_assert_num_queries(7):
        client.get(LIST)
