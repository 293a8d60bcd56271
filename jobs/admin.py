from django.contrib import admin

from jobs.models import OutboxTask


@admin.register(OutboxTask)
class OutboxTaskAdmin(admin.ModelAdmin):
    list_display = ["task", "created_at", "attempts", "last_error"]
    readonly_fields = ["task", "args", "kwargs", "created_at", "attempts", "last_error"]
