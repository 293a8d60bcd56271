"""Django admin for the consultation themes administrators keep (key messages are tagged with them)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from consultations.models import Theme


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
