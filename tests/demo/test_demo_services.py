"""The small creation services the demo tells its story through (the pages use the admin)."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from governance.models import Body, Meeting
from governance.services import body_create, meeting_create, meeting_record_held
from recruitment.models import JobProfile, Recruitment
from recruitment.services import (
    job_profile_create,
    job_profile_validate,
    position_create,
    recruitment_open,
)
from tests.factories import DGFactory, HRFactory, MilestoneFactory, WorkstreamFactory
from workstreams.models import Milestone
from workstreams.services import InvalidTransitionError, milestone_miss, milestone_reach


def test_the_director_marks_a_milestone_missed_and_not_an_achieved_one(db):
    director = DGFactory()
    milestone = MilestoneFactory(state="planned")
    milestone = milestone_miss(milestone=milestone, version=milestone.version, actor=director)
    assert milestone.state == Milestone.State.MISSED
    assert milestone.history.latest().history_user == director
    achieved = MilestoneFactory(state="planned", due_date=dt.date(2020, 1, 1))
    achieved = milestone_reach(
        milestone=achieved, version=achieved.version, achieved_on=achieved.due_date, actor=director
    )
    with pytest.raises(InvalidTransitionError):
        milestone_miss(milestone=achieved, version=achieved.version, actor=director)


def test_hr_opens_a_position_whose_profile_the_dg_validates_on_the_day(db):
    hr, dg = HRFactory(), DGFactory()
    workstream = WorkstreamFactory()
    position = position_create(
        data={
            "title": "Chargé de mission",
            "org_unit": workstream.org_unit,
            "workstream": workstream,
            "nature": "creation",
            "category": "B",
            "filiere": "administrative",
        },
        actor=hr,
    )
    profile = job_profile_create(position=position, data={"missions": "Piloter."}, actor=hr)
    assert profile.state == JobProfile.State.DRAFT
    with time_machine.travel(dt.datetime(2022, 5, 10, 9, 0, tzinfo=dt.UTC), tick=False):
        profile = job_profile_validate(profile=profile, actor=dg)
    assert (profile.validated_by, profile.validated_on) == (dg, dt.date(2022, 5, 10))
    recruitment = recruitment_open(position=position, data={"hr_owner": hr}, actor=hr)
    assert recruitment.stage == Recruitment.Stage.NEED_IDENTIFIED
    assert recruitment.history.latest().history_user == hr
    with pytest.raises(ValidationError):
        recruitment_open(position=position, data={"hr_owner": hr}, actor=hr)


def test_the_dg_plans_a_meeting_with_its_agenda_then_records_it_held(db):
    dg = DGFactory()
    body = body_create(
        data={"name": "Comité de direction", "short_name": "CODIR", "kind": "administrative"},
        members=[dg],
        actor=dg,
    )
    assert list(body.members.all()) == [dg]
    meeting = meeting_create(
        body=body,
        data={"starts_at": dt.datetime(2022, 3, 8, 8, 0, tzinfo=dt.UTC)},
        items=[{"title": "Charte", "kind": "decision"}, {"title": "Budget"}],
        actor=dg,
    )
    assert meeting.state == Meeting.State.PLANNED
    items = list(meeting.agenda_items.order_by("order"))
    assert [(i.order, i.title) for i in items] == [(1, "Charte"), (2, "Budget")]
    meeting = meeting_record_held(
        meeting=meeting, minutes="Relevé.", outcomes={items[0].pk: "Validée."}, actor=dg
    )
    assert meeting.state == Meeting.State.HELD
    items[0].refresh_from_db()
    assert items[0].outcome == "Validée."
    assert Body.objects.get().history.latest().history_user == dg
