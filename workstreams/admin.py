from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from workstreams.models import Action, Milestone, StatusUpdate, Workstream


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    can_delete = False  # archived from the milestone's own page, never deleted inline
    fields = ("title", "due_date", "baseline_date", "is_key", "state", "achieved_on", "owner")


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0
    fields = ("title", "owner", "due_date", "state", "done_on")


class ArchiveNotDeleteMixin:
    """Workstreams and milestones are archived, never deleted, by anyone but a superuser."""

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Workstream)
class WorkstreamAdmin(ArchiveNotDeleteMixin, SimpleHistoryAdmin):
    list_display = ("code", "title", "priority", "owner", "phase", "archived_at")
    list_filter = ("priority", "phase", "component", "axis", "transversal")
    search_fields = ("code", "title")
    filter_horizontal = ("domains", "mandate_priorities", "affected_units")
    autocomplete_fields = ("owner", "sponsor", "org_unit")
    inlines = [MilestoneInline, ActionInline]


@admin.register(Milestone)
class MilestoneAdmin(ArchiveNotDeleteMixin, SimpleHistoryAdmin):
    list_display = ("title", "workstream", "due_date", "baseline_date", "state", "is_key")
    list_filter = ("state", "is_key")
    search_fields = ("title", "workstream__code")


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ("title", "workstream", "due_date", "state")
    list_filter = ("state",)
    search_fields = ("title", "workstream__code")


@admin.register(StatusUpdate)
class StatusUpdateAdmin(SimpleHistoryAdmin):
    list_display = ("workstream", "date", "weather", "progress", "state", "author")
    list_filter = ("state", "weather")
    search_fields = ("workstream__code",)
    # What decides a workstream's stored current status changes only through the
    # status-update services, which keep Workstream.current_update and the rest in step.
    readonly_fields = ("workstream", "date", "weather", "progress", "state")

    def has_add_permission(self, request):
        return False
