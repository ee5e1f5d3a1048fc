"""Drop the index on AuditRecord.action (one page less written per audited change).

Done as plain DROP INDEX: an AlterField would make SQLite rebuild the table, which drops the
append-only triggers of 0005.
"""

from django.db import migrations, models

INDEX = "core_auditrecord_action_481130f3"


def _drop(apps, schema_editor):
    schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"', params=None)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}_like"', params=None)


def _create(apps, schema_editor):
    schema_editor.execute(f'CREATE INDEX "{INDEX}" ON "core_auditrecord" ("action")', params=None)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX "{INDEX}_like" ON "core_auditrecord" ("action" varchar_pattern_ops)', params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_audit_append_only"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="auditrecord",
                    name="action",
                    field=models.CharField(max_length=80, verbose_name="操作"),
                ),
            ],
            database_operations=[migrations.RunPython(_drop, _create)],
        ),
    ]
