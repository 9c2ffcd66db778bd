"""`seed_demo`: CAP 2021 told through the services at its real dates, then the new
mandate's example programme, dated from the day the seed runs.

Reference data (the commune, people, domains, mandate priorities, legal references,
framework documents) is entered by the administrator when Cap was installed (demo/
reference.py: no service writes it; the org chart goes through organisation.services);
everything else is done through the services by the person who did it, when it happened:
the DG enters, activates and closes the programme, its components and priorities and its
workstreams, the owners write their updates, HR moves the recruitments, the DG records the
meetings. Idempotent: a database that already holds the demo (the `dg` account and the
CAP 2021 programme) is left exactly as it is.

One programme runs at a time (priorities.services.programme_activate). When the database
already has a running programme that is not the demo's (`generate_volume` run first, as
bench/pages.py does), the demo's programmes are told without being activated: CAP 2021
goes from preparation to closed, the example stays in preparation, and the running one is
left as it is.
"""

import datetime as dt
import functools
from collections import Counter
from typing import Any

import time_machine
from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from demo import data, example
from demo.reference import create, enter_mandate
from demo.story import Story
from demo.timeline import Timeline, moment
from governance.services import body_create
from notifications.models import Notification
from organisation import services as organisation
from organisation.models import Commune, User
from priorities import services as priorities
from priorities.models import FrameworkDocument, Programme
from recruitment.models import LegalReference
from reporting import services as reporting

# When Cap was installed (reference data), when the DG entered CAP 2021, when it closed.
INSTALLED = dt.date(2021, 1, 4)
CAP_ENTERED = dt.date(2021, 5, 17)
CAP_CLOSED = dt.date(2023, 12, 15)
# The élus' seminar where the DG presented CAP 2021's point d'étape (frozen that morning).
SEMINAR = dt.date(2021, 7, 3)
SEMINAR_OCCASION = "Séminaire des élus du 3 juillet 2021"
# A year on, the DG freezes the point d'étape again: the élus see what changed since.
ONE_YEAR_ON = dt.date(2022, 7, 1)
ONE_YEAR_ON_OCCASION = "Séminaire des élus du 1er juillet 2022 : un an de CAP 2021"
CAP_2021 = {
    "slug": "cap-2021",
    "name": "CAP 2021 – Adaptation de l'Organisation",
    "short_name": "CAP 2021",
    "start_date": dt.date(2021, 1, 4),
    "end_date": dt.date(2023, 12, 31),
    "description": "1ère phase de l'Adaptation de l'Organisation : point d'étape présenté au "
    "séminaire des élus du 3 juillet 2021.",
}


def is_loaded() -> bool:
    return (
        User.objects.filter(username="dg").exists()
        and Programme.objects.filter(slug=CAP_2021["slug"]).exists()
    )


def counts() -> Counter[str]:
    return Counter(
        {m.__name__: m._default_manager.count() for m in apps.get_models() if m._meta.managed}
    )


