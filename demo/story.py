"""Events that tell a programme through the services: workstreams with their milestones,
actions and status updates, positions and their recruitments, meetings and their decisions.

Used for CAP 2021 (demo/data.py, dated 2021–2023) and for the example programme
(demo/example.py, dated relative to the day the seed runs). Who does what: the DG enters
the workstreams, publishes the updates and records the meetings' decisions; each
workstream's owner writes its updates, reaches its milestones and does its actions; HR
opens the positions and moves the recruitments, the DG validates the job profiles.
"""

import datetime as dt
from typing import Any

from demo.timeline import Timeline, moment
from governance import services as governance
from recruitment import services as recruitment
from recruitment.models import Recruitment
from recruitment.rules import ORDER
from workstreams import services as workstreams
from workstreams.models import Milestone

# The facts each stage's checks read (rules.py), recorded just before entering it.
FACTS_BEFORE = {
    "dg_arbitration": ("arbitration_ref", "arbitration_on"),
    "cst_opinion": ("cst_opinion_ref", "cst_opinion_on"),
    "cdg_declared": ("route", "vacancy_date", "application_deadline", "cdg_declaration_ref"),
    "offer_published": ("publication_date", "application_deadline"),
    "applications_closed": ("applications_count",),
    "interviews": ("no_civil_servant_found", "interviews_count", "interviewers_count"),
    "candidate_chosen": ("planned_appointment_date", "interviewers_count", "urgency_reason"),
    "act_sent": ("candidates_informed", "notification_date", "act_sent_on"),
    "arrived": ("mutation_agreement", "arrival_date"),
}
DATE_FACTS = ("_on", "_date", "_deadline")
# The programme document gives no reason for a moved milestone: the demo says where the
# new date came from.
DEFAULT_MOVE_REASON = "Calendrier revu en comité de pilotage du chantier."


