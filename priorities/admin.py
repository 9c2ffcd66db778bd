from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

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


@admin.register(FrameworkDocument)
class FrameworkDocumentAdmin(SimpleHistoryAdmin):
    list_display = ("title", "kind", "date")
    list_filter = ("kind",)
