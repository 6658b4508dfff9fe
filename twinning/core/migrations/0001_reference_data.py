from django.db import migrations


def load(apps, schema_editor):
    from twinning.indicators.reference import load_reference_data

    load_reference_data(apps.get_model("indicators", "EthnicGroup"), apps.get_model("indicators", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
