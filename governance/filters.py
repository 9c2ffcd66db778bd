"""The decision register's filters, shared by the page and its export. The GET names
(`follow_up`, `kind`, `body`) are the register's stable interface."""

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

    class Meta:
        model = Decision
        fields = ["follow_up", "kind", "body"]
