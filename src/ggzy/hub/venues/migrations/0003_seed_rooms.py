"""The rooms of the Shanghai centre and two branches (场所提供, plan 四.4)."""

from django.db import migrations

from ggzy.hub.venues.room_data import ROOMS, install_rooms


def seed(apps, schema_editor):
    install_rooms(apps.get_model("venues", "Room"))


def unseed(apps, schema_editor):
    apps.get_model("venues", "Room").objects.filter(code__in=[r[0] for r in ROOMS], bookings__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("venues", "0002_booking_no_overlap_postgres")]

    operations = [migrations.RunPython(seed, unseed)]
