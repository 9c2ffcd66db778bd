"""Reads the notification pages need."""

from django.db.models import QuerySet

from notifications.models import Notification


def notifications_of(user) -> QuerySet[Notification]:
    """A person's own notifications, newest first (the model's ordering)."""
    return Notification.objects.filter(recipient=user)
