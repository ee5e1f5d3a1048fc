"""Finding 8: drafts take no public project serial. Codes become nullable (assigned at publication) and every
tender gets an internal draft reference; existing tenders get one derived from their id."""

from django.db import migrations, models


def fill_draft_refs(apps, schema_editor):
    Tender = apps.get_model("tendering", "Tender")
    for pk in Tender.objects.filter(draft_ref__isnull=True).values_list("pk", flat=True).iterator():
        # "L" is not a hex digit: never equal to a random reference (DRAFT- + 10 hex digits).
        Tender.objects.filter(pk=pk).update(draft_ref=f"DRAFT-L{pk:09d}")


class Migration(migrations.Migration):
    dependencies = [("tendering", "0007_envelope_as_text")]

    operations = [
        migrations.AlterField(
            model_name="tradingproject",
            name="code",
            field=models.CharField(
                blank=True, max_length=17, null=True, unique=True, verbose_name="项目编号"
            ),
        ),
        migrations.AlterField(
            model_name="tender",
            name="code",
            field=models.CharField(
                blank=True, max_length=20, null=True, unique=True, verbose_name="招标项目编号"
            ),
        ),
        migrations.AlterField(
            model_name="section",
            name="code",
            field=models.CharField(
                blank=True, max_length=23, null=True, unique=True, verbose_name="标段编号"
            ),
        ),
        migrations.AddField(
            model_name="tender",
            name="draft_ref",
            field=models.CharField(max_length=20, null=True, verbose_name="草稿编号（内部）"),
        ),
        migrations.RunPython(fill_draft_refs, migrations.RunPython.noop),
    ]