class DemoSeed:
    def __init__(self, today: dt.date) -> None:
        self.today = today
        # A programme already running that is not the demo's (see the module's docstring).
        self.running = Programme.objects.active()
        names = (
            "users units domains mandate priorities legal bodies workstreams actions milestones "
            "updates positions profiles recruitments meetings components"
        )
        self.reg: dict[str, dict[Any, Any]] = {name: {} for name in names.split()}

    # ── reference data: the administrator, when Cap was installed ───────────────────────
    def install(self) -> None:
        reg = self.reg
        password = make_password(data.PASSWORD)
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
            password=password,
        )
        admin.full_clean()
        admin.save()
        admin.history.update(history_user=admin)  # the one row no one else could write
        reg["users"]["admin"] = admin
        if not Commune.objects.exists():
            create(Commune, admin, name=data.COMMUNE)
        for row in data.PEOPLE[1:]:
            username = row["username"]
            reg["users"][username] = create(
                User,
                admin,
                username=username,
                first_name=row["first_name"],
                last_name=row["last_name"],
                email=f"{username}@mairie.example",
                role=row["role"],
                job_title=row.get("job_title", ""),
                delegation=row.get("delegation", ""),
                password=password if username in data.DEMO_ACCOUNTS else make_password(None),
                is_active=row.get("active", True),
            )
        self.mandate_2020, reg["domains"], reg["mandate"] = enter_mandate(admin, data.MANDATE_2020)
        for key, label, code, article, former in data.LEGAL_REFERENCES:
            reg["legal"][key] = create(
                LegalReference,
                admin,
                key=key,
                label=label,
                code=code,
                article=article,
                former_text=former,
            )
        self.documents = [
            create(FrameworkDocument, admin, kind=kind, title=title, date=day, summary=summary)
            for kind, title, day, summary in data.FRAMEWORK_DOCUMENTS
        ]

    # ── the org chart: the DG; the people's units: the administrator ────────────────────
    def organise(self) -> None:
        reg, dg, admin = self.reg, self.reg["users"]["dg"], self.reg["users"]["admin"]
        for key, name, acronym, kind, parent, state, head, valid_from in data.ORG_UNITS:
            reg["units"][key] = organisation.org_unit_create(
                data={
                    "name": name,
                    "acronym": acronym,
                    "kind": kind,
                    "parent": reg["units"][parent] if parent else None,
                    # A unit to come is planned until the day it starts.
                    "state": "planned" if valid_from else state,
                    "valid_from": dt.date.fromisoformat(valid_from) if valid_from else None,
                    "head": reg["users"].get(head or ""),
                },
                actor=dg,
            )
        for row in data.PEOPLE:
            user = reg["users"][row["username"]]
            if row.get("unit"):
                user.org_unit = reg["units"][row["unit"]]
                user._history_user = admin
                user.save(update_fields=["org_unit"])

    def unit_events(self, t: Timeline) -> None:
        dg = self.reg["users"]["dg"]
        for key, *_rest, state, _head, valid_from in data.ORG_UNITS:
            if valid_from and state != "planned":
                t.at(
                    moment(dt.date.fromisoformat(valid_from), "08:00"),
                    dg,
                    lambda a, k=key, s=state: organisation.org_unit_update(
                        unit=self.reg["units"][k], data={"state": s}, actor=a
                    ),
                )
        for key, day, state in data.UNIT_CHANGES:
            t.at(
                moment(dt.date.fromisoformat(day), "08:00"),
                dg,
                lambda a, k=key, s=state: organisation.org_unit_update(
                    unit=self.reg["units"][k], data={"state": s}, actor=a
                ),
            )

    # ── CAP 2021: the DG enters it, the programme's people live it ──────────────────────
    def enter_cap2021(self, dg) -> None:
        """The DG enters the programme, its components and priorities, and starts it."""
        reg = self.reg
        self.cap = priorities.programme_create(
            data={
                **CAP_2021,
                "commune": Commune.objects.current(),
                "mandate": self.mandate_2020,
                "framework_documents": self.documents,
            },
            actor=dg,
        )
        for order, (code, name) in enumerate(data.COMPONENTS, start=1):
            reg["components"][code] = priorities.component_create(
                programme=self.cap, data={"code": code, "name": name, "order": order}, actor=dg
            )
        for order, row in enumerate(data.PRIORITIES, start=1):
            reg["priorities"][row["code"]] = priorities.priority_create(
                programme=self.cap,
                data={
                    "code": row["code"],
                    "name": row["name"],
                    "description": row["description"],
                    "order": order,
                    "lead": reg["users"][row["lead"]],
                    "mandate_priorities": [reg["mandate"][c] for c in row["mandate"]],
                    "domains": [reg["domains"][n] for n in row["domains"]],
                },
                actor=dg,
            )
        if self.running is None:
            self.cap = priorities.programme_activate(programme=self.cap, actor=dg)

    def cap2021_events(self, t: Timeline) -> None:
        reg, dg = self.reg, self.reg["users"]["dg"]
        t.at(moment(CAP_ENTERED, "08:30"), dg, self.enter_cap2021)
        # The social-dialogue bodies: the CT until the elections of 8 December 2022, the
        # CST after them; the others from the start.
        for row in data.BODIES:
            since = dt.date.fromisoformat(row.get("since", CAP_ENTERED.isoformat()))
            t.at(moment(since, "08:45"), dg, lambda a, row=row: self.body(row, a))
        story = Story(t, reg)
        for row in data.WORKSTREAMS:
            story.workstream(
                row,
                priority_key=row["priority"],
                entered=CAP_ENTERED,
            )
        for row in data.MEETINGS:
            story.meeting(row)
        for row in data.POSITIONS:
            story.position(row)
        for date, occasion in ((SEMINAR, SEMINAR_OCCASION), (ONE_YEAR_ON, ONE_YEAR_ON_OCCASION)):
            t.at(
                moment(date, "08:00"),
                dg,
                functools.partial(self.freeze_edition, date=date, occasion=occasion),
            )

    def body(self, row: dict, actor) -> None:
        users = self.reg["users"]
        body = body_create(
            data={
                "name": row["name"],
                "short_name": row["short_name"],
                "kind": row["kind"],
                "chair": users[row["chair"]],
                "cadence": row["cadence"],
                "convocation_days": row.get("convocation_days", 0),
                "urgent_convocation_days": row.get("urgent_convocation_days", 0),
                "minutes_days": row.get("minutes_days", 0),
                "secretary": users.get(row.get("secretary", "")),
                "charter": row.get("charter", ""),
            },
            members=[users[u] for u in dict.fromkeys(row["members"])],
            colleges={users[u]: college for u, college in row.get("colleges", {}).items()},
            actor=actor,
        )
        self.reg["bodies"][row["short_name"] or row["name"]] = body
        self.reg["bodies"][row["name"]] = body

    def freeze_edition(self, dg, *, date: dt.date, occasion: str) -> None:
        """The DG freezes the point d'étape shown to the élus that morning and shares it
        (/progress/editions/): the seminar, then a year on, which shows what changed."""
        reporting.edition_freeze(
            programme=self.cap, date=date, occasion=occasion, shared_with_elected=True, actor=dg
        )

    def close_cap2021(self, dg) -> None:
        self.cap = priorities.programme_close(programme=self.cap, actor=dg)

    # ── the run ─────────────────────────────────────────────────────────────────────────
    @transaction.atomic
    def run(self) -> None:
        with time_machine.travel(moment(INSTALLED, "08:00"), tick=False):
            self.install()
        with time_machine.travel(moment(INSTALLED, "10:00"), tick=False):
            self.organise()
        t = Timeline(today=self.today)
        self.unit_events(t)
        self.cap2021_events(t)
        t.at(moment(CAP_CLOSED, "17:00"), self.reg["users"]["dg"], self.close_cap2021)
        t.play()
        # CAP 2021's hand-overs were told at the time: read, and never emailed now.
        _as_delivered(read=True)
        example.tell(
            Timeline(today=self.today), self.reg, cap=self.cap, activate=self.running is None
        )
        # The example programme's recent ones stay unread (the header's badge shows them),
        # but the demo sends no email.
        _as_delivered(read=False)


def _as_delivered(*, read: bool) -> None:
    """Mark the story's notifications sent (delivery skips them after commit)."""
    pending = Notification.objects.filter(sent_at__isnull=True)
    pending.update(sent_at=F("created_at"), **({"read_at": F("created_at")} if read else {}))


def load_demo(*, today: dt.date | None = None) -> Counter[str]:
    """Load the demo; return how many rows of each model this run created (none when the
    demo is already there)."""
    if is_loaded():
        return Counter()
    before = counts()
    DemoSeed(today or timezone.localdate()).run()
    after = counts()
    return Counter(
        {name: after[name] - before[name] for name in after if after[name] > before[name]}
    )
