"""What changed between two points d'étape: both are the JSON of reporting.point_etape,
so the comparison reads nothing from the database and gives the same answer forever."""

from dataclasses import dataclass, field


@dataclass
class Changes:
    weather: list[dict] = field(default_factory=list)  # {code, title, before, after}
    progress: list[dict] = field(default_factory=list)  # {code, title, before, after, delta}
    achieved: list[dict] = field(default_factory=list)  # milestones newly achieved
    slipped: list[dict] = field(default_factory=list)  # {…milestone, before} due later
    added: list[dict] = field(default_factory=list)  # key milestones not in the previous
    decisions: list[dict] = field(default_factory=list)  # decisions not in the previous
    opened: list[dict] = field(default_factory=list)  # workstreams not in the previous
    closed: list[dict] = field(default_factory=list)  # gone, or now in the closed phase

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.weather,
                self.progress,
                self.achieved,
                self.slipped,
                self.added,
                self.decisions,
                self.opened,
                self.closed,
            )
        )


def _workstreams(content: dict) -> dict[str, dict]:
    return {w["code"]: w for p in content.get("priorities", []) for w in p["workstreams"]}


def compare(previous: dict, current: dict) -> Changes:
    """The changes from `previous` to `current`, each list in the order of `current`."""
    changes = Changes()
    before = _workstreams(previous)
    after = _workstreams(current)
    for code, w in after.items():
        old = before.get(code)
        if old is None:
            changes.opened.append(w)
            continue
        if old["weather"] != w["weather"]:
            changes.weather.append(
                {"code": code, "title": w["title"], "before": old["weather"], "after": w["weather"]}
            )
        if old["progress"] != w["progress"]:
            delta = (
                w["progress"] - old["progress"]
                if w["progress"] is not None and old["progress"] is not None
                else None
            )
            changes.progress.append(
                {
                    "code": code,
                    "title": w["title"],
                    "before": old["progress"],
                    "after": w["progress"],
                    "delta": delta,
                }
            )
        if w["phase"] == "closed" and old["phase"] != "closed":
            changes.closed.append(w)
    changes.closed += [w for code, w in before.items() if code not in after]

    old_milestones = {m["id"]: m for m in previous.get("milestones", [])}
    for m in current.get("milestones", []):
        old = old_milestones.get(m["id"])
        if old is None:
            changes.added.append(m)
            continue
        if m["state"] == "achieved" and old["state"] != "achieved":
            changes.achieved.append(m)
        if m["due_date"] > old["due_date"]:
            changes.slipped.append({**m, "before": old["due_date"]})

    old_decisions = {d["id"] for d in previous.get("decisions", [])}
    changes.decisions = [d for d in current.get("decisions", []) if d["id"] not in old_decisions]
    return changes
