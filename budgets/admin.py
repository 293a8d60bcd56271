"""Django admin for the funding streams administrators extend."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from budgets.models import FundingStream


@admin.register(FundingStream)
class FundingStreamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
