"""Form widgets shared by the apps.

`FastSelect` renders a select in Python. Lists of people and org units hold hundreds of
options, and Django's one-template-per-option rendering then costs more than the whole
page's queries (the workstream list's filter form took 70 % of the page at scale 10).
The HTML is the same as Django's `Select`, escaping included.
"""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    @staticmethod
    def _option(value, label, selected: set[str]) -> str:
        value = "" if value is None else str(value)
        flag = " selected" if value in selected else ""
        escaped = conditional_escape(value)
        return f'<option value="{escaped}"{flag}>{conditional_escape(label)}</option>'

    def _plain_choices(self):
        choices = self.choices
        if not isinstance(choices, ModelChoiceIterator):
            return choices
        # One plain SELECT: ModelChoiceIterator reads through QuerySet.iterator(), which on
        # PostgreSQL opens a server-side cursor (three round trips instead of one).
        field = choices.field
        rows = [
            (field.prepare_value(obj), field.label_from_instance(obj)) for obj in field.queryset
        ]
        return [("", field.empty_label), *rows] if field.empty_label is not None else rows

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        selected = {str(v) for v in self.format_value(value)}  # one value at most
        parts = []
        for value_or_group, label_or_options in self._plain_choices():
            if isinstance(label_or_options, (list, tuple)):
                options = "".join(self._option(v, lbl, selected) for v, lbl in label_or_options)
                parts.append(
                    f'<optgroup label="{conditional_escape(value_or_group)}">{options}</optgroup>'
                )
            else:
                parts.append(self._option(value_or_group, label_or_options, selected))
        # Every value and label above went through conditional_escape.
        opening = f'<select name="{conditional_escape(name)}"{flatatt(final_attrs)}>'
        return mark_safe(f"{opening}{''.join(parts)}</select>")  # noqa: S308
