from twinning.admin_site import ReferenceAdmin, admin_site
from twinning.geo.models import AdminChange, AdminUnit


class AdminUnitAdmin(ReferenceAdmin):
    list_display = ["code", "type_name", "name", "level", "parent", "valid_from", "valid_until"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]


class AdminChangeAdmin(ReferenceAdmin):
    list_display = ["effective_on", "kind", "legal_reference"]
    filter_horizontal = ["units_before", "units_after"]


admin_site.register(AdminUnit, AdminUnitAdmin)
admin_site.register(AdminChange, AdminChangeAdmin)
