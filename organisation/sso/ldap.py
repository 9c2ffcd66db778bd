"""LDAP / Active Directory login, on ldap3 (pure Python), configured by cap2021/sso.py.

The backend finds the person with the service account (LDAP_USER_FILTER in
LDAP_USER_SEARCH_BASE, exactly one entry), checks the password by binding as that entry,
reads the groups the entry is a member of (LDAP_GROUP_TYPE in LDAP_GROUP_SEARCH_BASE; on
Active Directory, groups within groups too) and hands what the directory says to
`organisation.services.user_sync_from_directory`, which alone writes the account or
refuses the person. Any directory error (down, timeout, TLS refused) is a refused login,
logged; the local accounts keep working.

Why Cap's own backend rather than django-python3-ldap (the pure-Python package that
replaced django-auth-ldap + python-ldap, whose C build needed a compiler and OpenLDAP's
headers): django-python3-ldap 0.16.1 writes the account itself
(`User.objects.update_or_create`) before its LDAP_AUTH_SYNC_USER_RELATIONS hook runs, so
a person without a Cap group would get an account row before Cap could refuse them, and
the write would bypass the service (and its history); and it binds first as a name built
from what was typed (`uid=<name>,<base>`, `DOMAIN\\<name>`, `<name>@<domain>`), which loses
LDAP_USER_FILTER and the people kept in sub-OUs. What is left to write on ldap3 is two
binds and two searches.
"""

import logging
import ssl

import ldap3
from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from ldap3.core.exceptions import (
    LDAPException,
    LDAPInvalidCredentialsResult,
    LDAPSizeLimitExceededResult,
)
from ldap3.utils.conv import escape_filter_chars

from organisation.services import user_sync_from_directory

logger = logging.getLogger("core.security")

# How deep nested groups are followed (Active Directory); a cycle stops earlier.
MAX_GROUP_DEPTH = 8


def _values(attributes, name: str) -> list[str]:
    if not name:
        return []
    value = attributes.get(name)  # ldap3's attributes ignore the name's case
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return [str(value)]


def _first(attributes, name: str) -> str:
    values = _values(attributes, name)
    return values[0] if values else ""


def _server():
    tls = ldap3.Tls(
        # The directory's certificate is checked, host name included (ldap3's default
        # would accept any certificate).
        validate=ssl.CERT_REQUIRED,
        ca_certs_file=settings.LDAP_TLS_CA_FILE or None,
    )
    servers = [
        ldap3.Server(uri, get_info=ldap3.NONE, connect_timeout=settings.LDAP_TIMEOUT, tls=tls)
        for uri in settings.LDAP_SERVER_URI.split()
    ]
    if len(servers) == 1:
        return servers[0]
    # Several addresses: the first that answers, each tried once per login.
    return ldap3.ServerPool(servers, ldap3.FIRST, active=1, exhaust=60)


def _connection(server, user: str | None, password: str | None) -> ldap3.Connection:
    """A bound connection, or an LDAPException (wrong password included)."""
    connection = ldap3.Connection(
        server,
        user=user or None,
        password=password or None,
        auto_referrals=False,  # Active Directory's referrals stall the search
        receive_timeout=settings.LDAP_TIMEOUT,
        raise_exceptions=True,
        read_only=True,
    )
    try:
        connection.open()
        if settings.LDAP_START_TLS:
            connection.start_tls()
        connection.bind()
    except BaseException:
        connection.unbind()
        raise
    return connection


def _search(
    connection, base: str, search_filter: str, attributes: list[str], size_limit: int = 0
) -> list[dict]:
    connection.search(
        base,
        search_filter,
        search_scope=ldap3.SUBTREE,
        attributes=attributes,
        size_limit=size_limit,
        time_limit=settings.LDAP_TIMEOUT,
    )
    return [entry for entry in connection.response if entry.get("type") == "searchResEntry"]


