"""The recruitment and governance rows of `generate_volume` (demo/volume.py): a mixin of
VolumeGenerator, drawing from its random generator in the same order as before the split so
that the same seed still writes the same rows."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from governance.models import AgendaItem, Body, Decision, Meeting
from recruitment.models import JobProfile, Position, Recruitment, StageChange

THEMES = [
    "accueil des usagers", "vie associative", "police municipale", "accès aux droits",
    "restauration scolaire", "espaces verts", "communication interne", "archives",
    "marchés publics", "temps de travail", "télétravail", "sobriété énergétique",
    "dialogue citoyen", "relation usagers", "parcours d'intégration", "sport et jeunesse",
    "équipements culturels", "médiation sociale", "mobilités douces", "budget participatif",
]  # fmt: skip
JOBS = [
    ("Chargé ou chargée de mission", "A", "administrative", "Attachés territoriaux"),
    ("Gestionnaire administratif", "C", "administrative", "Adjoints administratifs"),
    ("Chef ou cheffe de service", "B", "administrative", "Rédacteurs territoriaux"),
    ("Technicien ou technicienne", "B", "technical", "Techniciens territoriaux"),
    ("Agent ou agente technique", "C", "technical", "Adjoints techniques territoriaux"),
    ("Animateur ou animatrice", "B", "animation", "Animateurs territoriaux"),
    ("Policier ou policière municipal(e)", "C", "municipal_police", "Agents de police municipale"),
    ("Médiateur ou médiatrice", "C", "social", "Agents sociaux territoriaux"),
]
PIPELINE = [
    "need_identified",
    "profile_validated",
    "dg_arbitration",
    "cst_opinion",
    "council_deliberation",
    "cdg_declared",
    "offer_published",
    "applications_closed",
    "interviews",
    "candidate_chosen",
    "act_sent",
    "arrived",
    "closed",
]


class RecruitmentAndGovernanceRows:
    """Positions with their job profile, recruitment and stage changes; bodies, meetings,
    agenda items and decisions. Uses the generator's `rng`, `today`, `bulk`, `history`,
    `days`, `at` and the people and workstreams it created."""

    def create_recruitments(self) -> None:
        rng, today = self.rng, self.today
        positions, profiles, recruitments, changes = [], [], [], []
        plans: list[tuple[list[tuple[str, dt.date]], dict[str, Any]]] = []
        for index in range(200 * self.scale):
            workstream = self.workstreams[index // 2]
            job, category, filiere, cadre = rng.choice(JOBS)
            nature = rng.choices(["creation", "replacement", "deletion"], [60, 35, 5])[0]
            positions.append(
                Position(
                    title=f"{job} — {rng.choice(THEMES)} ({workstream.code})",
                    org_unit=rng.choice(self.units),
                    workstream=workstream,
                    nature=nature,
                    reason="Besoin synthétique.",
                    category=category,
                    filiere=filiere,
                    cadre_emplois=cadre,
                    grades=cadre.replace("territoriaux", "").strip(),
                    fte=Decimal("1.00") if rng.random() < 0.9 else Decimal("0.50"),
                    is_senior=category == "A" and rng.random() < 0.3,
                    budget_state=rng.choices(["agreed", "pending", "refused"], [70, 25, 5])[0],
                    vacant_post_exists=nature == "replacement",
                )
            )
            # The path through the stages, then its dates.
            reached = rng.randint(0, len(PIPELINE) - 1)
            path = PIPELINE[: reached + 1]
            roll = rng.random()
            if roll < 0.05:
                path.append("unsuccessful")
            elif roll < 0.1:
                path.append("abandoned")
            day = self.days(-700, -60)
            dated = []
            for stage in path:
                dated.append((stage, min(day, today)))
                day += dt.timedelta(days=rng.randint(3, 30))
            plans.append((dated, {}))
        self.bulk(Position, positions)
        for position, (dated, _facts) in zip(positions, plans, strict=True):
            stages = [stage for stage, _day in dated]
            when = dict(dated)
            validated = "profile_validated" in stages
            profiles.append(
                JobProfile(
                    position=position,
                    missions="Missions synthétiques.",
                    skills="Compétences synthétiques.",
                    profile="Profil synthétique.",
                    working_time="Temps complet",
                    place_in_organisation=position.org_unit.name,
                    state="validated" if validated else rng.choice(["draft", "in_review"]),
                    validated_by=self.actor if validated else None,
                    validated_on=when.get("profile_validated"),
                )
            )
            published = when.get("offer_published")
            last_stage, last_day = dated[-1]
            recruitments.append(
                Recruitment(
                    position=position,
                    hr_owner=rng.choice(self.hr),
                    stage=last_stage,
                    stage_changed_at=self.at(last_day),
                    route=rng.choice(["", "mutation", "contract", "secondment"]),
                    arbitration_on=when.get("dg_arbitration"),
                    arbitration_ref="Réunion DG (volume)" if "dg_arbitration" in when else "",
                    publication_date=published,
                    application_deadline=published + dt.timedelta(days=30) if published else None,
                    applications_count=rng.randint(0, 25) if published else 0,
                    interviews_count=rng.randint(1, 5) if "interviews" in when else 0,
                    interviewers_count=rng.randint(1, 3) if "interviews" in when else 0,
                    arrival_date=when.get("arrived"),
                )
            )
        self.bulk(JobProfile, profiles)
        self.bulk(Recruitment, recruitments)
        for recruitment, (dated, _facts) in zip(recruitments, plans, strict=True):
            for (before, _), (after, day) in zip(dated, dated[1:], strict=False):
                changes.append(
                    StageChange(
                        recruitment=recruitment,
                        from_stage=before,
                        to_stage=after,
                        changed_at=self.at(day),
                        actor=recruitment.hr_owner,
                    )
                )
        self.bulk(StageChange, changes)
        for model, objs in (
            (Position, positions),
            (JobProfile, profiles),
            (Recruitment, recruitments),
            (StageChange, changes),
        ):
            self.history(model, objs)

    def create_governance(self) -> None:
        rng = self.rng
        kinds = [
            "administrative",
            "administrative",
            "social_dialogue",
            "political",
            "working_group",
        ]
        bodies = [
            Body(
                name=f"Instance {k + 1} (volume)",
                short_name=f"VOL-I{k + 1}",
                kind=kind,
                chair=self.directors[k],
                cadence="Mensuel",
                convocation_days=15 if kind == "social_dialogue" else 0,
            )
            for k, kind in enumerate(kinds)
        ]
        self.bulk(Body, bodies)
        members = Body.members.through
        self.bulk(
            members,
            [
                members(body_id=body.pk, user_id=user.pk)
                for body in bodies
                for user in rng.sample(self.directors, 5)
            ],
        )
        self.history(Body, bodies, m2m=("members",))

        meetings, items, decisions = [], [], []
        for _ in range(100 * self.scale):
            body = rng.choice(bodies)
            day = self.days(-365, 90)
            past = day < self.today
            meetings.append(
                Meeting(
                    body=body,
                    starts_at=self.at(day, rng.choice([9, 14, 18])),
                    place="Hôtel de ville",
                    state=rng.choices(["held", "cancelled"], [95, 5])[0] if past else "planned",
                    convocation_date=day - dt.timedelta(days=body.convocation_days or 7),
                    minutes="Compte rendu synthétique." if past else "",
                )
            )
        self.bulk(Meeting, meetings)
        for meeting in meetings:
            for order in range(1, 4):
                items.append(
                    AgendaItem(
                        meeting=meeting,
                        order=order,
                        title=f"Point {order} — {rng.choice(THEMES)}",
                        workstream=rng.choice(self.workstreams),
                        kind=rng.choice(["information", "discussion", "decision", "consultation"]),
                    )
                )
        self.bulk(AgendaItem, items)
        held = [i for i, m in enumerate(meetings) if m.state == "held"]
        for _ in range(100 * self.scale):
            index = rng.choice(held)
            meeting, item = meetings[index], items[3 * index + rng.randint(0, 2)]
            decisions.append(
                Decision(
                    meeting=meeting,
                    agenda_item=item,
                    workstream=item.workstream,
                    kind=rng.choice(
                        ["arbitration", "validation", "favourable", "unfavourable", "postponement"]
                    ),
                    text=f"Décision synthétique sur {item.workstream.code}.",
                    date=timezone.localtime(meeting.starts_at).date(),
                    follow_up=rng.choices(["todo", "in_progress", "done"], [20, 20, 60])[0],
                    published=rng.random() < 0.5,
                )
            )
        self.bulk(Decision, decisions)
        for model, objs in ((Meeting, meetings), (AgendaItem, items), (Decision, decisions)):
            self.history(model, objs)
