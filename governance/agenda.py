"""The drafted DG agenda as proposals a meeting's agenda can take in one action.

Each entry of `queries.drafted_dg_agenda` becomes a `Proposal` with a stable key (its
section and object id), the title the agenda item will carry, its kind and workstream.
"""

from django.utils.translation import gettext as _

from governance.models import AgendaItem
from governance.services import Proposal


def _proposal(section: str, item) -> Proposal:
    Kind = AgendaItem.Kind
    if section == "off_track":
        return Proposal(
            f"off_track:{item.pk}",
            _("%(code)s — %(title)s : chantier en rouge")
            % {"code": item.code, "title": item.title},
            Kind.DISCUSSION,
            item.pk,
        )
    if section == "milestone":
        return Proposal(
            f"milestone:{item.pk}",
            _("%(code)s — jalon en retard : %(title)s (prévu le %(date)s)")
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
            _("%(code)s — décision attendue : %(text)s")
            % {"code": item.code, "text": " ".join(item.pending_decisions.split())[:180]},
            Kind.DECISION,
            item.pk,
        )
    if section in ("arbitration", "blocked"):
        label = (
            _("Arbitrage du recrutement : %(title)s (%(unit)s)")
            if section == "arbitration"
            else _("Recrutement bloqué : %(title)s (%(unit)s)")
        )
        return Proposal(
            f"{section}:{item.pk}",
            label % {"title": item.position.title, "unit": item.position.org_unit},
            Kind.DECISION if section == "arbitration" else Kind.DISCUSSION,
            item.position.workstream_id,
        )
    return Proposal(
        f"update:{item.pk}",
        _("%(code)s — point d'avancement du %(date)s à publier")
        % {"code": item.workstream.code, "date": f"{item.date:%d/%m/%Y}"},
        Kind.INFORMATION,
        item.workstream_id,
    )


def proposals(sections) -> list[tuple[str, list[Proposal]]]:
    """(section title, its proposals) for each section of the drafted agenda."""
    return [
        (section.title, [_proposal(section.key, item) for item in section.items])
        for section in sections
    ]
