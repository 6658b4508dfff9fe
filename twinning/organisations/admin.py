from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from twinning.admin_site import ReferenceAdmin, admin_site
from twinning.organisations.models import Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


class OrganisationAdmin(ReferenceAdmin):
    list_display = ["name", "short_name", "kind", "admin_unit", "tax_code", "succeeded_by"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "tax_code"]
    autocomplete_fields = ["admin_unit", "succeeded_by"]


class TwinningUserAdmin(ReferenceAdmin, UserAdmin):
    inlines = [MembershipInline]


admin_site.register(Organisation, OrganisationAdmin)
admin_site.register(get_user_model(), TwinningUserAdmin)
