"""The checks Cap makes on each recruitment stage change (DOMAIN.md's table).

A *block* refuses the change with a clear message; a *warning* lets it through once a reason
is written. Legal references are data (LegalReference rows an administrator can correct),
so messages name them through their key, never with a string buried here.
"""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from organisation.models import OrgUnit
from recruitment.models import InterviewPanelRule, LegalReference, Position, Recruitment

Stage = Recruitment.Stage

# The procedure's order, from need to arrival; the three final outcomes come after.
ORDER = [
    Stage.NEED_IDENTIFIED,
    Stage.PROFILE_VALIDATED,
    Stage.DG_ARBITRATION,
    Stage.CST_OPINION,
    Stage.COUNCIL_DELIBERATION,
    Stage.CDG_DECLARED,
    Stage.OFFER_PUBLISHED,
    Stage.APPLICATIONS_CLOSED,
    Stage.INTERVIEWS,
    Stage.CANDIDATE_CHOSEN,
    Stage.ACT_SENT,
    Stage.ARRIVED,
    Stage.CLOSED,
]
EXITS = (Stage.UNSUCCESSFUL, Stage.ABANDONED)
BLOCK, WARNING = "block", "warning"


@dataclass(frozen=True)
class Finding:
    level: str
    message: str

    @property
    def is_block(self) -> bool:
        return self.level == BLOCK


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later, or the month's last day when it has no
    such day (31 January + 1 month = 28 or 29 February): the law counts months, not days."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def _ref(key: str) -> str:
    reference = LegalReference.objects.filter(key=key).first()
    return f" ({reference})" if reference else ""


NEW_UNIT_STATES = (OrgUnit.State.PLANNED, OrgUnit.State.EXPERIMENTAL)


def _is_reorganisation(recruitment: Recruitment) -> bool:
    return position_is_reorganisation(recruitment.position)


def position_is_reorganisation(position: Position) -> bool:
    workstream = position.workstream
    return (
        position.nature == position.Nature.DELETION
        or position.org_unit.state in NEW_UNIT_STATES
        or bool(workstream and workstream.changes_organisation)
    )


def cst_opinion_date(position: Position, recruitment: Recruitment | None = None) -> dt.date | None:
    """The CST opinion wherever it is recorded (the recruitment, its position, its workstream,
    its unit), counted only once given: the earliest opinion dated today or before."""
    today = timezone.localdate()
    workstream = position.workstream
    dates = [
        recruitment.cst_opinion_on if recruitment else None,
        position.cst_opinion_on,
        workstream.cst_opinion_on if workstream else None,
        position.org_unit.cst_opinion_on,
    ]
    given = [day for day in dates if day and day <= today]
    return min(given) if given else None


def deletion_findings(position: Position) -> list["Finding"]:
    """A post is deleted only after the CST's opinion (L.542-2)."""
    if cst_opinion_date(position) is None:
        return [
            Finding(
                BLOCK,
                _(
                    "Une suppression de poste exige l'avis préalable du Comité social "
                    "territorial%(ref)s."
                )
                % {"ref": _ref("cgfp-l542-2")},
            )
        ]
    return []


def skippable(recruitment: Recruitment, stage: str) -> bool:
    """Stages a procedure may go past without entering them."""
    position = recruitment.position
    if stage == Stage.CST_OPINION:
        return not _is_reorganisation(recruitment)
    if stage == Stage.COUNCIL_DELIBERATION:
        return position.vacant_post_exists or position.nature == position.Nature.REPLACEMENT
    if stage == Stage.CDG_DECLARED:
        return recruitment.route == Recruitment.Route.PROMOTION
    return False


def _profile_checks(position: Position, block) -> None:
    profile = getattr(position, "job_profile", None)
    missing = []
    if profile is None or not profile.missions.strip():
        missing.append(_("les missions"))
    if profile is None or not profile.skills.strip():
        missing.append(_("les compétences"))
    if not position.category:
        missing.append(_("la catégorie"))
    if not position.filiere:
        missing.append(_("la filière"))
    if not (position.cadre_emplois.strip() or position.grades.strip()):
        missing.append(_("le cadre d'emplois ou le grade"))
    if profile is None or not profile.working_time.strip():
        missing.append(_("le temps de travail"))
    if profile is None or not profile.place_in_organisation.strip():
        missing.append(_("le positionnement dans l'organisation"))
    if missing:
        block(
            _("La fiche de poste ne peut être validée sans %(missing)s.")
            % {"missing": ", ".join(missing)}
        )
    elif profile.state != profile.State.VALIDATED:
        block(
            _(
                "La fiche de poste doit être visée par le directeur et par la DG "
                "(qui, quand) avant d'être validée."
            )
        )


