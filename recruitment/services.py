"""Writes of the recruitment app.

Every save of a recruitment bumps its `version`. The facts form carries the version it was
loaded with: the row is locked (`select_for_update`) and a version that moved on means
someone else saved in between, so the save is refused with `ConcurrentEditError` (the same
refusal, and message, as the workstreams' edits) instead of silently overwriting.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from recruitment.models import JobProfile, Position, Recruitment, StageChange
from recruitment.rules import check_transition, deletion_findings
from workstreams.services import ConcurrentEditError, ensure_workstream_open

__all__ = [
    "ConcurrentEditError",
    "job_profile_create",
    "job_profile_sign",
    "job_profile_submit",
    "job_profile_update",
    "job_profile_validate",
    "position_create",
    "position_record_cst_opinion",
    "position_set_budget",
    "position_suppress",
    "position_update",
    "recruitment_open",
    "WarningsNeedReason",
    "recruitment_change_stage",
    "recruitment_record_arbitration",
    "recruitment_record_cst_opinion",
    "recruitment_update_facts",
]


class WarningsNeedReason(ValidationError):
    """Raised when a stage change only has warnings and no reason was written."""


def _lock(recruitment: Recruitment, version: int | None) -> Recruitment:
    """Lock the row, check nobody saved since `version`, return the fresh row."""
    fresh = Recruitment.objects.select_for_update().get(pk=recruitment.pk)
    if version is not None and fresh.version != version:
        raise ConcurrentEditError
    return fresh


def _save(recruitment: Recruitment, fields: list[str], actor) -> None:
    recruitment.full_clean()
    recruitment._history_user = actor  # the history's "who", also outside a request
    recruitment.version += 1
    recruitment.save(update_fields=[*fields, "version"])


def _record_stage(recruitment: Recruitment, to_stage: str, actor, reason: str) -> StageChange:
    change = StageChange(
        recruitment=recruitment,
        from_stage=recruitment.stage,
        to_stage=to_stage,
        actor=actor,
        reason=reason,
    )
    change.full_clean()
    change._history_user = actor
    change.save()
    return change


@transaction.atomic
def recruitment_change_stage(
    *, recruitment: Recruitment, to_stage: str, actor, reason: str = ""
) -> StageChange:
    """Move a recruitment to a stage, enforcing DOMAIN.md's blocks and warnings. The one
    way a stage changes, from the pages, the demo and governance alike (the admin shows the
    stage read-only)."""
    recruitment = Recruitment.objects.select_for_update().get(pk=recruitment.pk)
    ensure_workstream_open(recruitment.position.workstream_id)
    findings = check_transition(recruitment, to_stage)
    blocks = [f.message for f in findings if f.is_block]
    if blocks:
        raise ValidationError(blocks)
    warnings = [f.message for f in findings if not f.is_block]
    reason = reason.strip()
    if (warnings or to_stage in Recruitment.FINAL_STAGES[1:]) and not reason:
        raise WarningsNeedReason(warnings or [_("Indiquez le motif de cette issue.")])
    change = _record_stage(recruitment, to_stage, actor, reason)
    recruitment.stage = to_stage
    recruitment.stage_changed_at = timezone.now()
    if to_stage == Recruitment.Stage.UNSUCCESSFUL:
        # An unsuccessful procedure is itself the "no civil servant found" finding.
        recruitment.no_civil_servant_found = True
    _save(recruitment, ["stage", "stage_changed_at", "no_civil_servant_found"], actor)
    if to_stage == Recruitment.Stage.ARRIVED:
        _position_mark_filled(recruitment.position_id, actor)
    if to_stage == Recruitment.Stage.UNSUCCESSFUL:
        _republish(recruitment, actor, reason)
    return change


def _position_mark_filled(position_id: int, actor) -> None:
    position = Position.objects.select_for_update().get(pk=position_id)
    if not position.is_filled:
        position.is_filled = True
        _save_versioned(position, ["is_filled"], actor)


def _republish(first: Recruitment, actor, reason: str) -> Recruitment:
    """After an unsuccessful procedure the post is published again: a new procedure, linked
    to the first, carrying what was already decided (arbitration, CST opinion) and the
    finding that no civil servant was found (which is what lets a contractuel be hired)."""
    republication = Recruitment(
        position_id=first.position_id,
        hr_owner_id=first.hr_owner_id,
        route=first.route,
        stage=Recruitment.Stage.NEED_IDENTIFIED,
        republication_of=first,
        no_civil_servant_found=True,
        arbitration_ref=first.arbitration_ref,
        arbitration_on=first.arbitration_on,
        cst_opinion_ref=first.cst_opinion_ref,
        cst_opinion_on=first.cst_opinion_on,
        vacancy_date=first.vacancy_date,
    )
    _create(republication, actor)
    return republication


@transaction.atomic
def recruitment_update_facts(
    *, recruitment: Recruitment, actor, data: dict, version: int | None = None
) -> Recruitment:
    """Record the facts the checks need (dates, counts, findings).

    `version` is the one the form was loaded with; governance, which writes a fact it has
    just decided, passes none and only takes the lock."""
    recruitment = _lock(recruitment, version)
    ensure_workstream_open(recruitment.position.workstream_id)
    changed = [name for name, value in data.items() if getattr(recruitment, name) != value]
    for name in changed:
        setattr(recruitment, name, data[name])
    if changed:
        _save(recruitment, changed, actor)
    return recruitment


@transaction.atomic
def recruitment_record_cst_opinion(
    *, recruitment: Recruitment, opinion_on, reference: str, actor
) -> Recruitment:
    """Governance records the CST's opinion about a recruitment through this service; the
    CST check (rules.py) reads it beside the post's, the workstream's and the unit's."""
    return recruitment_update_facts(
        recruitment=recruitment,
        actor=actor,
        data={"cst_opinion_on": opinion_on, "cst_opinion_ref": reference},
    )


