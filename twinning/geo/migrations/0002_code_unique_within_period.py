"""Refuse two units of one level with the same code in overlapping periods, in the database.

Django cannot express this portably: PostgreSQL gets an exclusion constraint (btree_gist), SQLite
gets triggers that abort the INSERT or UPDATE. Both raise IntegrityError.

On SQLite, a later migration that rebuilds geo_adminunit drops the triggers: it must create them
again (geo/tests/test_constraints.py fails if they are missing).
"""

from django.db import migrations

SQLITE_CHECK = """
WHEN NEW.code <> '' AND EXISTS (
    SELECT 1 FROM geo_adminunit u
    WHERE u.level = NEW.level AND u.code = NEW.code AND u.id IS NOT NEW.id
      AND COALESCE(u.valid_from, '0001-01-01') <= COALESCE(NEW.valid_until, '9999-12-31')
      AND COALESCE(NEW.valid_from, '0001-01-01') <= COALESCE(u.valid_until, '9999-12-31'))
BEGIN SELECT RAISE(ABORT, 'geo_adminunit_code_unique_within_period'); END
"""


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        schema_editor.execute(
            "ALTER TABLE geo_adminunit ADD CONSTRAINT geo_adminunit_code_unique_within_period "
            "EXCLUDE USING gist (level WITH =, code WITH =, "
            "daterange(valid_from, valid_until, '[]') WITH &&) WHERE (code <> '')"
        )
    elif connection.vendor == "sqlite":
        for event in ("INSERT", "UPDATE"):
            schema_editor.execute(
                f"CREATE TRIGGER geo_adminunit_code_period_{event.lower()} "
                f"BEFORE {event} ON geo_adminunit {SQLITE_CHECK}"
            )


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE geo_adminunit DROP CONSTRAINT IF EXISTS geo_adminunit_code_unique_within_period"
        )
    elif connection.vendor == "sqlite":
        for event in ("insert", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS geo_adminunit_code_period_{event}")


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
