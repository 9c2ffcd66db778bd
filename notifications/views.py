"""The in-app list of a person's own notifications."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from notifications.kinds import kinds
from notifications.models import Notification
from notifications.queries import notifications_of, preferences_of
from notifications.services import (
    notification_mark_read,
    notification_preferences_set,
    notifications_mark_all_read,
)


@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = notifications_of(request.user)
    page = Paginator(notifications, 30).get_page(request.GET.get("page"))
    unread = notifications.unread().count()
    return render(request, "notifications/notification_list.html", {"page": page, "unread": unread})


@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    # Another person's notification is not known to exist: 404, not 403.
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notification_mark_read(notification=notification)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


@require_GET
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification to its object (the list's and the email's link): opening it
    marks it read, then redirects."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notification_mark_read(notification=notification)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


@require_http_methods(["GET", "POST"])
def notification_preferences(request: HttpRequest) -> HttpResponse:
    """Per kind, in the app and by email: both on unless the person turned one off."""
    if request.method == "POST":
        known = kinds()
        choices = {
            kind: (
                request.POST.get(f"{kind}-in_app") == "on",
                request.POST.get(f"{kind}-by_email") == "on",
            )
            for kind in known
        }
        notification_preferences_set(user=request.user, choices=choices)
        messages.success(request, _("Vos préférences de notification sont enregistrées."))
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/notification_preferences.html",
        {"rows": preferences_of(request.user)},
    )


@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = notifications_mark_all_read(user=request.user)
    messages.success(request, _("%(n)s notification(s) marquée(s) comme lue(s).") % {"n": count})
    return redirect("notifications:list")
