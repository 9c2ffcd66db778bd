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
def membership_set(*, body: Body, user, college: str, actor) -> Membership:
    """Seat a member in a college (a member who was not one becomes one)."""
    if not body.has_colleges:
        raise ValidationError(_("Cette instance ne siège pas en collèges."))
    body.members.add(user)
    membership = Membership.objects.filter(body=body, user=user).first()
    if membership is None:
        membership = Membership(body=body, user=user, college=college)
    elif membership.college == college:
        return membership
    membership.college = college
    save_new(membership, actor)
    return membership
