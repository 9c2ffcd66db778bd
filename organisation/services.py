"""Writes on users and org units: keyword-only `<entity>_<action>(*, …, actor)` functions."""

import logging

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisation.models import OrgUnit, User

logger = logging.getLogger("core.security")

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


# Accounts from the directory (single sign-on) ----------------------------------------------

# When a person is in several mapped groups, the widest role wins.
ROLE_PRECEDENCE = (User.Role.DG, User.Role.DIRECTOR, User.Role.HR, User.Role.ELECTED)


def directory_role(groups: list[str]) -> str | None:
    """Cap's role for these directory groups (SSO_GROUP_ROLES, names without regard to
    case), else SSO_DEFAULT_ROLE, else None: the person is not let in."""
    mapping = {name.casefold(): role for name, role in settings.SSO_GROUP_ROLES.items()}
    roles = {mapping[group.casefold()] for group in groups if group.casefold() in mapping}
    for role in ROLE_PRECEDENCE:
        if role in roles:
            return role
    return settings.SSO_DEFAULT_ROLE or None


def directory_unit(groups: list[str], unit_hint: str = "") -> OrgUnit | None:
    """The org unit named by a group (SSO_GROUP_UNITS: group → acronym) or, failing that,
    by the unit attribute/claim (an acronym); only a unit that is not dissolved."""
    mapping = {name.casefold(): acronym for name, acronym in settings.SSO_GROUP_UNITS.items()}
    acronyms = [mapping[group.casefold()] for group in groups if group.casefold() in mapping]
    if unit_hint:
        acronyms.append(unit_hint)
    for acronym in acronyms:
        unit = OrgUnit.objects.current().filter(acronym__iexact=acronym.strip()).first()
        if unit is not None:
            return unit
    return None


@transaction.atomic
def user_sync_from_directory(
    *,
    username: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    groups: list[str],
    unit_hint: str = "",
    source: str,
) -> User | None:
    """The Cap account of a person the directory (LDAP or OIDC) has just authenticated.

    Created at the first login, brought up to date at each next one (role, unit, names,
    email: the directory is the reference; a history row only when something changed).
    Returns None, and logs why, when the person may not come in: no mapped role, an
    inactive account, or an administrator's account (administrators keep local accounts:
    a directory entry with the same name never takes one over).
    """
    role = directory_role(groups)
    if role is None:
        logger.warning("sso-refused reason=no-role source=%s username=%r", source, username)
        return None
    user = User.objects.select_for_update().filter(username__iexact=username).first()
    if user is not None and (user.is_superuser or user.is_staff):
        logger.warning("sso-refused reason=local-admin source=%s username=%r", source, username)
        return None
    if user is not None and not user.is_active:
        logger.warning("sso-refused reason=inactive source=%s username=%r", source, username)
        return None
    values = {
        "first_name": first_name[:150],
        "last_name": last_name[:150],
        "email": email[:254],
        "role": role,
    }
    unit = directory_unit(groups, unit_hint)
    if unit is not None:
        values["org_unit"] = unit
    if user is None:
        user = User(username=username[:150], **values)
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        logger.info("sso-created source=%s username=%r role=%s", source, username, role)
        return user
    changed = [name for name, value in values.items() if getattr(user, name) != value]
    if changed:
        for name in changed:
            setattr(user, name, values[name])
        user.full_clean(exclude=["password"])
        user.save(update_fields=changed)
        logger.info("sso-updated source=%s username=%r fields=%s", source, username, changed)
    return user
