"""Cap's form renderer draws Django's widgets from Django's Jinja2 templates, and a select
from a copy that writes its options in place: the markup must stay Django's, byte for byte."""

from django import forms
from django.forms.renderers import Jinja2

from core.forms import FormRenderer


class Disabled(forms.Select):
    """An option disabled, as a widget of a form may do (a boolean attribute)."""

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        if option["value"] == "b":
            option["attrs"]["disabled"] = True
        return option


WIDGETS = [
    (
        Disabled(
            choices=[("", "---------"), ("a", "Alpha & <b>"), ("b", 'Bêta "cité"'), ("c", "C")],
            attrs={"aria-describedby": "aide", "required": True},
        ),
        "c",
    ),
    (
        forms.Select(
            choices=[("Pôle Ressources", [("1", "RH"), ("2", "Finances")]), ("3", "Sans pôle")]
        ),
        "2",
    ),
    (forms.SelectMultiple(choices=[(str(n), f"Entité {n}") for n in range(5)]), ["1", "3"]),
    (forms.NullBooleanSelect(), True),
]


def test_a_select_is_drawn_exactly_as_djangos_own_templates_draw_it():
    ours, django = FormRenderer(), Jinja2()
    for widget, value in WIDGETS:
        drawn = widget.render("choix", value, {"id": "id_choix"}, renderer=ours)
        assert drawn == widget.render("choix", value, {"id": "id_choix"}, renderer=django)
        assert "<option" in drawn and " selected>" in drawn


def test_the_renderer_draws_a_select_from_its_own_copy_and_other_widgets_from_djangos():
    renderer = FormRenderer()
    select = renderer.get_template("django/forms/widgets/select.html")
    assert select.template.filename.endswith("core/jinja2/core/forms/select.html")
    text = renderer.get_template("django/forms/widgets/text.html")
    assert text.template.filename.endswith("django/forms/jinja2/django/forms/widgets/text.html")
