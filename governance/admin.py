from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from governance.models import AgendaItem, Body, Decision, Meeting


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ("name", "short_name", "kind", "chair", "cadence")
    filter_horizontal = ("members",)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ("body", "starts_at", "place", "state")
    list_filter = ("body", "state")
    inlines = [AgendaItemInline]


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    def has_delete_permission(self, request, obj=None):
        # Decisions are archived, never deleted, by anyone but a superuser.
        return request.user.is_superuser

    # Assigned in the meeting page, whose service tells the person (governance.services).
    readonly_fields = ("owner",)
    list_display = ("date", "kind", "workstream", "follow_up", "published")
    list_filter = ("kind", "follow_up", "published")
