"""Django admin for brokerage's reference list: the RAS bands administrators keep. The records
about people are reached only through the pages and API (scoped, access-logged via carers)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from brokerage.models import RasBand


@admin.register(RasBand)
class RasBandAdmin(SimpleHistoryAdmin):
    list_display = ["name", "indicative_weekly_amount", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
