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
from recruitment.rules import check_transition
from workstreams.services import ConcurrentEditError, ensure_workstream_open

__all__ = [
    "ConcurrentEditError",
    "job_profile_create",
    "job_profile_validate",
    "position_create",
    "recruitment_open",
    "WarningsNeedReason",
    "recruitment_change_stage",
    "recruitment_record_arbitration",
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


@transaction.atomic
def recruitment_change_stage(
    *, recruitment: Recruitment, to_stage: str, actor, reason: str = ""
) -> StageChange:
    """Move a recruitment to a stage, enforcing DOMAIN.md's blocks and warnings."""
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
    recruitment.stage = to_stage
    recruitment.stage_changed_at = timezone.now()
    if to_stage == Recruitment.Stage.UNSUCCESSFUL:
        # An unsuccessful procedure is itself the "no civil servant found" finding.
        recruitment.no_civil_servant_found = True
    _save(recruitment, ["stage", "stage_changed_at", "no_civil_servant_found"], actor)
    return change


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
def recruitment_record_arbitration(
    *, recruitment: Recruitment, reference: str, decided_on, actor
) -> Recruitment:
    """Governance records the DG arbitration through this service (DESIGN.md §2)."""
    return recruitment_update_facts(
        recruitment=recruitment,
        actor=actor,
        data={"arbitration_ref": reference, "arbitration_on": decided_on},
    )


# Creations: the pages create these through the admin; the demo tells its story through
# these (the same validation, the history's "who" and "when").


def _create[M: Position | JobProfile | Recruitment](obj: M, actor) -> M:
    obj.full_clean()
    obj._history_user = actor
    obj.save()
    return obj


@transaction.atomic
def position_create(*, data: dict, actor) -> Position:
    position = Position(**data)
    ensure_workstream_open(position.workstream_id)
    return _create(position, actor)


@transaction.atomic
def job_profile_create(*, position: Position, data: dict, actor) -> JobProfile:
    """A draft fiche de poste; `job_profile_validate` signs it."""
    ensure_workstream_open(position.workstream_id)
    return _create(JobProfile(position=position, **data), actor)


@transaction.atomic
def job_profile_validate(*, profile: JobProfile, actor) -> JobProfile:
    """Validate a fiche de poste: who and when are the actor and today."""
    profile = JobProfile.objects.select_for_update().get(pk=profile.pk)
    ensure_workstream_open(profile.position.workstream_id)
    profile.state = JobProfile.State.VALIDATED
    profile.validated_by = actor
    profile.validated_on = timezone.localdate()
    profile.full_clean()
    profile._history_user = actor
    profile.save(update_fields=["state", "validated_by", "validated_on"])
    return profile


@transaction.atomic
def recruitment_open(*, position: Position, data: dict, actor) -> Recruitment:
    """Open a recruitment at its first stage (the need); one open per position."""
    ensure_workstream_open(position.workstream_id)
    return _create(
        Recruitment(position=position, stage=Recruitment.Stage.NEED_IDENTIFIED, **data), actor
    )
