"""Writes of bodies: creation (the demo, the admin), the charter and secretary (the body's
page), the colleges of the members."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from governance.models import Body, Membership
from governance.services.base import lock, save_new, save_versioned

BODY_PAGE_FIELDS = ("charter", "cadence", "secretary")
# The administrator's reference data, set in the admin through `body_update` too.
BODY_REFERENCE_FIELDS = (
    "name",
    "short_name",
    "kind",
    "chair",
    "convocation_days",
    "urgent_convocation_days",
    "minutes_days",
)


@transaction.atomic
def body_create(*, data: dict, members: list, actor, colleges: dict | None = None) -> Body:
    """A body and its members; `colleges` maps a member to the college they sit in."""
    body = Body(**data)
    save_new(body, actor)
    body.members.set(members)
    for user, college in (colleges or {}).items():
        membership_set(body=body, user=user, college=college, actor=actor)
    return body


@transaction.atomic
def body_update(*, body: Body, data: dict, actor, version: int | None = None) -> Body:
    """The charter (versioned in the history), the cadence, the secretary."""
    body = lock(body, version)
    changed = [name for name in (*BODY_PAGE_FIELDS, *BODY_REFERENCE_FIELDS) if name in data]
    for name in changed:
        setattr(body, name, data[name])
    save_versioned(body, changed, actor)
    return body


@transaction.atomic
def member_add(*, body: Body, user, actor, college: str = "", role: str = "") -> Membership:
    """Seat `user` in `body` (convened to its meetings) with their role and, where the body
    sits in colleges (the CST), their college; a member already seated gets the new ones.
    Both the body's member list and the seat keep their history."""
    if body.has_colleges and not college:
        raise ValidationError(
            {"college": _("Indiquez le collège où siège ce membre (collectivité ou personnel).")}
        )
    if college and not body.has_colleges:
        raise ValidationError({"college": _("Cette instance ne siège pas en collèges.")})
    membership = Membership.objects.filter(body=body, user=user).first()
    if membership is None:
        membership = Membership(body=body, user=user)
    elif membership.college == college and (not role or membership.role == role):
        _seat(body, user, actor)
        return membership
    membership.college = college
    if role:
        membership.role = role
    save_new(membership, actor)
    _seat(body, user, actor)
    return membership


def _seat(body: Body, user, actor) -> None:
    if not body.members.filter(pk=user.pk).exists():
        body._history_user = actor
        body.members.add(user)


@transaction.atomic
def member_remove(*, body: Body, user, actor) -> None:
    """`user` leaves `body`: no longer convened, their seat (college, role) deleted; the
    history keeps both."""
    if not body.members.filter(pk=user.pk).exists():
        raise ValidationError({"user": _("Cette personne n'est pas membre de l'instance.")})
    body._history_user = actor
    body.members.remove(user)
    for membership in Membership.objects.filter(body=body, user=user):
        membership._history_user = actor
        membership.delete()


def membership_set(*, body: Body, user, college: str, actor, role: str = "") -> Membership:
    """Seat a member in a college (the admin's inline, the demo): `member_add`."""
    if not body.has_colleges:
        raise ValidationError(_("Cette instance ne siège pas en collèges."))
    return member_add(body=body, user=user, college=college, role=role, actor=actor)
