from twinning.admin_site import ReferenceAdmin, admin_site
from twinning.sources.models import Source


class SourceAdmin(ReferenceAdmin):
    list_display = ["title", "kind", "publisher", "published_on", "language"]
    search_fields = ["title", "publisher"]


admin_site.register(Source, SourceAdmin)
