"""Writes on users and org units: keyword-only `<entity>_<action>(*, …, actor)` functions."""

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisation.models import OrgUnit, User

ORG_UNIT_FIELDS = (
    "name",
    "acronym",
    "kind",
    "parent",
    "head",
    "state",
    "valid_from",
    "valid_to",
)


def user_sessions_end(*, user: User) -> int:
    """Delete every stored session of `user`; returns how many were ended.

    Django refuses an inactive user on each request anyway (ModelBackend.get_user); this
    also removes the sessions themselves, so nothing usable is left behind. Sessions are
    signed blobs, so each live one is decoded: fine for a commune's few hundred agents.
    """
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return 0  # other engines: the inactive flag alone shuts the user out
    keys = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    Session.objects.filter(session_key__in=keys).delete()
    return len(keys)


@transaction.atomic
def user_deactivate(*, user: User, actor: User) -> User:
    """Close an account: it can no longer log in, and its open sessions end now."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active:
        user.is_active = False
        user._history_user = actor  # the history's "who", also outside a request
        user.full_clean()
        user.save(update_fields=["is_active"])
    user_sessions_end(user=user)
    return user


def org_unit_check_parent(*, unit: OrgUnit, parent: OrgUnit | None) -> None:
    """Refuse a parent that would close a loop: `unit` itself or one of its descendants.

    The database refuses only a unit that is its own parent (a check constraint cannot
    follow a chain); this walks up from `parent`, one query per level of the org chart.
    """
    if parent is None or unit.pk is None:
        return  # a unit not yet saved has no descendants
    seen: set[int] = set()
    ancestor_id: int | None = parent.pk
    while ancestor_id is not None and ancestor_id not in seen:
        if ancestor_id == unit.pk:
            raise ValidationError(
                {
                    "parent": _(
                        "« %(parent)s » est rattachée, directement ou non, à « %(unit)s » : "
                        "ce rattachement formerait une boucle dans l'organigramme."
                    )
                    % {"parent": parent, "unit": unit}
                }
            )
        seen.add(ancestor_id)
        ancestor_id = (
            OrgUnit.objects.filter(pk=ancestor_id).values_list("parent_id", flat=True).first()
        )


def _org_unit_save(unit: OrgUnit, *, actor, fields: list[str] | None = None) -> OrgUnit:
    org_unit_check_parent(unit=unit, parent=unit.parent)
    unit.full_clean()
    unit._history_user = actor  # the history's "who", also outside a request
    unit.save(update_fields=fields)
    return unit


@transaction.atomic
def org_unit_create(*, data: dict, actor) -> OrgUnit:
    unit = OrgUnit(**{name: data[name] for name in ORG_UNIT_FIELDS if name in data})
    return _org_unit_save(unit, actor=actor)


@transaction.atomic
def org_unit_update(*, unit: OrgUnit, data: dict, actor) -> OrgUnit:
    """Change a unit; a new parent is refused if it would make the org chart loop."""
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    changed = [name for name in ORG_UNIT_FIELDS if name in data]
    for name in changed:
        setattr(unit, name, data[name])
    if not changed:
        return unit
    return _org_unit_save(unit, actor=actor, fields=changed)


@transaction.atomic
def org_unit_record_cst_opinion(*, unit: OrgUnit, opinion_on, actor) -> OrgUnit:
    """Called by governance when the Comité social territorial gives its opinion on a unit;
    recruitment's CST check reads it for a post in a new unit."""
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    unit.cst_opinion_on = opinion_on
    unit.full_clean()
    unit._history_user = actor
    unit.save(update_fields=["cst_opinion_on"])
    return unit
