"""The admin shows recruitment data; what a service governs is read-only here.

A stage changes only through `recruitment_change_stage` (its checks, its recorded change);
the facts governance records (arbitration, CST opinion), a job profile's sign-offs and a
post's filled or suppressed state are written by their services, so the admin shows them
without letting anyone type them.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from recruitment.models import (
    InterviewPanelRule,
    JobProfile,
    LegalReference,
    Position,
    Recruitment,
    StageChange,
)


@admin.register(LegalReference)
class LegalReferenceAdmin(SimpleHistoryAdmin):
    list_display = ("key", "label", "code", "article", "former_text")
    search_fields = ("key", "label", "article")


@admin.register(InterviewPanelRule)
class InterviewPanelRuleAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "commune_population", "population_threshold", "min_interviewers")


class VersionedAdmin(SimpleHistoryAdmin):
    """A correction here is a save like any other: a page form loaded before it must be
    refused (409), not overwrite it."""

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)


@admin.register(Position)
class PositionAdmin(VersionedAdmin):
    list_display = ("title", "org_unit", "nature", "category", "filiere", "budget_state")
    list_filter = ("nature", "category", "filiere", "budget_state")
    search_fields = ("title",)
    readonly_fields = ("is_filled", "suppressed_on", "cst_opinion_on", "cst_opinion_ref")


@admin.register(JobProfile)
class JobProfileAdmin(VersionedAdmin):
    list_display = ("position", "state", "validated_by", "validated_on")
    list_filter = ("state",)
    readonly_fields = (
        "state",
        "validated_by",
        "validated_on",
        "director_signed_by",
        "director_signed_on",
        "dg_signed_by",
        "dg_signed_on",
    )


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    readonly_fields = ("from_stage", "to_stage", "changed_at", "actor", "reason")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# What the rules read and only services write.
GOVERNED_FACTS = (
    "position",
    "stage",
    "stage_changed_at",
    "arbitration_ref",
    "arbitration_on",
    "cst_opinion_ref",
    "cst_opinion_on",
    "no_civil_servant_found",
    "republication_of",
)


@admin.register(Recruitment)
class RecruitmentAdmin(VersionedAdmin):
    list_display = ("position", "stage", "stage_changed_at", "hr_owner")
    list_filter = ("stage",)
    inlines = [StageChangeInline]
    readonly_fields = GOVERNED_FACTS

    def has_add_permission(self, request) -> bool:
        # A recruitment opens through recruitment_open (HR's page), at its first stage.
        return False
