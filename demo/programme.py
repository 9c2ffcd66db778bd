"""Load the CAP 2021 programme (demo/data.py) into the database.

Idempotent by natural keys: a row that already exists is left exactly as it is, so a second
run writes nothing (no row, no history row), and a run after people used the demo never
overwrites their changes. Every row written carries the `admin` user in its history.

Writes go through the ORM rather than the services on purpose: the seed restores a past
state (updates published in 2022, recruitments closed, opinions given) that the services,
which record what happens now, cannot backdate.
"""

import datetime as dt
from collections import Counter
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils import timezone

from demo import data
from governance.models import AgendaItem, Body, Decision, Meeting
from organisation.models import Commune, OrgUnit, User
from priorities.models import (
    Component,
    Domain,
    FrameworkDocument,
    Mandate,
    MandatePriority,
    Priority,
    Programme,
)
from recruitment.models import (
    JobProfile,
    LegalReference,
    Position,
    Recruitment,
    StageChange,
)
from workstreams.models import Action, Milestone, StatusUpdate, Workstream
from workstreams.services import workstreams_refresh_status

# The programme and its components (issue 10: the programme is data). Kept here until the
# demo's data describes its programmes.
PROGRAMME = {
    "name": "CAP 2021 – Adaptation de l'Organisation",
    "short_name": "CAP 2021",
    "start_date": dt.date(2021, 1, 1),
}
COMPONENTS = [
    ("governance", "Gouvernance interne"),
    ("organisation", "Organisation des services"),
    ("internal_communication", "Communication interne"),
    ("information_system", "Système d'information"),
]


