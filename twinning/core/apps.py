from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "twinning.core"
    verbose_name = _("Core")

    def ready(self):
        from django.apps import apps

        from twinning.core import checks, markers  # noqa: F401 (checks registers itself)
        from twinning.core.choices import speed_up_choice_displays
        from twinning.core.text import register_sqlite_collation

        # What cached page fragments are keyed by: touched on every write to their data.
        markers.connect()
        # Choice labels looked up once per language (Django rebuilds them on every call).
        speed_up_choice_displays(
            model for model in apps.get_models() if model.__module__.startswith("twinning.")
        )

        # Vietnamese dictionary order on SQLite (PostgreSQL has it from ICU).
        connection_created.connect(register_sqlite_collation, dispatch_uid="twinning_vn_collation")
