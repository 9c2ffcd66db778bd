"""The administrator's view of deliveries: every notification with its delivery state, a
filter for the failed ones ("Envois en échec"), and an action that sends them again
through the service. Nothing of a notification is edited by hand."""

from django.contrib import admin, messages
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from notifications.models import Notification, ReminderRun
from notifications.services import notifications_retry_failed


class DeliveryFilter(admin.SimpleListFilter):
    title = _("envoi")
    parameter_name = "envoi"

    def lookups(self, request, model_admin):
        return [
            ("failed", _("Envois en échec")),
            ("pending", _("En attente d'envoi")),
            ("sent", _("Envoyées")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "failed":
            return queryset.filter(failed_at__isnull=False)
        if self.value() == "pending":
            return queryset.filter(Q(sent_at__isnull=True) & Q(failed_at__isnull=True))
        if self.value() == "sent":
            return queryset.filter(sent_at__isnull=False)
        return queryset


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = (
        "subject",
        "recipient",
        "kind",
        "created_at",
        "sent_at",
        "attempts",
        "failed_at",
        "last_error",
    )
    list_filter = (DeliveryFilter, "kind")
    list_select_related = ("recipient",)
    search_fields = ("subject", "recipient__username", "recipient__email")
    actions = ["retry_failed"]
    readonly_fields = [field.name for field in Notification._meta.fields]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Renvoyer les notifications en échec sélectionnées"))
    def retry_failed(self, request, queryset):
        count = notifications_retry_failed(ids=queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            gettext("%(n)s notification(s) remise(s) en envoi.") % {"n": count},
            messages.SUCCESS,
        )


@admin.register(ReminderRun)
class ReminderRunAdmin(admin.ModelAdmin):
    list_display = ("kind", "day", "started_at", "finished_at", "candidates", "created", "errors")
    list_filter = ("kind",)
    readonly_fields = [field.name for field in ReminderRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