def directory_groups(connection, dn: str, attributes) -> list[str]:
    """The names (cn) of the groups the entry `dn` is a member of."""
    search = settings.LDAP_GROUP_SEARCH
    group_filter, member_attr = search["filter"], search["member_attribute"]
    holds, nested = search["member_value"], search["nested"]
    if holds == "uid":  # posixGroup: memberUid holds the uid; gidNumber the primary group
        uid = _first(attributes, "uid")
        clauses = [f"({member_attr}={escape_filter_chars(uid)})"] if uid else []
        gid = _first(attributes, "gidNumber")
        if gid:
            clauses.append(f"(gidNumber={escape_filter_chars(gid)})")
        if not clauses:
            return []
        found = _search(
            connection,
            settings.LDAP_GROUP_SEARCH_BASE,
            f"(&{group_filter}(|{''.join(clauses)}))",
            ["cn"],
        )
        return sorted({name for entry in found for name in _values(entry["attributes"], "cn")})
    names: set[str] = set()
    seen: set[str] = {dn.lower()}
    members = [dn]
    for _ in range(MAX_GROUP_DEPTH if nested else 1):
        clauses = "".join(f"({member_attr}={escape_filter_chars(m)})" for m in members)
        found = _search(
            connection,
            settings.LDAP_GROUP_SEARCH_BASE,
            f"(&{group_filter}(|{clauses}))",
            ["cn"],
        )
        members = []
        for entry in found:
            names.update(_values(entry["attributes"], "cn"))
            if entry["dn"].lower() not in seen:
                seen.add(entry["dn"].lower())
                members.append(entry["dn"])
        if not members:
            break
    return sorted(names)


class CapLDAPBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or not password:
            return None  # an empty password would be an anonymous bind: never a login
        try:
            facts = self._directory_facts(username, password)
        except LDAPException as error:
            logger.warning(
                "sso-refused reason=directory-error source=ldap username=%r error=%s",
                username,
                type(error).__name__,
            )
            return None
        if facts is None:
            return None
        user = user_sync_from_directory(username=username, source="ldap", **facts)
        return user if user is not None and self.user_can_authenticate(user) else None

    async def aauthenticate(self, request, username=None, password=None, **kwargs):
        # ModelBackend's own would check a local password: the directory's check instead.
        return await sync_to_async(self.authenticate)(request, username, password)

    def _directory_facts(self, username: str, password: str) -> dict | None:
        server = _server()
        service = _connection(server, settings.LDAP_BIND_DN, settings.LDAP_BIND_PASSWORD)
        try:
            wanted = [
                settings.LDAP_ATTR_FIRST_NAME,
                settings.LDAP_ATTR_LAST_NAME,
                settings.LDAP_ATTR_EMAIL,
                "uid",
                "gidNumber",
            ]
            if settings.LDAP_UNIT_ATTRIBUTE:
                wanted.append(settings.LDAP_UNIT_ATTRIBUTE)
            try:
                found = _search(
                    service,
                    settings.LDAP_USER_SEARCH_BASE,
                    settings.LDAP_USER_FILTER % {"user": escape_filter_chars(username)},
                    wanted,
                    size_limit=2,
                )
            except LDAPSizeLimitExceededResult:
                found = [{}, {}]  # more than one entry: never guess which person it is
            if len(found) != 1:
                reason = "unknown" if not found else "not-unique"
                logger.warning("sso-refused reason=%s source=ldap username=%r", reason, username)
                return None
            dn, attributes = found[0]["dn"], found[0]["attributes"]
            try:
                _connection(server, dn, password).unbind()
            except LDAPInvalidCredentialsResult:
                return None  # a wrong password: counted by the throttle, like a local one
            return {
                "first_name": _first(attributes, settings.LDAP_ATTR_FIRST_NAME),
                "last_name": _first(attributes, settings.LDAP_ATTR_LAST_NAME),
                "email": _first(attributes, settings.LDAP_ATTR_EMAIL),
                "groups": directory_groups(service, dn, attributes),
                "unit_hint": _first(attributes, settings.LDAP_UNIT_ATTRIBUTE),
            }
        finally:
            service.unbind()
