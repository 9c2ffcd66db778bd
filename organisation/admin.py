from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.auth import unlock
from core.uploads import validate_upload
from organisation.models import Commune, OrgUnit, User
from organisation.services import org_unit_check_parent, user_sessions_end


@admin.register(User)
class CapUserAdmin(UserAdmin, SimpleHistoryAdmin):
    list_display = ("username", "first_name", "last_name", "role", "org_unit", "is_active")
    list_filter = ("role", "is_active", "is_superuser")
    actions = ("unlock_logins",)
    fieldsets = UserAdmin.fieldsets + (
        (_("Cap"), {"fields": ("role", "org_unit", "job_title", "delegation")}),
    )
    add_fieldsets = UserAdmin.add_fieldsets + (
        (_("Cap"), {"fields": ("role", "org_unit", "job_title", "delegation")}),
    )

    @admin.action(description=_("Lever le blocage des connexions"), permissions=("change",))
    def unlock_logins(self, request, queryset):
        """Lift the login locks (django-axes) of the chosen accounts, from every address."""
        lifted = [user.get_username() for user in queryset if unlock(user.get_username())]
        if lifted:
            self.message_user(
                request,
                _("Blocage levé pour : %(names)s.") % {"names": ", ".join(lifted)},
                messages.SUCCESS,
            )
        else:
            self.message_user(request, _("Aucun de ces comptes n'était bloqué."), messages.INFO)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            # Unticking "actif" closes the account now, as user_deactivate does.
            user_sessions_end(user=obj)


class OrgUnitAdminForm(forms.ModelForm):
    # No Meta: the admin builds it from OrgUnitAdmin's fields.

    def clean(self):
        cleaned = super().clean()
        # The same rule as the services: no loop in the org chart (A → B → C → A).
        org_unit_check_parent(unit=self.instance, parent=cleaned.get("parent"))
        return cleaned


@admin.register(OrgUnit)
class OrgUnitAdmin(SimpleHistoryAdmin):
    form = OrgUnitAdminForm
    # Written by governance when the CST gives its opinion on the unit (a decision).
    readonly_fields = ("cst_opinion_on",)
    list_display = ("name", "acronym", "kind", "state", "parent", "head")
    list_filter = ("kind", "state")
    search_fields = ("name", "acronym")
    autocomplete_fields = ("parent", "head")


class CommuneForm(forms.ModelForm):
    class Meta:
        model = Commune
        fields = ["name", "logo"]

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        # Only a newly uploaded file is checked; the stored one was checked when it came.
        if logo and hasattr(logo, "content_type"):
            validate_upload(logo, allowed=("png", "jpg"))
        return logo


@admin.register(Commune)
class CommuneAdmin(SimpleHistoryAdmin):
    form = CommuneForm
    list_display = ("name",)

    def has_add_permission(self, request):
        # One commune: added once, then changed.
        return not Commune.objects.exists() and super().has_add_permission(request)
