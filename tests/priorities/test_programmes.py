"""Programmes as data: one active at most, codes unique within a programme, a new programme
started from an earlier one, workstreams kept in their priority's programme."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from organisation.models import Commune
from priorities import services
from priorities.models import Component, Priority, Programme
from tests import factories
from workstreams.models import Workstream
from workstreams.services import workstream_create, workstream_update


@pytest.fixture
def cap2021(director):
    """CAP 2021, active: two priorities, two components, three workstreams of which one
    is finished and one archived."""
    programme = factories.default_programme()
    csc = factories.PriorityFactory(programme=programme, code="CSC", name="Cohésion sociale")
    gru = factories.PriorityFactory(programme=programme, code="GRU", name="Accueil")
    governance = factories.ComponentFactory(programme=programme, code="governance", order=1)
    factories.ComponentFactory(programme=programme, code="organisation", order=2)
    running = factories.WorkstreamFactory(
        code="CSC-01", priority=csc, component=governance, owner=director, phase="implementation"
    )
    running.domains.add(factories.DomainFactory(number=4))
    factories.WorkstreamFactory(code="GRU-01", priority=gru, owner=director, phase="closed")
    archived = factories.WorkstreamFactory(code="GRU-02", priority=gru, owner=director)
    Workstream.objects.filter(pk=archived.pk).update(
        archived_at=dt.datetime(2022, 1, 1, tzinfo=dt.UTC)
    )
    return programme


def new_programme_data(**extra):
    return {
        "name": "Programme du mandat 2026-2032",
        "short_name": "Cap 2026",
        "slug": "cap-2026",
        "start_date": dt.date(2026, 4, 1),
        **extra,
    }


def test_a_programme_starts_from_an_earlier_one_with_its_structure_and_unfinished_work(cap2021, dg):
    before = {
        "priorities": list(cap2021.priorities.values_list("pk", "code", "programme_id")),
        "workstreams": list(
            Workstream.objects.filter(programme=cap2021).values_list("pk", "code", "phase")
        ),
        "history": Workstream.history.filter(programme=cap2021).count(),
    }
    new = services.programme_start_from(
        source=cap2021,
        data=new_programme_data(),
        copy_priorities=True,
        copy_components=True,
        carry_over=True,
        actor=dg,
    )
    assert new.state == Programme.State.PREPARATION
    assert new.previous == cap2021
    assert sorted(new.priorities.values_list("code", flat=True)) == ["CSC", "GRU"]
    assert list(new.components.values_list("code", flat=True)) == ["governance", "organisation"]
    # Only the unfinished, unarchived workstream comes along, linked to its past.
    (carried,) = Workstream.objects.filter(programme=new)
    past = Workstream.objects.get(programme=cap2021, code="CSC-01")
    assert carried.code == "CSC-01"
    assert carried.carried_from == past
    assert carried.priority.programme == new
    assert carried.component.programme == new
    assert carried.component.code == "governance"
    assert list(carried.domains.values_list("number", flat=True)) == [4]
    assert {row.history_user for row in carried.history.all()} == {dg}
    # The source is only read.
    assert (
        list(cap2021.priorities.values_list("pk", "code", "programme_id")) == before["priorities"]
    )
    assert (
        list(Workstream.objects.filter(programme=cap2021).values_list("pk", "code", "phase"))
        == before["workstreams"]
    )
    assert Workstream.history.filter(programme=cap2021).count() == before["history"]


def test_a_closed_programme_can_still_be_started_from(cap2021, dg):
    services.programme_close(programme=cap2021, actor=dg)
    new = services.programme_start_from(
        source=cap2021,
        data=new_programme_data(),
        copy_priorities=True,
        copy_components=False,
        carry_over=[Workstream.objects.get(code="CSC-01")],
        actor=dg,
    )
    carried = Workstream.objects.get(programme=new)
    assert carried.component is None  # the components were not copied
    cap2021.refresh_from_db()
    assert cap2021.is_closed


def test_carrying_over_a_finished_workstream_is_refused(cap2021, dg):
    with pytest.raises(ValidationError, match="non terminés"):
        services.programme_start_from(
            source=cap2021,
            data=new_programme_data(),
            copy_priorities=True,
            copy_components=True,
            carry_over=[Workstream.objects.get(code="GRU-01")],
            actor=dg,
        )
    assert not Programme.objects.filter(slug="cap-2026").exists()


def test_carrying_over_without_the_priorities_is_refused(cap2021, dg):
    with pytest.raises(ValidationError, match="copiez aussi les priorités"):
        services.programme_start_from(
            source=cap2021,
            data=new_programme_data(),
            copy_priorities=False,
            copy_components=True,
            carry_over=True,
            actor=dg,
        )


def test_a_second_programme_is_not_activated_while_one_runs(cap2021, dg):
    new = services.programme_create(data=new_programme_data(mandate=cap2021.mandate), actor=dg)
    with pytest.raises(ValidationError, match="est en cours"):
        services.programme_activate(programme=new, actor=dg)
    services.programme_close(programme=cap2021, actor=dg)
    services.programme_activate(programme=new, actor=dg)
    assert Programme.objects.active() == new
    assert list(Programme.objects.visible()) == [new, cap2021]


def test_the_database_keeps_one_active_programme(cap2021):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ProgrammeFactory(state=Programme.State.ACTIVE)


def test_codes_are_unique_within_a_programme_and_reusable_across_programmes(cap2021):
    other = factories.ProgrammeFactory()
    factories.PriorityFactory(programme=other, code="CSC")
    factories.ComponentFactory(programme=other, code="governance")
    workstream = factories.WorkstreamFactory(
        code="CSC-01", priority=other.priorities.get(code="CSC")
    )
    assert workstream.programme == other
    assert Workstream.objects.filter(code="CSC-01").count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        Priority.objects.create(programme=other, code="CSC", name="Doublon")
    with pytest.raises(IntegrityError), transaction.atomic():
        Component.objects.create(programme=other, code="governance", name="Doublon")
    with pytest.raises(IntegrityError), transaction.atomic():
        Workstream.objects.create(
            programme=other,
            code="CSC-01",
            title="Doublon",
            priority=workstream.priority,
            owner=workstream.owner,
        )


def test_the_service_says_in_french_that_a_code_is_taken_in_this_programme(cap2021, dg):
    with pytest.raises(ValidationError, match="existe déjà dans ce programme"):
        workstream_create(
            data={
                "code": "CSC-01",
                "title": "Doublon",
                "priority": cap2021.priorities.get(code="CSC"),
                "owner": dg,
            },
            actor=dg,
        )


def test_a_workstream_takes_its_priority_programme_and_refuses_another_programmes_parts(
    cap2021, dg
):
    other = factories.ProgrammeFactory()
    foreign_priority = factories.PriorityFactory(programme=other, code="X")
    foreign_component = factories.ComponentFactory(programme=other, code="x")
    workstream = workstream_create(
        data={
            "code": "NEW-01",
            "title": "N",
            "priority": cap2021.priorities.get(code="CSC"),
            "owner": dg,
        },
        actor=dg,
    )
    assert workstream.programme == cap2021
    with pytest.raises(ValidationError, match="autre programme"):
        workstream_update(
            workstream=workstream,
            version=workstream.version,
            data={"priority": foreign_priority},
            actor=dg,
        )
    with pytest.raises(ValidationError, match="autre programme"):
        workstream_update(
            workstream=workstream,
            version=workstream.version,
            data={"component": foreign_component},
            actor=dg,
        )
    workstream.refresh_from_db()
    assert (workstream.priority.programme, workstream.component) == (cap2021, None)


def test_the_commune_is_a_single_row_with_a_default_before_it_is_set(db):
    default = Commune.objects.current()
    assert default.pk is None
    assert default.name == "Commune"
    factories.CommuneFactory(name="Ville")
    with pytest.raises(IntegrityError), transaction.atomic():
        Commune.objects.create(name="Autre ville")
    assert Commune.objects.current().name == "Ville"
