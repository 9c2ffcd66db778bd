from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.uploads import validate_upload
from priorities import services
from priorities.models import (
    Component,
    Domain,
    FrameworkDocument,
    Mandate,
    MandatePriority,
    Priority,
    Programme,
)


@admin.register(Mandate)
class MandateAdmin(SimpleHistoryAdmin):
    list_display = ("name", "start_date", "end_date")


def _run(modeladmin, request, queryset, service, done):
    for programme in queryset:
        try:
            service(programme=programme, actor=request.user)
        except ValidationError as error:
            modeladmin.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            modeladmin.message_user(request, done % {"name": programme}, messages.SUCCESS)


@admin.action(description=_("Activer le programme"))
def activate(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, services.programme_activate, _("%(name)s est en cours."))


@admin.action(description=_("Clôturer le programme"))
def close(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, services.programme_close, _("%(name)s est clôturé."))


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    """The state changes only through the services (the actions), never in the form."""

    list_display = ("name", "short_name", "state", "start_date", "end_date", "is_example")
    list_filter = ("state", "is_example")
    readonly_fields = ("state", "previous")
    filter_horizontal = ("framework_documents",)
    prepopulated_fields = {"slug": ("short_name",)}
    actions = [activate, close]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_closed:
            return False
        return super().has_change_permission(request, obj)


@admin.register(Component)
class ComponentAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "programme", "order")
    list_filter = ("programme",)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.programme.is_closed:
            return False
        return super().has_change_permission(request, obj)


@admin.register(Domain)
class DomainAdmin(SimpleHistoryAdmin):
    list_display = ("number", "name", "mandate")


@admin.register(MandatePriority)
class MandatePriorityAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "mandate", "order")


@admin.register(Priority)
class PriorityAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "programme", "lead", "order")
    list_filter = ("programme",)
    filter_horizontal = ("mandate_priorities", "domains")
    search_fields = ("code", "name")


class FrameworkDocumentForm(forms.ModelForm):
    class Meta:
        model = FrameworkDocument
        fields = ["title", "kind", "date", "summary", "url", "file"]

    def clean_file(self):
        file = self.cleaned_data.get("file")
        # Only a newly uploaded file is checked; the stored one was checked when it came.
        if file and hasattr(file, "content_type"):
            validate_upload(file, allowed=("pdf", "docx", "odt", "xlsx", "csv"))
        return file


@admin.register(FrameworkDocument)
class FrameworkDocumentAdmin(SimpleHistoryAdmin):
    form = FrameworkDocumentForm
    list_display = ("title", "kind", "date")
    list_filter = ("kind",)
