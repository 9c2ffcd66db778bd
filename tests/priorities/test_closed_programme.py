"""A closed programme is read-only everywhere: every service that writes something of it
refuses, in French, and writes nothing (no row, no history row)."""

import datetime as dt

import pytest
from django.utils import timezone

from governance import services as governance
from governance.models import AgendaItem, Decision, Meeting
from priorities import services as priorities
from priorities.models import Component, Priority, Programme
from priorities.services import ProgrammeClosedError
from recruitment import services as recruitment
from recruitment.models import JobProfile, Position, Recruitment, StageChange
from tests import factories
from workstreams import services as workstreams
from workstreams.models import Action, Milestone, StatusUpdate, Workstream

MESSAGE = "Le programme CAP 2021 est clôturé : il se consulte mais ne se modifie plus."

WATCHED = [
    Programme,
    Component,
    Priority,
    Workstream,
    StatusUpdate,
    Milestone,
    Action,
    Position,
    JobProfile,
    Recruitment,
    StageChange,
    Meeting,
    AgendaItem,
    Decision,
]


def snapshot() -> dict[str, int]:
    """Rows and history rows of everything a service could write."""
    counts = {}
    for model in WATCHED:
        counts[model.__name__] = model._default_manager.count()
        if hasattr(model, "history"):
            counts[f"history of {model.__name__}"] = model.history.count()
    return counts


@pytest.fixture
def closed(dg, director):
    """CAP 2021, closed, with a workstream, its updates, milestone and action, a position
    with its profile and recruitment, and a meeting that spoke of the workstream."""
    programme = factories.ProgrammeFactory(
        slug="cap-2021-closed", short_name="CAP 2021", state=Programme.State.ACTIVE
    )
    priority = factories.PriorityFactory(programme=programme, code="CSC")
    component = factories.ComponentFactory(programme=programme, code="governance")
    workstream = factories.WorkstreamFactory(
        priority=priority, component=component, owner=director, code="CSC-01"
    )
    position = factories.PositionFactory(workstream=workstream)
    free_position = factories.PositionFactory(workstream=workstream)
    meeting = factories.MeetingFactory()
    objects = {
        "programme": programme,
        "priority": priority,
        "component": component,
        "workstream": workstream,
        "draft": factories.StatusUpdateFactory(workstream=workstream, state="draft"),
        "submitted": factories.StatusUpdateFactory(workstream=workstream),
        "milestone": factories.MilestoneFactory(workstream=workstream),
        "action": factories.ActionFactory(workstream=workstream),
        "position": position,
        "free_position": free_position,
        "profile": factories.JobProfileFactory(position=position),
        "recruitment": factories.RecruitmentFactory(position=position),
        "meeting": meeting,
        "item": factories.AgendaItemFactory(meeting=meeting, workstream=workstream),
        "decision": factories.DecisionFactory(meeting=meeting, workstream=workstream),
    }
    priorities.programme_close(programme=programme, actor=dg)
    return objects


def v(obj) -> int:
    obj.refresh_from_db()
    return obj.version


