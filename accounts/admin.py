from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import Area, Organisation, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "first_name", "last_name", "organisation", "is_active"]
    list_filter = ["groups", "organisation", "is_active"]
    fieldsets = [*DjangoUserAdmin.fieldsets, ("Organisation", {"fields": ["organisation", "job_title"]})]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]


@admin.register(Area)
class AreaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "level", "parent", "council"]
    list_filter = ["level"]
    search_fields = ["name"]
