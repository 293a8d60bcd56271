"""Django admin for the commissioning reference lists that administrators extend (service lines,
delivery methods)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from commissioning.models import DeliveryMethod, ServiceLine


@admin.register(ServiceLine)
class ServiceLineAdmin(SimpleHistoryAdmin):
    list_display = ["name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]


@admin.register(DeliveryMethod)
class DeliveryMethodAdmin(SimpleHistoryAdmin):
    list_display = ["name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
