"""The decision register's filters, shared by the page and its export. The GET names
(`follow_up`, `kind`, `body`, `actions`, `archived`) are the register's stable interface.
Archived decisions are left out unless `archived` asks for them."""

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from governance.models import Body, Decision


class DecisionFilter(filters.FilterSet):
    follow_up = filters.ChoiceFilter(
        label=_("Suivi"),
        choices=Decision.FollowUp.choices,
        empty_label=_("Tous"),
    )
    kind = filters.ChoiceFilter(
        label=_("Nature"),
        choices=Decision.Kind.choices,
        empty_label=_("Toutes"),
    )
    body = filters.ModelChoiceFilter(
        label=_("Instance"),
        field_name="meeting__body",
        queryset=Body.objects.order_by("name"),
        empty_label=_("Toutes"),
    )

    actions = filters.ChoiceFilter(
        label=_("Actions de suivi"),
        choices=[
            ("late", _("Avec une action en retard")),
            ("open", _("Avec une action à faire")),
            ("done", _("Toutes faites")),
        ],
        empty_label=_("Toutes"),
        method="filter_actions",
    )

    archived = filters.ChoiceFilter(
        label=_("Archivage"),
        choices=[("yes", _("Archivées seulement")), ("all", _("Toutes, archivées comprises"))],
        empty_label=_("En vigueur"),
        method="filter_archived",
    )

    class Meta:
        model = Decision
        fields = ["follow_up", "kind", "body", "actions", "archived"]

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("archived") not in ("yes", "all"):
            queryset = queryset.filter(archived_at__isnull=True)
        return queryset

    def filter_archived(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(archived_at__isnull=False)
        return queryset

    def filter_actions(self, queryset, name, value):
        # The annotations of queries.decision_register.
        if value == "late":
            return queryset.filter(actions_late__gt=0)
        if value == "open":
            return queryset.filter(actions_open__gt=0)
        return queryset.filter(actions_done__gt=0, actions_late=0, actions_open=0)
