"""Reads the notification pages need."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from notifications.kinds import kinds
from notifications.models import Notification, NotificationPreference


def notifications_of(user) -> QuerySet[Notification]:
    """A person's own notifications, newest first (the model's ordering)."""
    return Notification.objects.filter(recipient=user)


def unread_count_expression():
    """The unread count of the user row it annotates: the header's badge, read with the
    session's user (core.auth) on the index (recipient, read_at), no query of its own."""
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(unread, output_field=IntegerField()), Value(0))


def preferences_of(user) -> list[dict]:
    """Every registered kind with the person's choice (both on when no row says otherwise)."""
    stored = {p.kind: p for p in NotificationPreference.objects.filter(recipient=user)}
    rows = []
    for kind, label in kinds().items():
        pref = stored.get(kind)
        rows.append(
            {
                "kind": kind,
                "label": label,
                "in_app": pref.in_app if pref else True,
                "by_email": pref.by_email if pref else True,
            }
        )
    return rows