@transaction.atomic
def recruitment_record_arbitration(
    *, recruitment: Recruitment, reference: str, decided_on, actor
) -> Recruitment:
    """Governance records the DG arbitration through this service (DESIGN.md §2)."""
    return recruitment_update_facts(
        recruitment=recruitment,
        actor=actor,
        data={"arbitration_ref": reference, "arbitration_on": decided_on},
    )


# Creations and edits of positions and job profiles: the pages and the demo go through
# these (the same validation, the history's "who" and "when", the version).


def _create[M: Position | JobProfile | Recruitment](obj: M, actor) -> M:
    obj.full_clean()
    obj._history_user = actor
    obj.save()
    return obj


def _save_versioned(obj: Position | JobProfile, fields: list[str], actor) -> None:
    obj.full_clean()
    obj._history_user = actor
    obj.version += 1
    obj.save(update_fields=[*fields, "version"])


def _lock_versioned[M: Position | JobProfile](model: type[M], pk: int, version: int | None) -> M:
    fresh = model.objects.select_for_update().get(pk=pk)
    if version is not None and fresh.version != version:
        raise ConcurrentEditError
    return fresh


@transaction.atomic
def position_create(*, data: dict, actor) -> Position:
    position = Position(**data)
    ensure_workstream_open(position.workstream_id)
    return _create(position, actor)


@transaction.atomic
def position_update(*, position: Position, data: dict, actor, version: int | None) -> Position:
    position = _lock_versioned(Position, position.pk, version)
    ensure_workstream_open(position.workstream_id)
    ensure_workstream_open(data.get("workstream").pk if data.get("workstream") else None)
    changed = [name for name, value in data.items() if getattr(position, name) != value]
    for name in changed:
        setattr(position, name, data[name])
    if changed:
        _save_versioned(position, changed, actor)
    return position


@transaction.atomic
def position_suppress(*, position: Position, actor, version: int | None = None) -> Position:
    """Take a post out of the tableau des emplois: only after the CST's opinion (L.542-2),
    whether it was proposed for deletion or is deleted by a reorganisation."""
    position = _lock_versioned(Position, position.pk, version)
    ensure_workstream_open(position.workstream_id)
    if position.suppressed_on:
        return position
    blocks = [finding.message for finding in deletion_findings(position)]
    if blocks:
        raise ValidationError(blocks)
    if Recruitment.objects.in_progress().filter(position=position).exists():
        raise ValidationError(_("Ce poste a un recrutement en cours : clôturez-le d'abord."))
    position.suppressed_on = timezone.localdate()
    position.is_filled = False
    _save_versioned(position, ["suppressed_on", "is_filled"], actor)
    return position


@transaction.atomic
def position_set_budget(*, position: Position, budget_state: str, actor) -> Position:
    """The DG's budget arbitration of a post (the arbitration page)."""
    position = Position.objects.select_for_update().get(pk=position.pk)
    ensure_workstream_open(position.workstream_id)
    if position.budget_state != budget_state:
        position.budget_state = budget_state
        _save_versioned(position, ["budget_state"], actor)
    return position


@transaction.atomic
def position_record_cst_opinion(*, position: Position, opinion_on, reference: str, actor):
    """Governance records a CST opinion about a post through this service."""
    position = Position.objects.select_for_update().get(pk=position.pk)
    position.cst_opinion_on, position.cst_opinion_ref = opinion_on, reference
    _save_versioned(position, ["cst_opinion_on", "cst_opinion_ref"], actor)
    return position


