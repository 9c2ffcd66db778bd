"""Single sign-on: OpenID Connect (oidc.py) and LDAP / Active Directory (ldap.py).

Both backends hand what the directory says (names, email, groups, unit) to
`organisation.services.user_sync_from_directory`, which maps groups to Cap's role and org
unit (SSO_GROUP_ROLES, SSO_GROUP_UNITS), creates or updates the account and refuses the
administrators' local accounts. Settings: cap2021/sso.py; set-up: README.
"""
