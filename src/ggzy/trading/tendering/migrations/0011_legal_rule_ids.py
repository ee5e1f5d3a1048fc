"""Procedure types refer to legal rule ids (ggzy.core.legal_rules); GP has a result notice after the award
instead of a pre-award publicity (87号令69); tenders record whether state funds control them (条例55)."""

from django.db import migrations, models


def reseed(apps, schema_editor):
    from ggzy.trading.tendering.procedure_data import seed_procedure_types

    seed_procedure_types(apps.get_model("tendering", "ProcedureType"))


class Migration(migrations.Migration):
    dependencies = [("tendering", "0010_retracted_envelopes_in_files")]

    operations = [
        migrations.AddField(
            model_name="tender",
            name="state_funded",
            field=models.BooleanField(default=False, verbose_name="国有资金占控股或者主导地位"),
        ),
        migrations.RunPython(reseed, migrations.RunPython.noop),
    ]
