"""LDAP / Active Directory login (django-auth-ldap), configured by cap2021/sso.py.

django-auth-ldap finds the person (AUTH_LDAP_USER_SEARCH), checks the password by binding
as them and reads their groups (AUTH_LDAP_GROUP_SEARCH / AUTH_LDAP_GROUP_TYPE); Cap's
service then creates or updates the account from what the directory says
(`get_or_build_user` returns it saved, and AUTH_LDAP_ALWAYS_UPDATE_USER is off, so the
library itself never writes the user).
"""

from django.conf import settings
from django_auth_ldap.backend import LDAPBackend

from organisation.services import user_sync_from_directory


def _first(attrs: dict, name: str) -> str:
    values = attrs.get(name) or attrs.get(name.lower()) or []
    return str(values[0]) if values else ""


class CapLDAPBackend(LDAPBackend):
    def get_or_build_user(self, username, ldap_user):
        attrs = ldap_user.attrs or {}
        attr_map = settings.AUTH_LDAP_USER_ATTR_MAP
        user = user_sync_from_directory(
            username=username,
            first_name=_first(attrs, attr_map["first_name"]),
            last_name=_first(attrs, attr_map["last_name"]),
            email=_first(attrs, attr_map["email"]),
            groups=sorted(ldap_user.group_names),
            unit_hint=_first(attrs, settings.LDAP_UNIT_ATTRIBUTE)
            if settings.LDAP_UNIT_ATTRIBUTE
            else "",
            source="ldap",
        )
        if user is None:
            # django-auth-ldap turns this into a refused login: no account is written.
            raise ldap_user.AuthenticationFailed("no Cap role for this directory account")
        return user, False
