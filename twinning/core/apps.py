from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "twinning.core"
    verbose_name = _("Core")

    def ready(self):
        from twinning.core.text import register_sqlite_collation

        # Vietnamese dictionary order on SQLite (PostgreSQL has it from ICU).
        connection_created.connect(register_sqlite_collation, dispatch_uid="twinning_vn_collation")
