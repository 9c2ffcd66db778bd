"""Deterministic synthetic data for benchmarks (`generate_volume --scale N`).

Per unit of scale: 32 org units, 26 people (20 directors), 100 workstreams, 500 actions,
1,000 milestones, 2,000 status updates, 200 positions with their job profile and
recruitment (and about 1,000 stage changes), 100 meetings with 300 agenda items and
100 decisions; 5 bodies in all. Everything comes from `random.Random(seed)` drawn in a
fixed order, and dates are spread around today, so two runs on the same day with the same
scale and seed write the same rows (primary keys aside).

Rows are bulk-created in batches; their history rows ("+", attributed to the `vol-dg`
user) are bulk-created from the final state of each object, m2m snapshots included.

Volume rows are recognisable by their keys: workstream codes `VOLnn-nnn` (block of 999,
number), usernames `vol-…`, unit acronyms `VOLnn…`, body names `… (volume)`.

They fill the active programme, its priorities, components, domains and mandate
priorities; with no active programme, a frame of its own is built first through the
programme services (demo/volume_frame.py). Units, people and workstreams are written here,
recruitments and governance by demo/volume_rows.py.
"""

import datetime as dt
import random
from collections import Counter

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils import timezone

from demo.volume_frame import programme_to_fill
from demo.volume_rows import THEMES, RecruitmentAndGovernanceRows
from organisation.models import OrgUnit, User
from priorities.models import Component, Domain, MandatePriority, Priority
from workstreams.models import Action, Milestone, StatusUpdate, Workstream
from workstreams.services import workstreams_refresh_status

CODE_PREFIX = "VOL"
USERNAME_PREFIX = "vol-"
BATCH_SIZE = 500

FIRST_NAMES = [
    "Alice", "Bernard", "Chloé", "David", "Élodie", "François", "Gaëlle", "Hugo", "Inès",
    "Jérôme", "Karine", "Louis", "Manon", "Nicolas", "Océane", "Pascal", "Quentin", "Rose",
    "Samuel", "Théo", "Valérie", "Yann", "Zoé", "Agnès", "Benoît", "Céline",
]  # fmt: skip
LAST_NAMES = [
    "Arnaud", "Barbier", "Carpentier", "Dumas", "Esnault", "Fabre", "Gauthier", "Hubert",
    "Jacob", "Klein", "Lemoine", "Marchand", "Noël", "Olivier", "Perrin", "Renaud",
    "Schmitt", "Tessier", "Vidal", "Weber",
]  # fmt: skip
VERBS = [
    "Réorganisation", "Expérimentation", "Harmonisation", "Modernisation", "Création",
    "Évaluation", "Mutualisation", "Dématérialisation",
]  # fmt: skip
WEATHERS = ["on_track", "at_risk", "off_track"]
PHASES = [
    ("reflection", 10),
    ("proposals", 20),
    ("implementation", 40),
    ("experimentation", 15),
    ("officialisation", 5),
    ("closed", 10),
]
AXES = ["", "prioritisation", "concretisation", "experimentation"]


def volume_exists() -> bool:
    return (
        Workstream.objects.filter(code__startswith=CODE_PREFIX).exists()
        or User.objects.filter(username__startswith=USERNAME_PREFIX).exists()
    )


def workstream_code(index: int) -> str:
    """0 → VOL01-001 … 998 → VOL01-999, 999 → VOL02-001: within `^[A-Z0-9]{2,8}-[0-9]{2,3}$`."""
    return f"{CODE_PREFIX}{index // 999 + 1:02d}-{index % 999 + 1:03d}"


