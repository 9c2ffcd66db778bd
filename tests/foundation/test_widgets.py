"""core.widgets.FastSelect writes the HTML Django's Select writes, without its templates."""

import pytest
from django import forms
from django.test.html import parse_html

from core.widgets import FastSelect
from organisation.models import OrgUnit

CHOICES = [
    ("", "Tous"),
    ("a", "Alpha & <Oméga>"),
    ("b\"'", "Guillemets"),
    ("Groupe <1>", [("c", "Gamma"), ("d", "Delta")]),
]


@pytest.mark.parametrize("value", [None, "", "a", "b\"'", "d", "inconnu"])
def test_a_single_select_matches_djangos(value):
    attrs = {"id": "id_x", "class": "wide", "aria-describedby": "x-help"}
    expected = forms.Select(choices=CHOICES).render("x", value, attrs=attrs)
    actual = FastSelect(choices=CHOICES).render("x", value, attrs=attrs)
    assert parse_html(actual) == parse_html(expected)
    assert "<Oméga>" not in actual and "&lt;Oméga&gt;" in actual


@pytest.mark.django_db
def test_a_model_choice_field_renders_its_queryset_with_one_plain_query(
    django_assert_num_queries,
):
    first = OrgUnit.objects.create(name="Direction <générale>", acronym="DG", kind="direction")
    OrgUnit.objects.create(name="Finances", acronym="DF", kind="direction")
    queryset = OrgUnit.objects.order_by("name")

    class Form(forms.Form):
        unit = forms.ModelChoiceField(queryset=queryset, empty_label="Toutes")
        fast = forms.ModelChoiceField(queryset=queryset, empty_label="Toutes", widget=FastSelect)

    form = Form(initial={"unit": first.pk, "fast": first.pk})
    expected = str(form["unit"]).replace('"unit"', '"fast"').replace('"id_unit"', '"id_fast"')
    with django_assert_num_queries(1):
        actual = str(form["fast"])
    assert parse_html(actual) == parse_html(expected)
    assert f'<option value="{first.pk}" selected>' in actual
