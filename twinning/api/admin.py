from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from twinning.admin_site import ReferenceAdmin, admin_site
from twinning.api.models import ApiToken


@admin.action(description=_("Revoke the selected tokens"))
def revoke(modeladmin, request, queryset) -> None:
    queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


class ApiTokenAdmin(ReferenceAdmin):
    """Administrators see who holds which token and may revoke one (a leaked secret); they
    never see a secret, which is not stored, and create no token for anyone else."""

    list_display = [
        "name",
        "user",
        "prefix",
        "scope",
        "personal_data",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["scope", "personal_data"]
    search_fields = ["name", "prefix", "user__username"]
    readonly_fields = [f.name for f in ApiToken._meta.fields]
    actions = [revoke]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


admin_site.register(ApiToken, ApiTokenAdmin)
