"""How Cap draws its forms (settings.FORM_RENDERER): Django's own widgets, drawn from the
Jinja2 copies of their templates that Django ships; everything else (errors, labels, the
admin's widgets) from Django's templates as before.

The markup is Django's and the templates are Django's: only the engine that runs the
widget templates differs. A select of a few hundred options (the people of the activity
feed's filter, the directions of the workstream list) costs half in compiled Jinja2 what
one Django-language include per option costs: 5.6 against 11.4 ms of CPU for 280 options
(docs/performance.md).
"""

from django.forms.renderers import DjangoTemplates, Jinja2

WIDGET_TEMPLATES = "django/forms/widgets/"
# Django's templates that Cap draws from a copy of its own: the same markup, less work.
# A select writes its options in place instead of including a template per option.
OWN_COPIES = {"django/forms/widgets/select.html": "core/forms/select.html"}


class FormRenderer(DjangoTemplates):
    widgets = Jinja2()

    def get_template(self, template_name):
        if template_name.startswith(WIDGET_TEMPLATES):
            return self.widgets.get_template(OWN_COPIES.get(template_name, template_name))
        return super().get_template(template_name)
