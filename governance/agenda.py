"""The drafted DG agenda as proposals a meeting's agenda can take in one action.

Each entry of `queries.drafted_dg_agenda` becomes a `Proposal` with a stable key (its
section and object id), the title the agenda item will carry, its kind and workstream.
"""

from django.utils.translation import gettext as _

from governance.models import AgendaItem
from governance.services import Proposal


def _labels() -> dict[str, str]:
    """Each section's title pattern, translated once per page (700 proposals at scale 10)."""
    return {
        "off_track": _("%(code)s — %(title)s : chantier en rouge"),
        "milestone": _("%(code)s — jalon en retard : %(title)s (prévu le %(date)s)"),
        "decisions": _("%(code)s — décision attendue : %(text)s"),
        "arbitration": _("Arbitrage du recrutement : %(title)s (%(unit)s)"),
        "blocked": _("Recrutement bloqué : %(title)s (%(unit)s)"),
        "update": _("%(code)s — point d'avancement du %(date)s à publier"),
    }


def _proposal(section: str, item, labels: dict[str, str]) -> Proposal:
    Kind = AgendaItem.Kind
    if section == "off_track":
        return Proposal(
            f"off_track:{item.pk}",
            labels["off_track"] % {"code": item.code, "title": item.title},
            Kind.DISCUSSION,
            item.pk,
        )
    if section == "milestone":
        return Proposal(
            f"milestone:{item.pk}",
            labels["milestone"]
            % {
                "code": item.workstream.code,
                "title": item.title,
                "date": f"{item.due_date:%d/%m/%Y}",
            },
            Kind.DISCUSSION,
            item.workstream_id,
        )
    if section == "decisions":
        return Proposal(
            f"decisions:{item.pk}",
            labels["decisions"]
            % {"code": item.code, "text": " ".join(item.pending_decisions.split())[:180]},
            Kind.DECISION,
            item.pk,
        )
    if section in ("arbitration", "blocked"):
        return Proposal(
            f"{section}:{item.pk}",
            labels[section] % {"title": item.position.title, "unit": item.position.org_unit},
            Kind.DECISION if section == "arbitration" else Kind.DISCUSSION,
            item.position.workstream_id,
        )
    return Proposal(
        f"update:{item.pk}",
        labels["update"] % {"code": item.workstream.code, "date": f"{item.date:%d/%m/%Y}"},
        Kind.INFORMATION,
        item.workstream_id,
    )


def proposals(sections) -> list[tuple[str, list[Proposal]]]:
    """(section title, its proposals) for each section of the drafted agenda."""
    labels = _labels()
    return [
        (section.title, [_proposal(section.key, item, labels) for item in section.items])
        for section in sections
    ]
