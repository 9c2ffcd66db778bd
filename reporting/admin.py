from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reporting.models import Edition


@admin.register(Edition)
class EditionAdmin(SimpleHistoryAdmin):
    """Read-only: an edition is frozen by the DG's page and never edited (its sharing
    goes through reporting.services.edition_share, from the edition's page)."""

    list_display = ["occasion", "date", "programme", "shared_with_elected", "created_by"]
    list_filter = ["programme", "shared_with_elected"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