class ProgrammeLoader:
    def __init__(self, *, today: dt.date | None = None) -> None:
        self.today = today or timezone.localdate()
        self.created: Counter[str] = Counter()
        self.admin: User | None = None
        self.users: dict[str, User] = {}
        self.units: dict[str, OrgUnit] = {}
        self.domains: dict[int, Domain] = {}
        self.mandate: dict[str, MandatePriority] = {}
        self.priorities: dict[str, Priority] = {}
        self.workstreams: dict[str, Workstream] = {}
        self.bodies: dict[str, Body] = {}
        self.legal: dict[str, LegalReference] = {}
        self.affected = {row["code"]: row.get("affected", []) for row in data.WORKSTREAMS}

    # ── helpers ─────────────────────────────────────────────────────────────────────────
    def date(self, value: str | data.Rel | dt.date | None) -> dt.date | None:
        if value is None or isinstance(value, dt.date):
            return value
        if isinstance(value, data.Rel):
            return self.today + dt.timedelta(days=value.days)
        return dt.date.fromisoformat(value)

    def moment(
        self, day: str | data.Rel | dt.date | None, time: str = "09:00"
    ) -> dt.datetime | None:
        value = self.date(day)
        if value is None:
            return None
        return timezone.make_aware(dt.datetime.combine(value, dt.time.fromisoformat(time)))

    def ensure[M: models.Model](
        self,
        model: type[M],
        lookup: dict[str, Any],
        values: dict[str, Any] | None = None,
        m2m: dict[str, list] | None = None,
    ) -> M:
        """The row `lookup` finds, or a new validated one with `values` (history: admin)."""
        found = model._default_manager.filter(**lookup).first()
        if found is not None:
            return found
        obj = model(**lookup, **(values or {}))
        obj._history_user = self.admin
        self.validate(obj)
        obj.save()
        for name, related in (m2m or {}).items():
            if related:
                getattr(obj, name).set(related)
        self.created[model.__name__] += 1
        return obj

    @staticmethod
    def validate(obj: models.Model) -> None:
        """Field validation (choices, code pattern, ranges) without a query per field: the
        database enforces what needs one (foreign keys, unique keys, check constraints)."""
        relations = [f.name for f in obj._meta.concrete_fields if f.is_relation]
        obj.clean_fields(exclude=relations)
        obj.clean()

    # ── the programme, from the bottom of the stack up ─────────────────────────────────
    @transaction.atomic
    def load(self) -> Counter[str]:
        self.load_people_and_units()
        self.load_reference_frame()
        self.load_legal_references()
        self.load_bodies()
        self.load_workstreams()
        # The updates were restored through the ORM: store each workstream's status from them.
        workstreams_refresh_status(workstream_ids=Workstream.objects.values_list("pk", flat=True))
        self.load_positions()
        self.load_meetings()
        return self.created

    def load_admin(self) -> User:
        admin = User.objects.filter(username="admin").first()
        if admin is None:
            person = data.PEOPLE[0]
            admin = User(
                username="admin",
                first_name=person["first_name"],
                last_name=person["last_name"],
                email="admin@mairie.example",
                role=User.Role.DG,
                job_title=person["job_title"],
                is_superuser=True,
                is_staff=True,
                password=self.demo_password,
            )
            self.validate(admin)
            admin.save()
            # Its own creation is the one row no one else could have written.
            admin.history.update(history_user=admin)
            self.created["User"] += 1
        self.admin = admin
        return admin

    def load_people_and_units(self) -> None:
        # One hash for the five public demo accounts: hashing is the slow part of the seed,
        # and these accounts share a published password anyway.
        self.demo_password = make_password(data.PASSWORD)
        self.users["admin"] = self.load_admin()
        for key, name, acronym, kind, parent, state, _head, valid_from in data.ORG_UNITS:
            self.units[key] = self.ensure(
                OrgUnit,
                {"name": name},
                {
                    "acronym": acronym,
                    "kind": kind,
                    "parent": self.units[parent] if parent else None,
                    "state": state,
                    "valid_from": self.date(valid_from),
                },
            )
        for person in data.PEOPLE[1:]:
            username = person["username"]
            self.users[username] = self.ensure(
                User,
                {"username": username},
                {
                    "first_name": person["first_name"],
                    "last_name": person["last_name"],
                    "email": f"{username}@mairie.example",
                    "role": person["role"],
                    "org_unit": self.units.get(person.get("unit", "")),
                    "job_title": person.get("job_title", ""),
                    "delegation": person.get("delegation", ""),
                    "password": self.demo_password
                    if username in data.DEMO_ACCOUNTS
                    else make_password(None),
                },
            )
        admin = self.users["admin"]
        if admin.org_unit_id is None:
            admin.org_unit = self.units["DGS"]
            admin._history_user = admin
            admin.save(update_fields=["org_unit"])
        for key, *_rest, head, _valid_from in data.ORG_UNITS:
            unit = self.units[key]
            if head and unit.head_id is None:
                unit.head = self.users[head]
                unit._history_user = admin
                unit.save(update_fields=["head"])

    def load_programme(self) -> Programme:
        commune = Commune.objects.first() or self.ensure(Commune, {"name": "Commune"})
        self.mandate_row = self.ensure(
            Mandate, {"name": "Mandat 2020-2026"}, {"start_date": dt.date(2020, 7, 1)}
        )
        self.programme = self.ensure(
            Programme,
            {"slug": "cap-2021"},
            {
                **PROGRAMME,
                "commune": commune,
                "mandate": self.mandate_row,
                "state": Programme.State.ACTIVE
                if Programme.objects.active() is None
                else Programme.State.CLOSED,
            },
        )
        self.components = {
            code: self.ensure(
                Component,
                {"programme": self.programme, "code": code},
                {"name": name, "order": order},
            )
            for order, (code, name) in enumerate(COMPONENTS, start=1)
        }
        return self.programme

    def load_reference_frame(self) -> None:
        self.load_programme()
        for number, name in data.DOMAINS:
            self.domains[number] = self.ensure(
                Domain, {"mandate": self.mandate_row, "number": number}, {"name": name}
            )
        for order, (code, name) in enumerate(data.MANDATE_PRIORITIES, start=1):
            self.mandate[code] = self.ensure(
                MandatePriority,
                {"mandate": self.mandate_row, "code": code},
                {"name": name, "order": order},
            )
        for order, row in enumerate(data.PRIORITIES, start=1):
            priority = self.ensure(
                Priority,
                {"programme": self.programme, "code": row["code"]},
                {
                    "name": row["name"],
                    "description": row["description"],
                    "order": order,
                    "lead": self.users.get(row["lead"]),
                },
                m2m={
                    "mandate_priorities": [self.mandate[c] for c in row["mandate"]],
                    "domains": [self.domains[n] for n in row["domains"]],
                },
            )
            # generate_volume may have created the frame without people: name the lead.
            if priority.lead_id is None and row["lead"] in self.users:
                priority.lead = self.users[row["lead"]]
                priority._history_user = self.admin
                priority.save(update_fields=["lead"])
            self.priorities[row["code"]] = priority
        for kind, title, date, summary in data.FRAMEWORK_DOCUMENTS:
            self.ensure(
                FrameworkDocument,
                {"kind": kind, "title": title},
                {"date": self.date(date), "summary": summary},
            )

    def load_legal_references(self) -> None:
        for key, label, code, article, former in data.LEGAL_REFERENCES:
            self.legal[key] = self.ensure(
                LegalReference,
                {"key": key},
                {"label": label, "code": code, "article": article, "former_text": former},
            )

    def load_bodies(self) -> None:
        for row in data.BODIES:
            body = self.ensure(
                Body,
                {"name": row["name"]},
                {
                    "short_name": row["short_name"],
                    "kind": row["kind"],
                    "chair": self.users[row["chair"]],
                    "cadence": row["cadence"],
                    "convocation_days": row.get("convocation_days", 0),
                },
                m2m={"members": [self.users[u] for u in dict.fromkeys(row["members"])]},
            )
            self.bodies[row["name"]] = body
            if row["short_name"]:
                self.bodies[row["short_name"]] = body

    def load_workstreams(self) -> None:
        dg = self.users["dg"]
        for row in data.WORKSTREAMS:
            owner = self.users[row["owner"]]
            workstream = self.ensure(
                Workstream,
                {"programme": self.programme, "code": row["code"]},
                {
                    "title": row["title"],
                    "summary": row["summary"],
                    "priority": self.priorities[row["priority"]],
                    "component": self.components.get(row["component"]),
                    "owner": owner,
                    "org_unit": self.units[row["unit"]],
                    "sponsor": self.users.get(row.get("sponsor", "")),
                    "changes_organisation": bool(row.get("affected")),
                    "phase": row["phase"],
                    "axis": row["axis"],
                    "start_date": self.date(row["start"]),
                    "target_date": self.date(row["target"]),
                    "transversal": row.get("transversal", False),
                    "weight": row.get("weight", 1),
                    "cst_opinion_on": self.date(row.get("cst_opinion_on")),
                    "cst_opinion_ref": row.get("cst_opinion_ref", ""),
                },
                m2m={
                    "domains": [self.domains[n] for n in row["domains"]],
                    "mandate_priorities": [self.mandate[c] for c in row["mandate"]],
                    "affected_units": [self.units[k] for k in row.get("affected", [])],
                },
            )
            self.workstreams[row["code"]] = workstream
            for action in row["actions"]:
                self.ensure(
                    Action,
                    {"workstream": workstream, "title": action["title"]},
                    {
                        "owner": owner,
                        "state": action["state"],
                        "due_date": self.date(action["due_date"]),
                        "done_on": self.date(action["done_on"]),
                    },
                )
            for milestone in row["milestones"]:
                self.ensure(
                    Milestone,
                    {"workstream": workstream, "title": milestone["title"]},
                    {
                        "owner": owner,
                        "due_date": self.date(milestone["due_date"]),
                        "baseline_date": self.date(milestone["baseline_date"]),
                        "state": milestone["state"],
                        "achieved_on": self.date(milestone["achieved_on"]),
                        "is_key": milestone["is_key"],
                    },
                )
            for update in row["updates"]:
                day = self.date(update["date"])
                state = update["state"]
                self.ensure(
                    StatusUpdate,
                    {"workstream": workstream, "public_summary": update["public_summary"]},
                    {
                        "author": owner,
                        "date": day,
                        "weather": update["weather"],
                        "progress": update["progress"],
                        "done": update["done"],
                        "next_steps": update["next_steps"],
                        "risks": update["risks"],
                        "decisions_needed": update["decisions_needed"],
                        "state": state,
                        "submitted_at": self.moment(day, "17:00") if state != "draft" else None,
                        "published_at": self.moment(day + dt.timedelta(days=1), "09:00")
                        if state == "published"
                        else None,
                        "published_by": dg if state == "published" else None,
                        "created_at": self.moment(day, "16:00"),
                    },
                )

    def load_positions(self) -> None:
        hr, dg = self.users["rh"], self.users["dg"]
        for row in data.POSITIONS:
            position = self.ensure(
                Position,
                {"title": row["title"]},
                {
                    "org_unit": self.units[row["unit"]],
                    "workstream": self.workstreams[row["workstream"]],
                    "nature": row["nature"],
                    "reason": row["reason"],
                    "category": row["category"],
                    "filiere": row["filiere"],
                    "cadre_emplois": row["cadre_emplois"],
                    "grades": row["grades"],
                    "is_senior": row.get("is_senior", False),
                    "budget_state": row["budget_state"],
                    "vacant_post_exists": row.get("vacant_post_exists", False),
                    "deliberation_ref": row.get("deliberation_ref", ""),
                    "contract_allowed": row.get("contract_allowed", False),
                    "contract_legal_basis": self.legal.get(row.get("contract_legal_basis", "")),
                    "pay_level": row.get("pay_level", ""),
                },
            )
            if "profile" in row:
                state, validated_on = row["profile"]
                self.ensure(
                    JobProfile,
                    {"position": position},
                    {
                        "missions": f"Missions du poste « {row['title']} » : {row['reason']}",
                        "skills": "Conduite de projet, travail en transversalité, "
                        "connaissance de l'environnement territorial.",
                        "profile": f"Cadre d'emplois des {row['cadre_emplois'].lower()}.",
                        "working_time": "Temps complet, 37 h 30 hebdomadaires",
                        "place_in_organisation": str(position.org_unit),
                        "state": state,
                        "validated_by": dg if state == "validated" else None,
                        "validated_on": self.date(validated_on),
                    },
                )
            if "recruitment" in row:
                self.load_recruitment(position, row["recruitment"], hr)

    def load_recruitment(self, position: Position, row: dict[str, Any], hr: User) -> None:
        stages = row["stages"]
        facts = {
            key: self.date(value) if key.endswith(("_on", "_date", "_deadline")) else value
            for key, value in row.items()
            if key not in ("stages",)
        }
        last_stage, last_day, *_ = stages[-1]
        recruitment = self.ensure(
            Recruitment,
            {"position": position},
            {
                **facts,
                "hr_owner": hr,
                "stage": last_stage,
                "stage_changed_at": self.moment(last_day, "10:00"),
            },
        )
        previous = stages[0][0]
        for stage, day, *reason in stages[1:]:
            self.ensure(
                StageChange,
                {"recruitment": recruitment, "from_stage": previous, "to_stage": stage},
                {
                    "changed_at": self.moment(day, "10:00"),
                    "actor": hr,
                    "reason": reason[0] if reason else "",
                },
            )
            previous = stage

    def load_meetings(self) -> None:
        for row in data.MEETINGS:
            body = self.bodies[row["body"]]
            day, time = row["at"]
            starts_at = self.moment(day, time)
            upcoming = isinstance(day, data.Rel)
            if upcoming:
                lookup = {"body": body, "place": row["place"], "state": Meeting.State.PLANNED}
                values = {"starts_at": starts_at}
            else:
                lookup = {"body": body, "starts_at": starts_at}
                values = {"place": row["place"], "state": Meeting.State.HELD}
            meeting = self.ensure(
                Meeting,
                lookup,
                {
                    **values,
                    "convocation_date": self.date(row.get("convocation"))
                    or (starts_at.date() - dt.timedelta(days=body.convocation_days or 5)),
                    "minutes": row.get("minutes", ""),
                },
            )
            items = {}
            for order, (title, code, kind, outcome) in enumerate(row["items"], start=1):
                items[code] = self.ensure(
                    AgendaItem,
                    {"meeting": meeting, "title": title},
                    {
                        "order": order,
                        "workstream": self.workstreams.get(code),
                        "kind": kind,
                        "outcome": outcome,
                    },
                )
            for kind, text, code, follow_up, published in row["decisions"]:
                workstream = self.workstreams.get(code)
                self.ensure(
                    Decision,
                    {"kind": kind, "text": text},
                    {
                        "meeting": meeting,
                        "agenda_item": items.get(code),
                        "workstream": workstream,
                        "recruitment": self.recruitment_decided(workstream, kind),
                        "org_unit": self.unit_decided(workstream, kind),
                        "date": starts_at.date(),
                        "follow_up": follow_up,
                        "published": published,
                    },
                )

    def recruitment_decided(self, workstream: Workstream | None, kind: str) -> Recruitment | None:
        """An arbitration about PTS-01 in 2022 is about its chef de service recruitment."""
        if workstream is None or kind != "arbitration" or workstream.code != "PTS-01":
            return None
        return Recruitment.objects.filter(
            position__title="Chef ou cheffe de service de police municipale"
        ).first()

    def unit_decided(self, workstream: Workstream | None, kind: str) -> OrgUnit | None:
        """A CST opinion on an org-changing workstream is about the first unit it creates."""
        if workstream is None or kind not in ("favourable", "unfavourable", "postponement"):
            return None
        affected = self.affected.get(workstream.code)
        return self.units[affected[0]] if affected else None


def load_programme(*, today: dt.date | None = None) -> Counter[str]:
    """Load the programme; return how many rows of each model this run created."""
    return ProgrammeLoader(today=today).load()
