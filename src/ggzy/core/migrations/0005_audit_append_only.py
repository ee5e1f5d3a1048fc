"""Append-only audit tables: triggers reject UPDATE and DELETE (docs/adr/0001-audit-chain.md).

PostgreSQL: TRUNCATE is not blocked here (it fires no row trigger, and Django's test flush uses it);
production revokes TRUNCATE from the application role instead (docs/audit.md).
"""

from django.db import migrations

TABLES = ("core_auditrecord", "core_auditseal")

SQLITE_FORWARD = [
    sql
    for table in TABLES
    for sql in (
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, 'ggzy: {table} is append-only (UPDATE rejected)'); END;",
        f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, 'ggzy: {table} is append-only (DELETE rejected)'); END;",
    )
]
SQLITE_REVERSE = [f"DROP TRIGGER IF EXISTS {t}_{k};" for t in TABLES for k in ("no_update", "no_delete")]

PG_FORWARD = [
    """
    CREATE OR REPLACE FUNCTION ggzy_audit_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'ggzy: % is append-only (% rejected)', TG_TABLE_NAME, TG_OP
            USING ERRCODE = 'integrity_constraint_violation';
    END
    $$ LANGUAGE plpgsql;
    """,
    *[
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION ggzy_audit_append_only();"
        for table in TABLES
    ],
]
PG_REVERSE = [
    *[f"DROP TRIGGER IF EXISTS {t}_append_only ON {t};" for t in TABLES],
    "DROP FUNCTION IF EXISTS ggzy_audit_append_only();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError(f"no append-only triggers for database {schema_editor.connection.vendor}")
        for sql in statements:
            schema_editor.execute(sql, params=None)  # None: "%" in the PL/pgSQL text is not a placeholder

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_audit_seal"),
    ]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": PG_FORWARD}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": PG_REVERSE}),
        ),
    ]
