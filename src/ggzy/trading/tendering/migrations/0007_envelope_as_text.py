from django.db import migrations, models


def external(apps, schema_editor):
    # Ciphertext gains little from TOAST compression and pglz over megabytes is slow: store it out of
    # line, uncompressed. PostgreSQL only; SQLite has no such setting.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('ALTER TABLE "tendering_bidenvelope" ALTER COLUMN "text" SET STORAGE EXTERNAL')


class Migration(migrations.Migration):
    """Envelope bytes as UTF-8 text (development data only existed before; no production bids)."""

    dependencies = [("tendering", "0006_result_notice")]

    operations = [
        migrations.RemoveField(model_name="bidenvelope", name="data"),
        migrations.AddField(model_name="bidenvelope", name="text",
                            field=models.TextField(default="", verbose_name="密文信封（JWE，原样）"),
                            preserve_default=False),
        migrations.RunPython(external, migrations.RunPython.noop),
    ]