WRITES = {
    "programme_update": lambda o, a: priorities.programme_update(
        programme=o["programme"], data={"name": "Autre"}, actor=a
    ),
    "programme_activate": lambda o, a: priorities.programme_activate(
        programme=o["programme"], actor=a
    ),
    "programme_close": lambda o, a: priorities.programme_close(programme=o["programme"], actor=a),
    "component_create": lambda o, a: priorities.component_create(
        programme=o["programme"], data={"code": "si", "name": "SI"}, actor=a
    ),
    "component_update": lambda o, a: priorities.component_update(
        component=o["component"], data={"name": "Autre"}, actor=a
    ),
    "priority_create": lambda o, a: priorities.priority_create(
        programme=o["programme"], data={"code": "NEW", "name": "Nouvelle"}, actor=a
    ),
    "priority_update": lambda o, a: priorities.priority_update(
        priority=o["priority"], data={"name": "Autre"}, actor=a
    ),
    "workstream_create": lambda o, a: workstreams.workstream_create(
        data={
            "code": "CSC-02",
            "title": "Nouveau",
            "priority": o["priority"],
            "owner": o["workstream"].owner,
        },
        actor=a,
    ),
    "workstream_update": lambda o, a: workstreams.workstream_update(
        workstream=o["workstream"], version=v(o["workstream"]), data={"title": "X"}, actor=a
    ),
    "workstream_archive": lambda o, a: workstreams.workstream_archive(
        workstream=o["workstream"], actor=a
    ),
    "workstream_record_cst_opinion": lambda o, a: workstreams.workstream_record_cst_opinion(
        workstream=o["workstream"], opinion_on=dt.date(2022, 1, 1), reference="CST", actor=a
    ),
    "status_update_create": lambda o, a: workstreams.status_update_create(
        workstream=o["workstream"],
        data={"weather": "on_track", "progress": 50},
        submit=False,
        actor=a,
    ),
    "status_update_edit": lambda o, a: workstreams.status_update_edit(
        update=o["draft"], version=v(o["draft"]), data={"progress": 60}, submit=False, actor=a
    ),
    "status_update_submit": lambda o, a: workstreams.status_update_submit(
        update=o["draft"], version=v(o["draft"]), actor=a
    ),
    "status_update_publish": lambda o, a: workstreams.status_update_publish(
        update=o["submitted"], version=v(o["submitted"]), actor=a
    ),
    "status_update_return": lambda o, a: workstreams.status_update_return(
        update=o["submitted"], version=v(o["submitted"]), comment="Reprendre", actor=a
    ),
    "milestone_create": lambda o, a: workstreams.milestone_create(
        workstream=o["workstream"], data={"title": "J", "due_date": dt.date(2022, 5, 1)}, actor=a
    ),
    "milestone_update": lambda o, a: workstreams.milestone_update(
        milestone=o["milestone"], version=v(o["milestone"]), data={"title": "X"}, actor=a
    ),
    "milestone_reach": lambda o, a: workstreams.milestone_reach(
        milestone=o["milestone"],
        version=v(o["milestone"]),
        achieved_on=timezone.localdate(),
        actor=a,
    ),
    "milestone_postpone": lambda o, a: workstreams.milestone_postpone(
        milestone=o["milestone"],
        version=v(o["milestone"]),
        new_due_date=o["milestone"].due_date + dt.timedelta(days=30),
        reason="Report",
        actor=a,
    ),
    "milestone_miss": lambda o, a: workstreams.milestone_miss(milestone=o["milestone"], actor=a),
    "milestone_archive": lambda o, a: workstreams.milestone_archive(
        milestone=o["milestone"], actor=a
    ),
    "action_create": lambda o, a: workstreams.action_create(
        workstream=o["workstream"], data={"title": "A"}, actor=a
    ),
    "action_update": lambda o, a: workstreams.action_update(
        action=o["action"], version=v(o["action"]), data={"title": "X"}, actor=a
    ),
    "action_done": lambda o, a: workstreams.action_done(
        action=o["action"], version=v(o["action"]), actor=a
    ),
    "position_create": lambda o, a: recruitment.position_create(
        data={
            "title": "Chargé de mission",
            "org_unit": o["position"].org_unit,
            "workstream": o["workstream"],
            "nature": Position.Nature.CREATION,
            "category": Position.Category.A,
            "filiere": Position.Filiere.ADMINISTRATIVE,
        },
        actor=a,
    ),
    "job_profile_create": lambda o, a: recruitment.job_profile_create(
        position=o["free_position"], data={"missions": "M"}, actor=a
    ),
    "job_profile_validate": lambda o, a: recruitment.job_profile_validate(
        profile=o["profile"], actor=a
    ),
    "recruitment_open": lambda o, a: recruitment.recruitment_open(
        position=o["free_position"], data={"hr_owner": a}, actor=a
    ),
    "recruitment_change_stage": lambda o, a: recruitment.recruitment_change_stage(
        recruitment=o["recruitment"], to_stage="abandoned", reason="Fin", actor=a
    ),
    "recruitment_update_facts": lambda o, a: recruitment.recruitment_update_facts(
        recruitment=o["recruitment"], data={"applications_count": 3}, actor=a
    ),
    "decision_record": lambda o, a: governance.decision_record(
        meeting=o["meeting"],
        data={"kind": Decision.Kind.ARBITRATION, "text": "T", "workstream": o["workstream"]},
        actor=a,
    ),
    "decision_set_follow_up": lambda o, a: governance.decision_set_follow_up(
        decision=o["decision"], follow_up=Decision.FollowUp.DONE, actor=a
    ),
    "meeting_create": lambda o, a: governance.meeting_create(
        body=o["meeting"].body,
        data={"starts_at": timezone.now(), "place": "Salle"},
        items=[{"title": "Point", "workstream": o["workstream"]}],
        actor=a,
    ),
    "meeting_record_held": lambda o, a: governance.meeting_record_held(
        meeting=o["meeting"], minutes="CR", outcomes={o["item"].pk: "Vu"}, actor=a
    ),
}


@pytest.mark.parametrize("write", list(WRITES), ids=list(WRITES))
def test_every_service_refuses_a_write_on_a_closed_programme_and_writes_nothing(closed, dg, write):
    before = snapshot()
    with pytest.raises(ProgrammeClosedError) as refusal:
        WRITES[write](closed, dg)
    assert refusal.value.messages == [MESSAGE]
    assert snapshot() == before


def test_an_open_programme_accepts_the_same_writes(dg, director):
    """The refusal is the closed state's, not the services': an open programme's workstream
    takes a milestone and an update."""
    workstream = factories.WorkstreamFactory(owner=director)
    workstreams.milestone_create(
        workstream=workstream, data={"title": "J", "due_date": dt.date(2022, 5, 1)}, actor=dg
    )
    workstreams.status_update_create(
        workstream=workstream, data={"weather": "on_track", "progress": 10}, submit=False, actor=dg
    )
    assert workstream.milestones.count() == 1
    assert workstream.status_updates.count() == 1
