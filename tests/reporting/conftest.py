"""A small programme whose every dashboard figure is known, on a frozen Monday 5 July 2021."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from governance.models import Decision, Meeting
from recruitment.models import Recruitment
from tests import factories as f
from workstreams.models import Milestone, StatusUpdate, Weather

PARIS = ZoneInfo("Europe/Paris")
TODAY = dt.date(2021, 7, 5)


@pytest.fixture(autouse=True)
def frozen_today():
    """Monday 5 July 2021, 10:00 in Paris: two days after the point d'étape.

    Autouse, so that the personas too are made at that time and the feed's order is known.
    """
    with time_machine.travel(dt.datetime(2021, 7, 5, 10, 0, tzinfo=PARIS), tick=False):
        yield TODAY


def update(workstream, on: dt.date, weather: str, progress: int, state: str, **kwargs):
    extra = {}
    if state == StatusUpdate.State.PUBLISHED:
        extra["published_at"] = timezone.now()
    return f.StatusUpdateFactory(
        workstream=workstream,
        date=on,
        weather=weather,
        progress=progress,
        state=state,
        **extra,
        **kwargs,
    )


@dataclass
class Programme:
    cohesion: object
    associations: object
    transversality: object
    domain_education: object
    domain_ressources: object
    guichet: object  # A: director's, on track, 60 %, weight 2
    accueil: object  # B: director's, at risk, 30 %, stale, decision needed
    fetes: object  # C: other director's, off track, 10 %, decision needed
    benevoles: object  # D: other director's, no update at all
    archived: object  # E: archived, never counted
    overdue: object
    due_soon: object


@pytest.fixture
def programme(frozen_today, director, other_director):
    cohesion = f.PriorityFactory(code="CSC", name="Cohésion sociale – Citoyenneté", order=1)
    associations = f.PriorityFactory(code="VAM", name="Vie associative – Manifestations", order=2)
    transversality = f.PriorityFactory(code="TRA", name="Transversalité", order=3)
    education = f.DomainFactory(number=1, name="Éducation Enfance Jeunesse")
    ressources = f.DomainFactory(number=5, name="Ressources")

    guichet = f.WorkstreamFactory(
        code="CSC-01", title="Guichet unique", priority=cohesion, owner=director, weight=2
    )
    guichet.domains.add(education)
    accueil = f.WorkstreamFactory(
        code="CSC-02", title="Accueil du public", priority=cohesion, owner=director
    )
    accueil.domains.add(education, ressources)
    fetes = f.WorkstreamFactory(
        code="VAM-01", title="Fêtes de quartier", priority=associations, owner=other_director
    )
    fetes.domains.add(ressources)
    benevoles = f.WorkstreamFactory(
        code="VAM-02", title="Bénévoles", priority=associations, owner=other_director
    )
    archived = f.WorkstreamFactory(
        code="CSC-09",
        title="Ancien chantier",
        priority=cohesion,
        owner=director,
        archived_at=timezone.now(),
    )

    S = StatusUpdate.State
    update(guichet, dt.date(2021, 6, 1), Weather.AT_RISK, 20, S.PUBLISHED)
    update(guichet, dt.date(2021, 7, 1), Weather.ON_TRACK, 60, S.SUBMITTED)
    # A later draft: the director's own business until submitted, never counted.
    update(
        guichet,
        dt.date(2021, 7, 4),
        Weather.OFF_TRACK,
        90,
        S.DRAFT,
        decisions_needed="Brouillon : ne pas montrer",
    )
    update(
        accueil,
        dt.date(2021, 6, 10),
        Weather.AT_RISK,
        30,
        S.PUBLISHED,
        decisions_needed="Arbitrer le budget du guichet",
    )
    update(
        fetes,
        dt.date(2021, 7, 2),
        Weather.OFF_TRACK,
        10,
        S.SUBMITTED,
        decisions_needed="Valider le calendrier des fêtes",
    )
    update(
        archived,
        dt.date(2021, 7, 2),
        Weather.OFF_TRACK,
        5,
        S.SUBMITTED,
        decisions_needed="Chantier archivé",
    )

    overdue = f.MilestoneFactory(
        workstream=guichet,
        title="Ouverture du guichet",
        due_date=dt.date(2021, 6, 30),
        owner=director,
    )
    due_soon = f.MilestoneFactory(
        workstream=accueil,
        title="Charte d'accueil",
        due_date=dt.date(2021, 7, 20),
        baseline_date=dt.date(2021, 6, 15),
        state=Milestone.State.POSTPONED,
        owner=other_director,
    )
    f.MilestoneFactory(  # achieved: neither overdue nor due
        workstream=guichet,
        title="Diagnostic",
        due_date=dt.date(2021, 6, 1),
        state=Milestone.State.ACHIEVED,
        achieved_on=dt.date(2021, 6, 1),
    )
    f.MilestoneFactory(workstream=fetes, title="Fête d'automne", due_date=dt.date(2021, 9, 20))
    f.MilestoneFactory(  # archived milestone, overdue: not shown
        workstream=fetes,
        title="Jalon archivé",
        due_date=dt.date(2021, 6, 1),
        archived_at=timezone.now(),
    )
    f.MilestoneFactory(  # on an archived workstream: not shown
        workstream=archived, title="Jalon d'un chantier archivé", due_date=dt.date(2021, 6, 1)
    )

    for stage in ["need_identified", "need_identified", "offer_published", "closed"]:
        f.RecruitmentFactory(stage=stage)
    body = f.BodyFactory(name="Comité de direction", short_name="CODIR")
    f.MeetingFactory(body=body, starts_at=timezone.now() + dt.timedelta(days=3))
    f.MeetingFactory(
        body=body, starts_at=timezone.now() - dt.timedelta(days=3), state=Meeting.State.HELD
    )
    f.DecisionFactory(
        meeting=None,
        workstream=guichet,
        text="Ouvrir le guichet en septembre",
        follow_up=Decision.FollowUp.TODO,
    )
    f.DecisionFactory(meeting=None, text="Décision soldée", follow_up=Decision.FollowUp.DONE)
    assert Recruitment.objects.count() == 4
    return Programme(
        cohesion=cohesion,
        associations=associations,
        transversality=transversality,
        domain_education=education,
        domain_ressources=ressources,
        guichet=guichet,
        accueil=accueil,
        fetes=fetes,
        benevoles=benevoles,
        archived=archived,
        overdue=overdue,
        due_soon=due_soon,
    )


def grow(extra_workstreams: int) -> None:
    """More of everything the dashboard reads, to check its query count does not move."""
    priorities = [f.PriorityFactory() for _ in range(3)]
    domain = f.DomainFactory()
    owner = f.DirectorFactory()
    weathers = [Weather.ON_TRACK, Weather.AT_RISK, Weather.OFF_TRACK]
    for i in range(extra_workstreams):
        workstream = f.WorkstreamFactory(priority=priorities[i % 3], owner=owner, weight=1 + i % 4)
        workstream.domains.add(domain)
        if i % 5:
            update(
                workstream,
                TODAY - dt.timedelta(days=i % 30),
                weathers[i % 3],
                i % 100,
                StatusUpdate.State.SUBMITTED if i % 2 else StatusUpdate.State.PUBLISHED,
                decisions_needed="Arbitrage" if i % 7 == 0 else "",
            )
        f.MilestoneFactory(
            workstream=workstream, due_date=TODAY - dt.timedelta(days=i % 20), owner=owner
        )
        f.MilestoneFactory(
            workstream=workstream,
            due_date=TODAY + dt.timedelta(days=i % 40),
            baseline_date=TODAY,
            owner=owner,
        )
    for i in range(extra_workstreams // 2):
        f.RecruitmentFactory(stage=Recruitment.Stage.choices[i % 12][0])
        f.MeetingFactory(starts_at=timezone.now() + dt.timedelta(days=1 + i))
        f.DecisionFactory(meeting=None, text=f"Décision {i}")
