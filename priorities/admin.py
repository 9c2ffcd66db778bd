from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.uploads import validate_upload
from priorities.models import Domain, FrameworkDocument, MandatePriority, Priority


@admin.register(Domain)
class DomainAdmin(SimpleHistoryAdmin):
    list_display = ("number", "name")


@admin.register(MandatePriority)
class MandatePriorityAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "order")


@admin.register(Priority)
class PriorityAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "lead", "order")
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
