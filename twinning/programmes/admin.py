from twinning.admin_site import ReferenceAdmin, admin_site
from twinning.programmes.models import Programme


class ProgrammeAdmin(ReferenceAdmin):
    list_display = ["name", "province", "legal_reference", "start_year", "end_year"]
    search_fields = ["name"]
    autocomplete_fields = ["province", "coordinating_organisation"]


admin_site.register(Programme, ProgrammeAdmin)
