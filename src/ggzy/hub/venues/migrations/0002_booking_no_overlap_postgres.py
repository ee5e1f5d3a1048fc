"""PostgreSQL: no two pending/confirmed bookings of one room overlap, guaranteed by an exclusion constraint
(btree_gist for ``room_id WITH =``). SQLite has no such constraint: there the booking service checks under
the database's single write lock (``services.booking_create``)."""

from django.db import migrations

CONSTRAINT = "venues_booking_no_overlap"

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    f"""ALTER TABLE venues_booking ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist (
        room_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&
    ) WHERE (status IN ('pending', 'confirmed'))""",
]
DROP = [f"ALTER TABLE venues_booking DROP CONSTRAINT IF EXISTS {CONSTRAINT}"]


def _on_postgres(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("venues", "0001_rooms_bookings_witness")]

    operations = [migrations.RunPython(_on_postgres(CREATE), _on_postgres(DROP), elidable=False)]
