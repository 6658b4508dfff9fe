from django.urls import include, path

from twinning.accounts.language import set_language
from twinning.admin_site import admin_site
from twinning.api.api import api

urlpatterns = [
    path("admin/", admin_site.urls),
    # The switcher saves a signed-in user's choice; Django's view does the rest.
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("twinning.accounts.urls")),
    path("", include("twinning.programmes.urls")),
    path("", include("twinning.activities.urls")),
    path("", include("twinning.organisations.urls")),
    path("", include("twinning.indicators.urls")),
    path("", include("twinning.reports.urls")),
    path("", include("twinning.locks.urls")),
    path("", include("twinning.api.urls")),
    path("api/v1/", api.urls),
    path("", include("twinning.imports.urls")),
    path("public/", include("twinning.public.urls")),
    path("", include("twinning.iati.urls")),
    path("", include("twinning.reminders.urls")),
]
