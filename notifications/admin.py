from django.contrib import admin

from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("subject", "recipient", "kind", "created_at", "sent_at", "read_at")
    list_filter = ("kind",)
    readonly_fields = ("dedup_key", "created_at", "sent_at")
