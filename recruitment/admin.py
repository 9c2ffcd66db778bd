from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from recruitment.models import JobProfile, LegalReference, Position, Recruitment, StageChange


@admin.register(LegalReference)
class LegalReferenceAdmin(SimpleHistoryAdmin):
    list_display = ("key", "label", "code", "article", "former_text")
    search_fields = ("key", "label", "article")


@admin.register(Position)
class PositionAdmin(SimpleHistoryAdmin):
    list_display = ("title", "org_unit", "nature", "category", "filiere", "budget_state")
    list_filter = ("nature", "category", "filiere", "budget_state")
    search_fields = ("title",)


@admin.register(JobProfile)
class JobProfileAdmin(SimpleHistoryAdmin):
    list_display = ("position", "state", "validated_by", "validated_on")
    list_filter = ("state",)


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    readonly_fields = ("from_stage", "to_stage", "changed_at", "actor", "reason")


@admin.register(Recruitment)
class RecruitmentAdmin(SimpleHistoryAdmin):
    list_display = ("position", "stage", "stage_changed_at", "hr_owner")
    list_filter = ("stage",)
    inlines = [StageChangeInline]

    def save_model(self, request, obj, form, change):
        if change:
            # A correction here is a save like any other: a facts form loaded before it
            # must be refused (409), not overwrite it.
            obj.version += 1
        super().save_model(request, obj, form, change)
