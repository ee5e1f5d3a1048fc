from django.db import migrations


def seed(apps, schema_editor):
    from ggzy.core.calendar_data import seed_package_days

    seed_package_days(apps.get_model("core", "CalendarDay"))


class Migration(migrations.Migration):
    """Fill core.CalendarDay from chinese-calendar so every database (tests included) knows the holidays."""

    dependencies = [("core", "0003_calendar_day")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
