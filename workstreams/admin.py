from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from workstreams.models import Action, Milestone, StatusUpdate, Workstream


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    can_delete = False  # archived from the milestone's own page, never deleted inline
    fields = ("title", "due_date", "baseline_date", "is_key", "state", "achieved_on", "owner")
    # Dates and state move through the milestone services (a move needs its reason and
    # tells the owner and the DG): read-only here, and milestones are added on the pages.
    readonly_fields = ("due_date", "baseline_date", "state", "achieved_on")

    def has_add_permission(self, request, obj=None):
        return False


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0
    fields = ("title", "owner", "due_date", "state", "done_on")


class ArchiveNotDeleteMixin:
    """Workstreams and milestones are archived, never deleted, by anyone but a superuser."""

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class WorkstreamAdminForm(forms.ModelForm):
    """The programme is the priority's, set on creation and never edited here: a priority
    or component of another programme is refused."""

    def clean(self):
        cleaned = super().clean()
        priority, component = cleaned.get("priority"), cleaned.get("component")
        programme_id = self.instance.programme_id or (priority and priority.programme_id)
        if priority and priority.programme_id != programme_id:
            self.add_error("priority", _("Cette priorité appartient à un autre programme."))
        if component and component.programme_id != programme_id:
            self.add_error("component", _("Cette composante appartient à un autre programme."))
        return cleaned


@admin.register(Workstream)
class WorkstreamAdmin(ArchiveNotDeleteMixin, SimpleHistoryAdmin):
    form = WorkstreamAdminForm
    list_display = ("code", "title", "programme", "priority", "owner", "phase", "archived_at")
    list_filter = ("programme", "priority", "phase", "component", "axis", "transversal")
    # The CST opinion is written by governance when the CST gives it (its decision, from
    # the meeting page or the admin's decision form); the phase changes on the workstream's
    # page, where officialisation checks that opinion. Neither is typed here.
    readonly_fields = ("programme", "carried_from", "phase", "cst_opinion_on", "cst_opinion_ref")
    search_fields = ("code", "title")
    filter_horizontal = ("domains", "mandate_priorities", "affected_units")
    autocomplete_fields = ("owner", "sponsor", "org_unit")
    inlines = [MilestoneInline, ActionInline]

    def has_change_permission(self, request, obj=None):
        # A closed programme is read-only, in the admin too.
        if obj is not None and obj.programme.is_closed:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if obj.programme_id is None:
            obj.programme = obj.priority.programme
        super().save_model(request, obj, form, change)


@admin.register(Milestone)
class MilestoneAdmin(ArchiveNotDeleteMixin, SimpleHistoryAdmin):
    list_display = ("title", "workstream", "due_date", "baseline_date", "state", "is_key")
    list_filter = ("state", "is_key")
    search_fields = ("title", "workstream__code")
    # As in the workstream's inline: what the milestone services govern is read-only.
    readonly_fields = (
        "workstream",
        "due_date",
        "baseline_date",
        "move_reason",
        "state",
        "achieved_on",
    )

    def has_add_permission(self, request):
        return False


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
