"""The ICU collation for Vietnamese dictionary order, on PostgreSQL where initdb did not create it.
SQLite gets it on every connection instead (core/text.py)."""

from django.db import migrations

from twinning.core.text import VN_COLLATION


def create_collation(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_collation WHERE collname = %s", [VN_COLLATION])
        if cursor.fetchone() is None:
            schema_editor.execute(
                f"CREATE COLLATION IF NOT EXISTS \"{VN_COLLATION}\" (provider = icu, locale = 'vi-VN')"
            )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_reference_data")]

    operations = [migrations.RunPython(create_collation, migrations.RunPython.noop)]