class Story:
    """Adds a programme's events to a timeline; `reg` holds what earlier events created."""

    def __init__(self, timeline: Timeline, reg: dict[str, dict[str, Any]]) -> None:
        self.t = timeline
        self.reg = reg

    def user(self, username: str | None):
        return self.reg["users"].get(username or "")

    # ── workstreams ─────────────────────────────────────────────────────────────────────
    def workstream(self, row: dict, *, priority_key: str, entered: dt.date) -> None:
        """The DG enters the workstream on `entered`, or takes on the one carried over from
        the earlier programme (`row["carried"]`: its code there, `reg["carried"]` holding
        the carried rows by that code); its life follows at its own dates."""
        t, reg, code = self.t, self.reg, row["code"]
        owner, dg = self.user(row["owner"]), self.user("dg")
        when = moment(entered, "09:00")
        carried = row.get("carried")

        def create(actor) -> None:
            data = {
                "code": code,
                "title": row["title"],
                "summary": row["summary"],
                "priority": reg["priorities"][priority_key],
                "owner": owner,
                "org_unit": reg["units"][row["unit"]],
                "sponsor": self.user(row.get("sponsor")),
                "changes_organisation": bool(row.get("affected")),
                "phase": row.get("first_phase", "reflection"),
                "axis": row["axis"],
                "start_date": t.day(row["start"]),
                "target_date": t.day(row["target"]),
                "transversal": row.get("transversal", False),
                "weight": row.get("weight", 1),
                "domains": [reg["domains"][n] for n in row["domains"]],
                "mandate_priorities": [reg["mandate"][c] for c in row["mandate"]],
                "affected_units": [reg["units"][k] for k in row.get("affected", [])],
                "component": reg["components"].get(row.get("component", "")),
            }
            if not carried:
                reg["workstreams"][code] = workstreams.workstream_create(data=data, actor=actor)
                return
            # Carried over: it keeps its phase (changed below) and component unless told.
            data.pop("phase")
            if "component" not in row:
                data.pop("component")
            past = reg["carried"][carried]
            reg["workstreams"][code] = workstreams.workstream_update(
                workstream=past, version=past.version, data=data, actor=actor
            )

        t.at(when, dg, create)
        for action in row["actions"]:
            self.action(code, action, owner, when)
        for milestone in row["milestones"]:
            self.milestone(code, milestone, owner, when)
        updates = row["updates"]
        for update in updates:
            self.status_update(code, update, owner, dg)
        final = row["phase"]
        if carried or final != row.get("first_phase", "reflection"):
            days = [t.day(u["date"]) for u in updates] or [entered]
            day = max(days)
            if final == "officialisation" and row.get("officialised_on"):
                day = t.day(row["officialised_on"])
            t.at(moment(day, "18:00"), owner, lambda a, c=code: self.set_phase(c, final, a))

    def set_phase(self, code: str, phase: str, actor) -> None:
        workstream = self.reg["workstreams"][code]
        workstream.refresh_from_db()
        if workstream.phase == phase:
            return  # a carried-over workstream may already be there
        self.reg["workstreams"][code] = workstreams.workstream_update(
            workstream=workstream, version=workstream.version, data={"phase": phase}, actor=actor
        )

    def action(self, code: str, row: dict, owner, created: dt.datetime) -> None:
        t, key = self.t, (code, row["title"])
        state = row["state"]
        due = t.day(row["due_date"])

        def create(actor) -> None:
            self.reg["actions"][key] = workstreams.action_create(
                workstream=self.reg["workstreams"][code],
                data={
                    "title": row["title"],
                    "owner": actor,
                    "due_date": due,
                    "state": "in_progress" if state == "in_progress" else "todo",
                },
                actor=actor,
            )

        t.at(created + dt.timedelta(minutes=5), owner, create)
        if state == "done":

            def done(actor) -> None:
                action = self.reg["actions"][key]
                action.refresh_from_db()
                workstreams.action_done(action=action, version=action.version, actor=actor)

            t.at(moment(t.day(row["done_on"]), "17:30"), owner, done)
        elif state == "abandoned":

            def abandon(actor) -> None:
                action = self.reg["actions"][key]
                action.refresh_from_db()
                workstreams.action_update(
                    action=action, version=action.version, data={"state": state}, actor=actor
                )

            t.at(moment(due, "17:30"), owner, abandon)

    def milestone(self, code: str, row: dict, owner, created: dt.datetime) -> None:
        t, key = self.t, (code, row["title"])
        due, baseline = t.day(row["due_date"]), t.day(row["baseline_date"])
        state = row["state"]

        def create(actor) -> None:
            self.reg["milestones"][key] = workstreams.milestone_create(
                workstream=self.reg["workstreams"][code],
                data={"title": row["title"], "due_date": baseline, "is_key": row["is_key"]},
                actor=actor,
            )

        def fresh() -> Milestone:
            milestone = self.reg["milestones"][key]
            milestone.refresh_from_db()
            return milestone

        t.at(created + dt.timedelta(minutes=10), owner, create)
        if due != baseline:
            # The new date is known a fortnight before the promised one (or at creation).
            when = max(moment(min(due, baseline) - dt.timedelta(days=14), "11:00"), created)

            def move(actor) -> None:
                m = fresh()
                if due > baseline:
                    workstreams.milestone_postpone(
                        milestone=m,
                        version=m.version,
                        new_due_date=due,
                        reason=row.get("move_reason") or DEFAULT_MOVE_REASON,
                        actor=actor,
                    )
                else:
                    workstreams.milestone_update(
                        milestone=m,
                        version=m.version,
                        data={"due_date": due},
                        reason=row.get("move_reason") or DEFAULT_MOVE_REASON,
                        actor=actor,
                    )

            t.at(when + dt.timedelta(minutes=15), owner, move)
        if state == "achieved":
            achieved = t.day(row["achieved_on"])

            def reach(actor) -> None:
                m = fresh()
                workstreams.milestone_reach(
                    milestone=m, version=m.version, achieved_on=achieved, actor=actor
                )

            t.at(moment(achieved, "18:00"), owner, reach)
        elif state == "missed":

            def miss(actor) -> None:
                m = fresh()
                workstreams.milestone_miss(milestone=m, version=m.version, actor=actor)

            t.at(moment(due + dt.timedelta(days=1), "09:30"), owner, miss)

    def status_update(self, code: str, row: dict, owner, dg) -> None:
        t, key = self.t, (code, row["public_summary"])
        day = t.day(row["date"])
        fields = (
            "weather",
            "progress",
            "done",
            "next_steps",
            "risks",
            "public_summary",
        )

        def write(actor) -> None:
            data = {name: row[name] for name in fields}
            data["decisions_needed"] = row["decisions_needed"]
            self.reg["updates"][key] = workstreams.status_update_create(
                workstream=self.reg["workstreams"][code],
                data=data,
                submit=row["state"] != "draft",
                actor=actor,
            )

        t.at(moment(day, "16:00"), owner, write)
        if row["state"] == "published":

            def publish(actor) -> None:
                update = self.reg["updates"][key]
                update.refresh_from_db()
                workstreams.status_update_publish(
                    update=update, version=update.version, actor=actor
                )

            t.at(moment(day + dt.timedelta(days=1), "09:00"), dg, publish)

    # ── positions and recruitments ──────────────────────────────────────────────────────
    def position(self, row: dict) -> None:
        t, reg, title = self.t, self.reg, row["title"]
        hr, dg = self.user("rh"), self.user("dg")
        recruitments = row.get("recruitments") or (
            [row["recruitment"]] if "recruitment" in row else []
        )
        first = recruitments[0]["stages"][0][1] if recruitments else row["created"]
        created = moment(t.day(first), "09:00")

        def create(actor) -> None:
            position = recruitment.position_create(
                data={
                    "title": title,
                    "org_unit": reg["units"][row["unit"]],
                    "workstream": reg["workstreams"][row["workstream"]],
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
                    "contract_legal_basis": reg["legal"].get(row.get("contract_legal_basis", "")),
                    "pay_level": row.get("pay_level", ""),
                },
                actor=actor,
            )
            reg["positions"][title] = position
            if "profile" in row:
                reg["profiles"][title] = recruitment.job_profile_create(
                    position=position,
                    data={
                        "missions": f"Missions du poste « {title} » : {row['reason']}",
                        "skills": "Conduite de projet, travail en transversalité, "
                        "connaissance de l'environnement territorial.",
                        "profile": f"Cadre d'emplois des {row['cadre_emplois'].lower()}.",
                        "working_time": "Temps complet, 37 h 30 hebdomadaires",
                        "place_in_organisation": str(position.org_unit),
                        "state": "in_review" if row["profile"][0] != "draft" else "draft",
                    },
                    actor=actor,
                )

        t.at(created, hr, create)
        if row.get("profile", ("draft", None))[0] == "validated":

            def validate(actor) -> None:
                recruitment.job_profile_validate(profile=reg["profiles"][title], actor=actor)

            t.at(moment(t.day(row["profile"][1]), "09:30"), dg, validate)
        elif row.get("profile", ("draft",))[0] == "in_review" and len(row["profile"]) > 2:
            # The director's sign-off alone: the DG's is still to come.
            signer, day = row["profile"][2]

            def sign(actor) -> None:
                recruitment.job_profile_sign(
                    profile=reg["profiles"][title], as_dg=False, actor=actor
                )

            t.at(moment(t.day(day), "11:00"), self.user(signer), sign)
        for number, facts in enumerate(recruitments):
            self.recruitment(title, f"{title}#{number}", facts, hr)

    def recruitment(self, title: str, key: str, row: dict, hr) -> None:
        t, reg = self.t, self.reg
        stages = row["stages"]
        facts = {
            name: t.day(value) if name.endswith(DATE_FACTS) else value
            for name, value in row.items()
            if name != "stages"
        }

        def open_(actor) -> None:
            # After an unsuccessful procedure Cap has already opened the republication.
            republication = (
                Recruitment.objects.in_progress()
                .filter(position=reg["positions"][title], republication_of__isnull=False)
                .first()
            )
            reg["recruitments"][key] = republication or recruitment.recruitment_open(
                position=reg["positions"][title], data={"hr_owner": actor}, actor=actor
            )

        t.at(moment(t.day(stages[0][1]), "09:10"), hr, open_)
        recorded: set[str] = set()
        for stage, day, *reason in stages[1:]:

            def change(actor, stage=stage, reason=reason) -> None:
                current = Recruitment.objects.get(pk=reg["recruitments"][key].pk)
                due = [
                    name
                    for earlier, names in FACTS_BEFORE.items()
                    for name in names
                    if name in facts
                    and name not in recorded
                    and stage in ORDER
                    and ORDER.index(earlier) <= ORDER.index(stage)
                ]
                if due:
                    recorded.update(due)
                    recruitment.recruitment_update_facts(
                        recruitment=current, actor=actor, data={n: facts[n] for n in due}
                    )
                recruitment.recruitment_change_stage(
                    recruitment=current,
                    to_stage=stage,
                    actor=actor,
                    reason=reason[0] if reason else "",
                )

            t.at(moment(t.day(day), "10:00"), hr, change)

    # ── meetings ────────────────────────────────────────────────────────────────────────
    def meeting(self, row: dict) -> None:
        t, reg = self.t, self.reg
        body_key = row["body"]
        day, time = row["at"]
        starts = moment(t.day(day), time)
        dg = self.user("dg")
        convocation = t.day(row.get("convocation")) or starts.date() - dt.timedelta(
            days=row.get("convocation_days", 5)
        )
        key = f"{body_key} {starts:%Y-%m-%d %H:%M}"

        def plan(actor) -> None:
            reg["meetings"][key] = governance.meeting_create(
                body=reg["bodies"][body_key],
                data={"starts_at": starts, "place": row["place"], "convocation_date": convocation},
                items=[
                    {"title": title, "workstream": reg["workstreams"].get(code), "kind": kind}
                    for title, code, kind, _outcome in row["items"]
                ],
                actor=actor,
            )

        t.at(min(moment(convocation, "11:00"), starts - dt.timedelta(hours=1)), dg, plan)
        if isinstance(day, str) or row.get("held"):
            t.at(starts + dt.timedelta(hours=3), dg, lambda a: self.hold(key, row, a))

    def hold(self, key: str, row: dict, actor) -> None:
        reg = self.reg
        meeting = reg["meetings"][key]
        items = {item.title: item for item in meeting.agenda_items.all()}
        outcomes = {items[title].pk: outcome for title, _c, _k, outcome in row["items"]}
        governance.meeting_record_held(
            meeting=meeting, minutes=row.get("minutes", ""), outcomes=outcomes, actor=actor
        )
        if meeting.body.has_colleges:
            # Everyone came: the quorum the CST's opinions need is recorded first.
            governance.attendance_record(
                meeting=meeting,
                statuses=dict.fromkeys(meeting.body.members.all(), "present"),
                actor=actor,
            )
        by_code = {item.workstream_id: item for item in items.values() if item.workstream_id}
        for decision in row["decisions"]:
            kind, text, code, follow_up, published = decision[:5]
            subject = decision[5] if len(decision) > 5 else {}
            workstream = reg["workstreams"].get(code)
            governance.decision_record(
                meeting=meeting,
                data={
                    "kind": kind,
                    "text": text,
                    "workstream": workstream,
                    "agenda_item": by_code.get(workstream.pk) if workstream else None,
                    "org_unit": reg["units"].get(subject.get("unit", "")),
                    "date": meeting.starts_at.date(),
                    "follow_up": follow_up,
                    "published": published,
                },
                actor=actor,
            )
        if meeting.body.minutes_days and meeting.minutes:
            # The past's minutes went out the day of the meeting; nobody to email today.
            governance.meeting_publish_minutes(meeting=meeting, actor=actor, send=False)
