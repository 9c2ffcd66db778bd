"""Writes on users and org units: keyword-only `<entity>_<action>(*, …, actor)` functions."""

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from organisation.models import User


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