def _entry_checks(r: Recruitment, stage: str) -> list[Finding]:
    position = r.position
    today = timezone.localdate()
    findings: list[Finding] = []

    def block(message: str) -> None:
        findings.append(Finding(BLOCK, message))

    def warn(message: str) -> None:
        findings.append(Finding(WARNING, message))

    if stage == Stage.PROFILE_VALIDATED:
        _profile_checks(position, block)
    elif stage == Stage.DG_ARBITRATION:
        if not r.arbitration_ref.strip() or not r.arbitration_on or r.arbitration_on > today:
            block(
                _(
                    "L'arbitrage DG doit être enregistré (décision du CODIR ou de la réunion "
                    "hebdomadaire DG)."
                )
            )
        if position.budget_state != position.BudgetState.AGREED:
            block(_("L'accord budgétaire sur le poste n'est pas acquis."))
    elif stage == Stage.CST_OPINION:
        opinion = cst_opinion_date(position, r)
        if position.nature == position.Nature.DELETION and opinion is None:
            findings += deletion_findings(position)
        elif opinion is None:
            warn(
                _(
                    "Cette nouvelle entité n'est pas encore passée devant le Comité social "
                    "territorial."
                )
            )
    elif stage == Stage.COUNCIL_DELIBERATION:
        if position.vacant_post_exists:
            block(
                _(
                    "Un poste vacant existe déjà : la délibération est inutile, passez à "
                    "l'étape suivante."
                )
            )
        if _is_reorganisation(r) and cst_opinion_date(position, r) is None:
            block(
                _(
                    "La délibération ne peut être prévue avant l'avis du Comité social "
                    "territorial%(ref)s."
                )
                % {"ref": _ref("cgfp-l542-2")}
            )
        if not position.grades.strip():
            block(_("La délibération créant le poste doit nommer le ou les grades."))
        if position.contract_allowed and (
            position.contract_legal_basis_id is None or not position.pay_level.strip()
        ):
            block(
                _(
                    "Un poste ouvert aux contractuels exige le fondement juridique et le niveau "
                    "de rémunération dans la délibération%(ref)s."
                )
                % {"ref": _ref("cgfp-l313-1")}
            )
    elif stage == Stage.CDG_DECLARED:
        missing = []
        if not r.vacancy_date:
            missing.append(_("la date de vacance"))
        if not r.application_deadline:
            missing.append(_("la date limite de candidature"))
        profile = getattr(position, "job_profile", None)
        if profile is None or not profile.missions.strip():
            missing.append(_("les missions"))
        if missing:
            block(
                _("La déclaration de vacance au CDG doit indiquer %(missing)s%(ref)s.")
                % {"missing": ", ".join(missing), "ref": _ref("cgfp-l313-4")}
            )
    elif stage == Stage.OFFER_PUBLISHED:
        if not r.publication_date:
            block(_("Indiquez la date de publication de l'offre."))
    elif stage == Stage.INTERVIEWS:
        basis = position.contract_legal_basis
        if (
            r.route == Recruitment.Route.CONTRACT
            and basis is not None
            and basis.key in ("cgfp-l332-8-2", "cgfp-l332-14")
            and not r.no_civil_servant_found
        ):
            warn(
                _(
                    "Recrutement contractuel sur %(basis)s : le constat qu'aucun fonctionnaire "
                    "n'a pu être recruté n'est pas enregistré avant la sélection."
                )
                % {"basis": basis}
            )
    elif stage == Stage.CANDIDATE_CHOSEN:
        findings += _appointment_checks(r, today)
    elif stage == Stage.ACT_SENT:
        if not r.candidates_informed:
            warn(_("Les autres candidats n'ont pas encore été informés."))
    elif stage == Stage.ARRIVED:
        findings += _arrival_checks(r, today)
    return findings


