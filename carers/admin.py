"""Django admin for the carers reference lists that administrators extend (contact reasons,
condition categories, familiar forms of first names). Carers' personal records are deliberately
not here: they are opened only through the pages and API, which write the access log."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from carers.models import ConditionCategory, ContactReason, FirstNameForm


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


@admin.register(FirstNameForm)
class FirstNameFormAdmin(admin.ModelAdmin):
    """The familiar forms the carer search knows: "Bill" finds William (and "William" finds Bill)."""

    list_display = ["familiar", "formal"]
    search_fields = ["familiar", "formal"]