class VolumeGenerator(RecruitmentAndGovernanceRows):
    def __init__(self, *, scale: int, seed: int = 2021, today: dt.date | None = None) -> None:
        self.scale = scale
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        self.now = timezone.now()
        # History rows are stamped from an hour before the run on, a millisecond apart.
        self.history_clock = self.now - dt.timedelta(hours=1)
        self.created: Counter[str] = Counter()

    # ── helpers ─────────────────────────────────────────────────────────────────────────
    def days(self, first: int, last: int) -> dt.date:
        return self.today + dt.timedelta(days=self.rng.randint(first, last))

    def at(self, day: dt.date, hour: int = 10) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))

    def bulk[M: models.Model](self, model: type[M], objs: list[M]) -> list[M]:
        model._default_manager.bulk_create(objs, batch_size=BATCH_SIZE)
        self.created[model.__name__] += len(objs)
        return objs

    def history(self, model: type[models.Model], objs: list, m2m: tuple[str, ...] = ()) -> None:
        """One "+" history row per object, from its final state, with its m2m snapshot.

        Each row gets its own instant, a millisecond apart, as rows written one by one would:
        thousands of rows sharing one `history_date` would make every "latest changes"
        query sort them all to break the tie, which real history never asks for.
        """
        self.history_clock += dt.timedelta(milliseconds=len(objs))
        for index, obj in enumerate(objs):
            obj._history_date = self.history_clock - dt.timedelta(milliseconds=len(objs) - index)
        rows = model.history.bulk_history_create(  # type: ignore[attr-defined]
            objs, batch_size=BATCH_SIZE, default_user=self.actor, default_date=self.now
        )
        for obj in objs:
            del obj._history_date  # a later save() must stamp its own instant
        self.created[f"Historical{model.__name__}"] += len(rows)
        for name in m2m:
            through = getattr(model, name).through
            historical = apps.get_model(model._meta.app_label, f"Historical{model.__name__}_{name}")
            source = f"{model._meta.model_name}_id"
            by_object: dict[int, list] = {}
            for link in through.objects.filter(**{f"{source}__in": [o.pk for o in objs]}):
                by_object.setdefault(getattr(link, source), []).append(link)
            fields = [f.attname for f in through._meta.concrete_fields]
            snapshot = [
                historical(history=row, **{name: getattr(link, name) for name in fields})
                for row in rows
                for link in by_object.get(row.id, [])
            ]
            historical.objects.bulk_create(snapshot, batch_size=BATCH_SIZE)
            self.created[historical.__name__] += len(snapshot)

    # ── the run ─────────────────────────────────────────────────────────────────────────
    @transaction.atomic
    def run(self) -> Counter[str]:
        self.actor = self.create_actor()
        # The volume fills the active programme (a frame of its own when none is active).
        self.programme = programme_to_fill(actor=self.actor, today=self.today, created=self.created)
        mandate = self.programme.mandate_id
        self.domains = list(Domain.objects.filter(mandate=mandate).order_by("number"))
        self.mandate = list(MandatePriority.objects.filter(mandate=mandate).order_by("code"))
        self.priorities = list(Priority.objects.filter(programme=self.programme).order_by("code"))
        components = Component.objects.filter(programme=self.programme).order_by("code")
        self.components = [None, *components]
        self.create_units_and_people()
        self.create_workstreams()
        self.create_workstream_details()
        # The updates were written in bulk: store each workstream's status from them.
        workstreams_refresh_status(workstream_ids=[w.pk for w in self.workstreams])
        self.create_recruitments()
        self.create_governance()
        return self.created

    def create_actor(self) -> User:
        actor = User(
            username=f"{USERNAME_PREFIX}dg",
            first_name="Direction générale",
            last_name="(volume)",
            role=User.Role.DG,
            password=make_password(None),
        )
        actor.skip_history_when_saving = True
        actor.save()
        del actor.skip_history_when_saving
        self.actor = actor
        self.history(User, [actor])
        self.created["User"] += 1
        return actor

    def create_units_and_people(self) -> None:
        rng = self.rng
        poles, directions, services = [], [], []
        for block in range(1, self.scale + 1):
            tag = f"{CODE_PREFIX}{block:02d}"
            for p in range(1, 3):
                poles.append(
                    OrgUnit(name=f"Pôle {p} (volume {block})", acronym=f"{tag}P{p}", kind="pole")
                )
        self.bulk(OrgUnit, poles)
        for index in range(10 * self.scale):
            block = index // 10 + 1
            directions.append(
                OrgUnit(
                    name=f"Direction {rng.choice(THEMES)} {index + 1} (volume)",
                    acronym=f"{CODE_PREFIX}{block:02d}D{index % 10 + 1}",
                    kind="direction",
                    parent=poles[index // 5],
                )
            )
        self.bulk(OrgUnit, directions)
        for index in range(20 * self.scale):
            block = index // 20 + 1
            roll = rng.random()
            services.append(
                OrgUnit(
                    name=f"Service {rng.choice(THEMES)} {index + 1} (volume)",
                    acronym=f"{CODE_PREFIX}{block:02d}S{index % 20 + 1}",
                    kind=rng.choice(["service", "service", "unit", "cell"]),
                    parent=directions[index // 2],
                    state="planned" if roll < 0.1 else "experimental" if roll < 0.15 else "current",
                    valid_from=self.days(-400, 200) if roll < 0.15 else None,
                )
            )
        self.bulk(OrgUnit, services)
        self.units = directions + services

        people = []
        for role, count, prefix in (
            ("director", 20, "dir"),
            ("elected", 4, "elu"),
            ("hr", 2, "rh"),
        ):
            for index in range(count * self.scale):
                people.append(
                    User(
                        username=f"{USERNAME_PREFIX}{prefix}-{index + 1:04d}",
                        first_name=rng.choice(FIRST_NAMES),
                        last_name=rng.choice(LAST_NAMES),
                        role=role,
                        org_unit=directions[index % len(directions)] if role != "elected" else None,
                        delegation=f"Adjoint ou adjointe ({rng.choice(THEMES)})"
                        if role == "elected"
                        else "",
                        password=make_password(None),
                    )
                )
        self.bulk(User, people)
        self.directors = [u for u in people if u.role == "director"]
        self.elected = [u for u in people if u.role == "elected"]
        self.hr = [u for u in people if u.role == "hr"]
        for index, direction in enumerate(directions):
            direction.head = self.directors[(2 * index) % len(self.directors)]
        OrgUnit.objects.bulk_update(directions, ["head"], batch_size=BATCH_SIZE)
        self.history(OrgUnit, poles + directions + services)
        self.history(User, people)

    def create_workstreams(self) -> None:
        rng = self.rng
        phases, weights = zip(*PHASES, strict=True)
        workstreams = []
        for index in range(100 * self.scale):
            start = self.days(-900, -30)
            workstreams.append(
                Workstream(
                    code=workstream_code(index),
                    title=f"{rng.choice(VERBS)} : {rng.choice(THEMES)} ({index + 1})",
                    summary="Chantier synthétique pour les mesures de performance.",
                    programme=self.programme,
                    priority=rng.choice(self.priorities),
                    component=rng.choice(self.components),
                    owner=rng.choice(self.directors),
                    org_unit=rng.choice(self.units),
                    sponsor=rng.choice(self.elected) if rng.random() < 0.7 else None,
                    changes_organisation=rng.random() < 0.2,
                    phase=rng.choices(phases, weights)[0],
                    axis=rng.choice(AXES),
                    start_date=start,
                    target_date=start + dt.timedelta(days=rng.randint(180, 1100)),
                    transversal=rng.random() < 0.15,
                    weight=rng.choice([1, 1, 1, 2, 3]),
                    created_at=self.now,
                )
            )
            workstream = workstreams[-1]
            if workstream.changes_organisation and workstream.phase == "officialisation":
                workstream.cst_opinion_on = start + dt.timedelta(days=rng.randint(60, 200))
                workstream.cst_opinion_ref = "Avis du CST (volume)"
        self.bulk(Workstream, workstreams)
        links: dict[str, list] = {"domains": [], "mandate_priorities": [], "affected_units": []}
        through = {name: getattr(Workstream, name).through for name in links}
        for workstream in workstreams:
            for domain in rng.sample(self.domains, rng.randint(1, 2)):
                links["domains"].append(
                    through["domains"](workstream_id=workstream.pk, domain_id=domain.pk)
                )
            for mandate in rng.sample(self.mandate, rng.randint(1, 2)):
                links["mandate_priorities"].append(
                    through["mandate_priorities"](
                        workstream_id=workstream.pk, mandatepriority_id=mandate.pk
                    )
                )
            if workstream.changes_organisation:
                for unit in rng.sample(self.units, rng.randint(1, 2)):
                    links["affected_units"].append(
                        through["affected_units"](workstream_id=workstream.pk, orgunit_id=unit.pk)
                    )
        for name, rows in links.items():
            self.bulk(through[name], rows)
        self.history(Workstream, workstreams, m2m=tuple(links))
        self.workstreams = workstreams

    def create_workstream_details(self) -> None:
        rng, today = self.rng, self.today
        actions, milestones, updates = [], [], []
        for workstream in self.workstreams:
            start, target = workstream.start_date, workstream.target_date
            span = (target - start).days
            for k in range(5):
                due = start + dt.timedelta(days=span * (k + 1) // 6 + rng.randint(-10, 10))
                state = (
                    rng.choices(["done", "in_progress", "abandoned"], [80, 15, 5])[0]
                    if due < today
                    else rng.choices(["todo", "in_progress"], [70, 30])[0]
                )
                actions.append(
                    Action(
                        workstream=workstream,
                        title=f"Action {k + 1} — {rng.choice(THEMES)}",
                        owner=workstream.owner,
                        due_date=due,
                        state=state,
                        done_on=min(due, today) if state == "done" else None,
                    )
                )
            for k in range(10):
                due = start + dt.timedelta(days=span * (k + 1) // 11 + rng.randint(-5, 5))
                slip = 0 if rng.random() < 0.5 else rng.randint(7, 120)
                if due < today:
                    state = rng.choices(
                        ["achieved", "missed", "postponed", "planned"], [80, 7, 5, 8]
                    )[0]
                else:
                    state = rng.choices(["planned", "postponed"], [95, 5])[0]
                milestones.append(
                    Milestone(
                        workstream=workstream,
                        title=f"Jalon {k + 1} — {rng.choice(THEMES)}",
                        due_date=due,
                        baseline_date=due - dt.timedelta(days=slip),
                        is_key=rng.random() < 0.2,
                        state=state,
                        achieved_on=min(due + dt.timedelta(days=rng.randint(0, 10)), today)
                        if state == "achieved"
                        else None,
                        owner=workstream.owner,
                    )
                )
            last = self.days(-40, 0)
            weather = rng.choice(WEATHERS)
            final_progress = rng.randint(5, 100)
            for k in range(20):
                day = last - dt.timedelta(days=14 * (19 - k))
                if rng.random() < 0.3:
                    weather = rng.choice(WEATHERS)
                state = "published"
                if k == 19:
                    state = rng.choices(["published", "submitted", "draft"], [70, 20, 10])[0]
                updates.append(
                    StatusUpdate(
                        workstream=workstream,
                        author=workstream.owner,
                        date=day,
                        weather=weather,
                        progress=final_progress * (k + 1) // 20,
                        done="Travaux de la quinzaine.",
                        next_steps="Prochaines étapes.",
                        risks="" if weather == "on_track" else "Points d'attention.",
                        decisions_needed="" if rng.random() < 0.8 else "Arbitrage attendu.",
                        public_summary=f"Point {k + 1} sur le chantier {workstream.code}.",
                        state=state,
                        submitted_at=self.at(day, 17) if state != "draft" else None,
                        published_at=self.at(day + dt.timedelta(days=1), 9)
                        if state == "published"
                        else None,
                        published_by=self.actor if state == "published" else None,
                        created_at=self.at(day, 16),
                    )
                )
        for model, objs in ((Action, actions), (Milestone, milestones), (StatusUpdate, updates)):
            self.bulk(model, objs)
            self.history(model, objs)


def generate_volume(*, scale: int, seed: int = 2021) -> Counter[str]:
    return VolumeGenerator(scale=scale, seed=seed).run()