def _appointment_checks(r: Recruitment, today: dt.date) -> list[Finding]:
    findings: list[Finding] = []
    appointment = r.planned_appointment_date or today
    months = settings.CAP_PUBLICATION_MIN_MONTHS
    if r.publication_date and appointment < add_months(r.publication_date, months):
        if r.route == Recruitment.Route.CONTRACT and r.urgency_reason.strip():
            findings.append(
                Finding(
                    WARNING,
                    _("Nomination moins d'un mois après la publication, justifiée par l'urgence."),
                )
            )
        else:
            findings.append(
                Finding(
                    BLOCK,
                    _(
                        "La nomination ne peut intervenir moins d'un mois après la publication "
                        "de l'offre (au plus tôt le %(date)s)%(ref)s."
                    )
                    % {
                        "date": add_months(r.publication_date, months).strftime("%d/%m/%Y"),
                        "ref": _ref("decret-2018-1351-art4"),
                    },
                )
            )
    rule = InterviewPanelRule.current()
    senior = (rule.senior_posts and r.position.is_senior) or (
        r.route == Recruitment.Route.CONTRACT
        and rule.commune_population > rule.population_threshold
    )
    if senior and r.interviewers_count < rule.min_interviewers:
        findings.append(
            Finding(
                WARNING,
                _("Moins de %(n)s personnes ont mené les entretiens pour ce poste%(ref)s.")
                % {"n": rule.min_interviewers, "ref": _ref("cgfp-r332-15")},
            )
        )
    return findings


def _arrival_checks(r: Recruitment, today: dt.date) -> list[Finding]:
    findings: list[Finding] = []
    arrival = r.arrival_date or today
    if not r.act_sent_on or r.act_sent_on > arrival:
        findings.append(
            Finding(
                BLOCK,
                _("L'agent ne peut arriver avant que l'acte soit transmis au préfet%(ref)s.")
                % {"ref": _ref("cgct-l2131-2")},
            )
        )
    months = settings.CAP_MUTATION_NOTICE_MONTHS
    if (
        r.route == Recruitment.Route.MUTATION
        and r.notification_date
        and arrival < add_months(r.notification_date, months)
        and not r.mutation_agreement
    ):
        findings.append(
            Finding(
                WARNING,
                _(
                    "Mutation effective moins de trois mois après la notification, sans accord "
                    "entre les deux collectivités%(ref)s."
                )
                % {"ref": _ref("cgfp-l512-24")},
            )
        )
    return findings


def check_transition(recruitment: Recruitment, to_stage: str) -> list[Finding]:
    """Every block and warning that moving `recruitment` to `to_stage` raises."""
    current = recruitment.stage
    if current in Recruitment.FINAL_STAGES:
        return [Finding(BLOCK, _("Ce recrutement est terminé : rouvrez-en un nouveau."))]
    if to_stage in EXITS:
        return []
    if to_stage not in ORDER or current not in ORDER:
        return [Finding(BLOCK, _("Étape inconnue."))]
    start, end = ORDER.index(current), ORDER.index(to_stage)
    if end <= start:
        return [
            Finding(BLOCK, _("Un recrutement avance : il ne revient pas à une étape antérieure."))
        ]
    if to_stage == Stage.CLOSED and current != Stage.ARRIVED:
        return [Finding(BLOCK, _("Seul un recrutement dont l'agent est arrivé peut être clôturé."))]
    findings: list[Finding] = []
    for stage in ORDER[start + 1 : end]:
        if not skippable(recruitment, stage):
            findings.append(
                Finding(
                    BLOCK,
                    _("L'étape « %(stage)s » ne peut être sautée.") % {"stage": Stage(stage).label},
                )
            )
    findings += _entry_checks(recruitment, to_stage)
    return findings


def stage_options(recruitment: Recruitment) -> list[tuple[str, str, list[Finding]]]:
    """Every stage after the current one and the exits, each with what Cap says of it:
    the form offers those without a block, the page says why the others are refused."""
    if recruitment.stage in Recruitment.FINAL_STAGES:
        return []
    later = ORDER[ORDER.index(recruitment.stage) + 1 :] if recruitment.stage in ORDER else []
    options = []
    for stage in [*later, *EXITS]:
        findings = check_transition(recruitment, stage)
        options.append((stage, Stage(stage).label, findings))
    return options