@transaction.atomic
def job_profile_create(*, position: Position, data: dict, actor) -> JobProfile:
    """A draft fiche de poste; the director and the DG sign it off."""
    ensure_workstream_open(position.workstream_id)
    return _create(JobProfile(position=position, **data), actor)


SIGNATURES = ("director_signed_by", "director_signed_on", "dg_signed_by", "dg_signed_on")


@transaction.atomic
def job_profile_update(
    *, profile: JobProfile, data: dict, actor, version: int | None
) -> JobProfile:
    """A new version of the fiche (the history keeps each one). Changing the text of a fiche
    under review or validated withdraws its sign-offs: they were given to another text."""
    profile = _lock_versioned(JobProfile, profile.pk, version)
    ensure_workstream_open(profile.position.workstream_id)
    changed = [name for name, value in data.items() if getattr(profile, name) != value]
    if not changed:
        return profile
    for name in changed:
        setattr(profile, name, data[name])
    if profile.state != JobProfile.State.DRAFT:
        profile.state = JobProfile.State.DRAFT
        profile.validated_by, profile.validated_on = None, None
        for name in SIGNATURES:
            setattr(profile, name, None)
        changed += ["state", "validated_by", "validated_on", *SIGNATURES]
    _save_versioned(profile, changed, actor)
    return profile


@transaction.atomic
def job_profile_submit(*, profile: JobProfile, actor, version: int | None = None) -> JobProfile:
    """Draft → in review: the fiche goes to the director and the DG."""
    profile = _lock_versioned(JobProfile, profile.pk, version)
    ensure_workstream_open(profile.position.workstream_id)
    if profile.state != JobProfile.State.DRAFT:
        raise ValidationError(_("Seule une fiche en brouillon peut être soumise à relecture."))
    missing = [
        label
        for name, label in (
            ("missions", _("les missions")),
            ("skills", _("les compétences")),
            ("working_time", _("le temps de travail")),
            ("place_in_organisation", _("le positionnement dans l'organisation")),
        )
        if not getattr(profile, name).strip()
    ]
    if missing:
        raise ValidationError(
            _("La fiche ne peut être soumise sans %(missing)s.") % {"missing": ", ".join(missing)}
        )
    profile.state = JobProfile.State.IN_REVIEW
    _save_versioned(profile, ["state"], actor)
    return profile


@transaction.atomic
def job_profile_sign(
    *, profile: JobProfile, as_dg: bool, actor, version: int | None = None
) -> JobProfile:
    """The director's or the DG's sign-off (who, when); with both, the fiche is validated."""
    profile = _lock_versioned(JobProfile, profile.pk, version)
    ensure_workstream_open(profile.position.workstream_id)
    if profile.state != JobProfile.State.IN_REVIEW:
        raise ValidationError(_("Seule une fiche en relecture peut être visée."))
    today = timezone.localdate()
    prefix = "dg" if as_dg else "director"
    setattr(profile, f"{prefix}_signed_by", actor)
    setattr(profile, f"{prefix}_signed_on", today)
    fields = [f"{prefix}_signed_by", f"{prefix}_signed_on"]
    if profile.director_signed_by_id and profile.dg_signed_by_id:
        profile.state = JobProfile.State.VALIDATED
        profile.validated_by, profile.validated_on = actor, today
        fields += ["state", "validated_by", "validated_on"]
    _save_versioned(profile, fields, actor)
    return profile


@transaction.atomic
def job_profile_validate(*, profile: JobProfile, actor) -> JobProfile:
    """The DG validates a fiche outright (the demo's past, before sign-offs were split):
    who and when are the actor and today, recorded as the DG's sign-off."""
    profile = JobProfile.objects.select_for_update().get(pk=profile.pk)
    ensure_workstream_open(profile.position.workstream_id)
    today = timezone.localdate()
    profile.state = JobProfile.State.VALIDATED
    profile.validated_by, profile.validated_on = actor, today
    profile.dg_signed_by, profile.dg_signed_on = actor, today
    _save_versioned(
        profile, ["state", "validated_by", "validated_on", "dg_signed_by", "dg_signed_on"], actor
    )
    return profile


@transaction.atomic
def recruitment_open(*, position: Position, data: dict, actor) -> Recruitment:
    """Open a recruitment at its first stage (the need); one open per position."""
    ensure_workstream_open(position.workstream_id)
    if position.suppressed_on or position.nature == Position.Nature.DELETION:
        raise ValidationError(_("On ne recrute pas sur un poste supprimé ou à supprimer."))
    return _create(
        Recruitment(position=position, stage=Recruitment.Stage.NEED_IDENTIFIED, **data), actor
    )
