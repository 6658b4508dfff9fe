from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LocksConfig(AppConfig):
    name = "twinning.locks"
    verbose_name = _("Year locks")

    def ready(self):
        from twinning.locks import signals

        signals.connect()
