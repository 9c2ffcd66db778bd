"""Each workstream (and its history rows) joins its priority's programme and points at the
component its old choice value named."""

from django.db import migrations


def forwards(apps, schema_editor):
    Component = apps.get_model("priorities", "Component")
    Priority = apps.get_model("priorities", "Priority")
    for name in ("Workstream", "HistoricalWorkstream"):
        model = apps.get_model("workstreams", name)
        for priority_id, programme_id in Priority.objects.values_list("pk", "programme_id"):
            model.objects.filter(priority_id=priority_id).update(programme_id=programme_id)
        for component in Component.objects.all():
            model.objects.filter(
                programme_id=component.programme_id, component=component.code
            ).update(component_ref=component)


def backwards(apps, schema_editor):
    Component = apps.get_model("priorities", "Component")
    for name in ("Workstream", "HistoricalWorkstream"):
        model = apps.get_model("workstreams", name)
        for component in Component.objects.all():
            model.objects.filter(component_ref=component).update(component=component.code)
        model.objects.update(programme=None, component_ref=None, carried_from=None)


class Migration(migrations.Migration):
    dependencies = [
        ("priorities", "0003_programme_data"),
        ("workstreams", "0004_workstream_programme"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
