"""On PostgreSQL, the database itself refuses a decision whose agenda item belongs to
another meeting: a two-column foreign key (agenda item, meeting) → the agenda item's
(id, meeting), which `governance_agendaitem_id_meeting_unique` makes a valid target.

Django cannot declare a foreign key over two columns, and SQLite cannot add a constraint to
an existing table, so this runs on PostgreSQL only; elsewhere `Decision.clean()` (called by
every service and the admin) is the guard. MATCH SIMPLE (the default) lets a decision
without an agenda item or without a meeting through, as the model allows.
"""

from django.db import migrations

CONSTRAINT = "governance_decision_agenda_item_in_meeting"


def add_foreign_key(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE governance_decision ADD CONSTRAINT {CONSTRAINT} "
        "FOREIGN KEY (agenda_item_id, meeting_id) "
        "REFERENCES governance_agendaitem (id, meeting_id) "
        "DEFERRABLE INITIALLY DEFERRED"
    )


def drop_foreign_key(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE governance_decision DROP CONSTRAINT {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("governance", "0002_decision_subjects_and_agenda_item_kind")]

    operations = [migrations.RunPython(add_foreign_key, drop_foreign_key)]
