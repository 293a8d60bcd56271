"""Django admin for the carers reference lists that administrators extend (contact reasons,
condition categories). Carers' personal records are deliberately not here: they are opened only
through the pages and API, which write the access log."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from carers.models import ConditionCategory, ContactReason


@admin.register(ContactReason)
class ContactReasonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]


@admin.register(ConditionCategory)
class ConditionCategoryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
