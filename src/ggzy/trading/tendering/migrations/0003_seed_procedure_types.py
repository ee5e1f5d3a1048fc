from django.db import migrations


def seed(apps, schema_editor):
    from ggzy.trading.tendering.procedure_data import seed_procedure_types

    seed_procedure_types(apps.get_model("tendering", "ProcedureType"))


class Migration(migrations.Migration):
    dependencies = [("tendering", "0002_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
