"""What the database refuses about a decision's subject, and what the DG is told instead.

The database refuses the bad row even when written around the services (demo, shell,
bulk); the service and the page refuse it first, in French, and write nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from governance.models import AgendaItem, Decision
from governance.services import decision_record
from tests import factories

Kind = Decision.Kind
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the two-column foreign key exists on PostgreSQL only (migration 0003)",
)


def _refused_by_the_database(**fields) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(text="Ligne écrite sans passer par le service", **fields)


@pytest.fixture
def cst(db):
    return factories.BodyFactory(name="Comité social territorial", kind="social_dialogue")


@pytest.mark.django_db
def test_the_database_refuses_an_opinion_about_nothing(cst):
    _refused_by_the_database(meeting=factories.MeetingFactory(body=cst), kind=Kind.FAVOURABLE)


@pytest.mark.django_db
def test_the_database_refuses_a_recruitment_validated_by_a_decision():
    _refused_by_the_database(
        meeting=factories.MeetingFactory(),
        kind=Kind.VALIDATION,
        recruitment=factories.RecruitmentFactory(),
    )


@pytest.mark.django_db
def test_the_database_refuses_an_agenda_item_without_its_meeting():
    _refused_by_the_database(
        meeting=None, agenda_item=factories.AgendaItemFactory(), kind=Kind.VALIDATION
    )


@pytest.mark.django_db
def test_the_database_refuses_an_agenda_item_kind_outside_its_choices():
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(meeting=factories.MeetingFactory(), title="Point", kind="vote")


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_an_agenda_item_of_another_meeting():
    item = factories.AgendaItemFactory()
    # The foreign key is deferred: the refusal comes when the transaction commits.
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            meeting=factories.MeetingFactory(),
            agenda_item=item,
            kind=Kind.VALIDATION,
            text="Point d'une autre réunion",
        )
    assert not Decision.objects.exists()


@pytest.mark.django_db
def test_the_database_accepts_the_agenda_item_of_the_same_meeting_and_any_opinion_subject(cst):
    meeting = factories.MeetingFactory(body=cst)
    item = factories.AgendaItemFactory(meeting=meeting)
    Decision.objects.create(
        meeting=meeting,
        agenda_item=item,
        kind=Kind.UNFAVOURABLE,
        org_unit=factories.OrgUnitFactory(),
        text="Avis défavorable sur la fusion des services",
    )
    assert Decision.objects.get().agenda_item == item


def test_the_service_refuses_an_agenda_item_of_another_meeting_in_french(dg):
    meeting = factories.MeetingFactory()
    elsewhere = factories.AgendaItemFactory(title="Point du CODIR suivant")
    with pytest.raises(ValidationError) as refused:
        decision_record(
            meeting=meeting,
            data={"kind": Kind.VALIDATION, "text": "Validé", "agenda_item": elsewhere},
            actor=dg,
        )
    assert "appartient à une autre réunion" in str(refused.value.message_dict["agenda_item"])
    assert not Decision.objects.exists()


def test_the_service_refuses_an_opinion_about_nothing_and_writes_nothing(dg, cst):
    with pytest.raises(ValidationError) as refused:
        decision_record(
            meeting=factories.MeetingFactory(body=cst),
            data={"kind": Kind.FAVOURABLE, "text": "Avis favorable"},
            actor=dg,
        )
    assert "Un avis porte sur un chantier, un poste, un recrutement ou une entité" in str(
        refused.value
    )
    assert not Decision.objects.exists()


def test_the_dg_recording_an_opinion_about_nothing_is_told_why_and_nothing_is_written(
    client, dg, cst
):
    meeting = factories.MeetingFactory(body=cst)
    client.force_login(dg)
    response = client.post(
        f"/governance/meetings/{meeting.pk}/decisions/new/",
        {"kind": "favourable", "text": "Avis favorable à l'unanimité", "date": "2021-11-30"},
    )
    assert response.status_code == 400
    assert "Un avis porte sur un chantier, un poste, un recrutement ou une entité" in (
        response.content.decode()
    )
    assert not Decision.objects.exists()


def test_the_dg_cannot_record_a_validation_of_a_recruitment(client, dg):
    meeting = factories.MeetingFactory()
    recruitment = factories.RecruitmentFactory()
    client.force_login(dg)
    response = client.post(
        f"/governance/meetings/{meeting.pk}/decisions/new/",
        {
            "kind": "validation",
            "text": "Fiche de poste validée",
            "date": "2021-11-30",
            "recruitment": recruitment.pk,
        },
    )
    assert response.status_code == 400
    assert "Une décision sur un recrutement est un arbitrage, un avis ou un report" in (
        response.content.decode()
    )
    assert not Decision.objects.exists()
    recruitment.refresh_from_db()
    assert recruitment.history.count() == 1
