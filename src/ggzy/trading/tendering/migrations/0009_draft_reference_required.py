"""Finding 8, second step (own migration so PostgreSQL applies the constraint after the data update)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("tendering", "0008_codes_assigned_at_publication")]

    operations = [
        migrations.AlterField(
            model_name="tender",
            name="draft_ref",
            field=models.CharField(max_length=20, unique=True, verbose_name="草稿编号（内部）"),
        ),
    ]
