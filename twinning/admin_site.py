"""Django's admin, for reference data only and for administrators only.

Personal data (named recipients) is not registered here: it is reached only through the pages
that log every view.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from twinning import access


class TwinningAdminSite(admin.AdminSite):
    site_header = _("Twinning administration")
    site_title = _("Twinning administration")
    index_title = _("Reference data")

    def has_permission(self, request):
        return bool(request.user.is_active and access.is_administrator(request.user))


admin_site = TwinningAdminSite(name="admin")


class ReferenceAdmin(admin.ModelAdmin):
    """A model admin that administrators (the role, not only superusers) may use fully."""

    def has_module_permission(self, request):
        return access.is_administrator(request.user)

    def has_view_permission(self, request, obj=None):
        return access.is_administrator(request.user)

    def has_add_permission(self, request):
        return access.is_administrator(request.user)

    def has_change_permission(self, request, obj=None):
        return access.is_administrator(request.user)

    def has_delete_permission(self, request, obj=None):
        return access.is_administrator(request.user)
