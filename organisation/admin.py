from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from organisation.models import OrgUnit, User
from organisation.services import user_sessions_end


@admin.register(User)
class CapUserAdmin(UserAdmin, SimpleHistoryAdmin):
    list_display = ("username", "first_name", "last_name", "role", "org_unit", "is_active")
    list_filter = ("role", "is_active", "is_superuser")
    fieldsets = UserAdmin.fieldsets + (
        (_("Cap"), {"fields": ("role", "org_unit", "job_title", "delegation")}),
    )
    add_fieldsets = UserAdmin.add_fieldsets + (
        (_("Cap"), {"fields": ("role", "org_unit", "job_title", "delegation")}),
    )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            # Unticking "actif" closes the account now, as user_deactivate does.
            user_sessions_end(user=obj)


@admin.register(OrgUnit)
class OrgUnitAdmin(SimpleHistoryAdmin):
    list_display = ("name", "acronym", "kind", "state", "parent", "head")
    list_filter = ("kind", "state")
    search_fields = ("name", "acronym")
    autocomplete_fields = ("parent", "head")
