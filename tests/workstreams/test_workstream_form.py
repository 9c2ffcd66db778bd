"""The DG creates and edits workstreams; the officialisation rule; archiving."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests import factories
from tests.workstreams.conftest import history_count
from workstreams import services
from workstreams.models import Workstream

CST_MESSAGE = (
    "Ce chantier modifie l'organisation des services : il ne peut être officialisé "
    "qu'après l'avis du Comité social territorial."
)
EDIT = reverse("workstreams:workstream-edit", args=["CSC-01"])


def _form_data(client, url) -> dict:
    form = client.get(url).context["form"]
    data = {}
    for field in form:
        value = field.value()
        if value is None or value is False:
            continue
        if isinstance(value, dt.date):
            value = value.isoformat()
        data[field.name] = value
    return data


def test_the_dg_creates_a_workstream(client, dg, director):
    priority = factories.PriorityFactory(name="Cohésion sociale – Citoyenneté")
    domain = factories.DomainFactory(name="Cohésion sociale et citoyenneté")
    client.force_login(dg)
    response = client.post(
        reverse("workstreams:workstream-create"),
        {
            "code": "CSC-02",
            "title": "Conseils citoyens",
            "priority": priority.pk,
            "domains": [domain.pk],
            "owner": director.pk,
            "phase": "reflection",
            "weight": 2,
            "start_date": "2021-09-01",
            "target_date": "2022-06-30",
        },
    )
    assert response.status_code == 302
    workstream = Workstream.objects.get(code="CSC-02")
    assert response["Location"] == "/workstreams/CSC-02/"
    assert list(workstream.domains.all()) == [domain]
    # One row for the creation, one for the domains (simple-history tracks the m2m too).
    rows = workstream.history.order_by("history_id")
    assert [r.history_type for r in rows] == ["+", "~"]
    assert {r.history_user for r in rows} == {dg}
    content = client.get("/workstreams/CSC-02/").content.decode()
    assert "Conseils citoyens" in content and "Cohésion sociale et citoyenneté" in content


def test_a_target_date_before_the_start_is_refused_in_french_and_changes_nothing(
    client, dg, workstream
):
    client.force_login(dg)
    data = _form_data(client, EDIT)
    before = history_count()
    response = client.post(
        EDIT,
        {**data, "title": "Titre tapé", "start_date": "2022-01-01", "target_date": "2021-01-01"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "L’échéance visée ne peut précéder la date de début." in content.replace(
        "&#x27;", "’"
    ).replace("'", "’")
    assert "Titre tapé" in content
    workstream.refresh_from_db()
    assert workstream.title == "Démarche citoyenne"
    assert workstream.target_date == dt.date(2022, 6, 30)
    assert history_count() == before


def test_a_malformed_code_is_refused_in_french(client, dg, workstream):
    client.force_login(dg)
    data = _form_data(client, EDIT)
    response = client.post(EDIT, {**data, "code": "csc 1"})
    assert "Le code s" in response.content.decode()
    assert Workstream.objects.get().code == "CSC-01"


def test_a_workstream_changing_the_organisation_cannot_be_officialised_before_the_cst(
    client, dg, workstream
):
    client.force_login(dg)
    data = _form_data(client, EDIT)
    response = client.post(EDIT, {**data, "changes_organisation": "on", "phase": "officialisation"})
    assert response.status_code == 200
    assert CST_MESSAGE in response.content.decode().replace("&#x27;", "'")
    workstream.refresh_from_db()
    assert workstream.phase == Workstream.Phase.REFLECTION


def test_once_the_cst_has_given_its_opinion_the_workstream_can_be_officialised(
    client, dg, workstream
):
    services.workstream_record_cst_opinion(
        workstream=workstream, opinion_on=dt.date(2021, 12, 9), reference="CST 2021-12", actor=dg
    )
    workstream.refresh_from_db()
    assert workstream.cst_opinion_on == dt.date(2021, 12, 9)
    assert workstream.version == 2
    client.force_login(dg)
    data = _form_data(client, EDIT)
    response = client.post(EDIT, {**data, "changes_organisation": "on", "phase": "officialisation"})
    assert response.status_code == 302
    workstream.refresh_from_db()
    assert workstream.phase == Workstream.Phase.OFFICIALISATION


def test_the_service_enforces_the_officialisation_rule_too(dg, workstream):
    with pytest.raises(ValidationError) as error:
        services.workstream_update(
            workstream=workstream,
            version=1,
            data={"changes_organisation": True, "phase": "officialisation"},
            actor=dg,
        )
    assert CST_MESSAGE in str(error.value)
    workstream.refresh_from_db()
    assert workstream.phase == Workstream.Phase.REFLECTION


def test_an_archived_workstream_leaves_the_list_but_stays_reachable(client, dg, workstream):
    client.force_login(dg)
    response = client.post(
        reverse("workstreams:workstream-archive", args=["CSC-01"]), {"version": 1}
    )
    assert response.status_code == 302
    workstream.refresh_from_db()
    assert workstream.archived_at is not None
    listing = client.get("/workstreams/").content.decode()
    assert "/workstreams/CSC-01/" not in listing
    assert "/workstreams/CSC-01/" in client.get("/workstreams/?archived=1").content.decode()
    detail = client.get("/workstreams/CSC-01/").content.decode()
    assert "Chantier archivé" in detail
    assert "Archivé le" in detail  # the history keeps the archiving


def test_the_forms_selects_offer_every_unit_and_the_people_by_name_with_the_current_ones_chosen(
    client, dg, workstream
):
    changed = factories.OrgUnitFactory(name="Service accueil", acronym="")
    workstream.affected_units.add(changed)
    elected = factories.UserFactory(role="elected", first_name="Françoise", last_name="Élue")
    Workstream.objects.filter(pk=workstream.pk).update(sponsor=elected)
    nameless = factories.UserFactory(role="director", first_name="", last_name="", username="kb")
    client.force_login(dg)
    page = client.get(EDIT).content.decode()
    owner, unit = workstream.owner, workstream.org_unit

    def select(name: str) -> str:
        return page.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]

    assert f'<option value="{owner.pk}" selected>{owner}</option>' in select("owner")
    assert f'<option value="{nameless.pk}">kb</option>' in select("owner")
    assert f'<option value="{elected.pk}" selected>Françoise Élue</option>' in select("sponsor")
    assert f'<option value="{unit.pk}" selected>{unit}</option>' in select("org_unit")
    assert f'<option value="{changed.pk}">Service accueil</option>' in select("org_unit")
    assert f'<option value="{changed.pk}" selected>Service accueil</option>' in select(
        "affected_units"
    )
    assert f'<option value="{unit.pk}">{unit}</option>' in select("affected_units")
    # An elected official is no pilot: offered as a sponsor, refused as an owner.
    assert str(elected.pk) not in select("owner")
    data = {**_form_data(client, EDIT), "owner": elected.pk}
    assert "owner" in client.post(EDIT, data).context["form"].errors


def test_the_forms_run_the_same_queries_for_few_and_many_units_and_people(
    client, dg, workstream, django_assert_num_queries
):
    client.force_login(dg)
    for n in (1, 30):
        factories.OrgUnitFactory.create_batch(n)
        factories.UserFactory.create_batch(n, role="director")
        # 1 session, 2 user, 3 the current programme (header), 4 the units, 5 the pilots,
        # 6 the élus, then the choices of 7 priorities, 8 domains, 9 mandate priorities,
        # 10 components.
        with django_assert_num_queries(10):
            assert client.get(reverse("workstreams:workstream-create")).status_code == 200
        # 1 session, 2 user, 3 the workstream, 4 its domains, 5 its mandate priorities, 6
        # its units changed (the form's initial values), 7 the units, 8 the pilots, 9 the
        # élus, 10 the current programme (header), 11–14 the choices as above.
        with django_assert_num_queries(14):
            assert client.get(EDIT).status_code == 200
