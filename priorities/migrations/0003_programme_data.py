"""Put the rows that existed before programmes were data into one programme.

The domains and mandate priorities go to one mandate; the priorities to one active
programme of the commune, whose components are the four that were hard-coded choices
(the workstreams' migration points each workstream at its component). A database without
any row (a fresh install, the tests) gets nothing: its programmes are created by people.
"""

import datetime as dt

from django.db import migrations
from django.utils.translation import gettext as _

# The hard-coded choices this migration replaces, as they were.
OLD_COMPONENTS = [
    ("governance", "Gouvernance interne"),
    ("organisation", "Organisation des services"),
    ("internal_communication", "Communication interne"),
    ("information_system", "Système d'information"),
]


def forwards(apps, schema_editor):
    Commune = apps.get_model("organisation", "Commune")
    Domain = apps.get_model("priorities", "Domain")
    MandatePriority = apps.get_model("priorities", "MandatePriority")
    Priority = apps.get_model("priorities", "Priority")
    Mandate = apps.get_model("priorities", "Mandate")
    Programme = apps.get_model("priorities", "Programme")
    Component = apps.get_model("priorities", "Component")
    if not (
        Domain.objects.exists() or MandatePriority.objects.exists() or Priority.objects.exists()
    ):
        return
    Workstream = apps.get_model("workstreams", "Workstream")
    first = (
        Workstream.objects.exclude(start_date=None)
        .order_by("start_date")
        .values_list("start_date", flat=True)
        .first()
        or dt.date.today()
    )
    mandate = Mandate.objects.create(name=_("Mandat"), start_date=first)
    for model in (Domain, MandatePriority):
        model.objects.update(mandate=mandate)
        apps.get_model("priorities", f"Historical{model.__name__}").objects.update(mandate=mandate)
    if not Priority.objects.exists():
        return
    commune = Commune.objects.first() or Commune.objects.create(name=_("Commune"))
    programme = Programme.objects.create(
        name=_("Programme"),
        short_name=_("Programme"),
        slug="programme",
        commune=commune,
        mandate=mandate,
        start_date=first,
        state="active",
    )
    programme.framework_documents.set(
        apps.get_model("priorities", "FrameworkDocument").objects.all()
    )
    for order, (code, name) in enumerate(OLD_COMPONENTS, start=1):
        Component.objects.create(programme=programme, code=code, name=name, order=order)
    Priority.objects.update(programme=programme)
    apps.get_model("priorities", "HistoricalPriority").objects.update(programme=programme)


def backwards(apps, schema_editor):
    # The rows go back to having no programme; the programme, its components and the
    # mandate are removed (the previous schema had none of them).
    for name in ("Priority", "HistoricalPriority"):
        apps.get_model("priorities", name).objects.update(programme=None)
    for name in ("Domain", "HistoricalDomain", "MandatePriority", "HistoricalMandatePriority"):
        apps.get_model("priorities", name).objects.update(mandate=None)
    # Raw deletes: nothing refers to these rows any more, and the tables (and their
    # history tables) go away with the previous migration's reversal.
    Programme = apps.get_model("priorities", "Programme")
    alias = schema_editor.connection.alias
    for model in (
        apps.get_model("priorities", "Component"),
        Programme.framework_documents.through,
        Programme,
        apps.get_model("priorities", "Mandate"),
    ):
        model.objects.using(alias).all()._raw_delete(alias)


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0003_commune"),
        ("priorities", "0002_programmes"),
        ("workstreams", "0003_workstream_stored_status"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
