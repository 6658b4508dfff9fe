from twinning.admin_site import ReferenceAdmin, admin_site
from twinning.indicators.models import EthnicGroup, Indicator


class IndicatorAdmin(ReferenceAdmin):
    list_display = ["code", "name", "unit", "higher_is_better", "position"]
    search_fields = ["code", "name"]


class EthnicGroupAdmin(ReferenceAdmin):
    list_display = ["code", "name", "other_names"]
    search_fields = ["name", "other_names"]


admin_site.register(Indicator, IndicatorAdmin)
admin_site.register(EthnicGroup, EthnicGroupAdmin)
