"""The reference data's change marker, created with the database: its token then holds the time
this database was made, so a cache shared with another database (or with this one before it was
rebuilt) never serves a commune profile built from other data. Twinnings' markers need no such
row: their fragments' keys hold the twinning's creation time."""

from django.db import migrations
from django.utils import timezone


def create_marker(apps, schema_editor):
    ChangeMarker = apps.get_model("core", "ChangeMarker")
    ChangeMarker.objects.get_or_create(
        scope="reference", defaults={"changes": 0, "changed_at": timezone.now()}
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0003_change_marker")]

    operations = [migrations.RunPython(create_marker, migrations.RunPython.noop)]
