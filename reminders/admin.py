"""Django admin: the record of every reminder sent or tried, for staff to see what failed
and why. Read-only: a sending is written only by the reminder run."""

from django.contrib import admin
from django.http import HttpRequest

from reminders.models import Sending


@admin.register(Sending)
class SendingAdmin(admin.ModelAdmin):
    list_display = ["user", "partnership", "kind", "action", "period", "status", "attempts"]
    list_filter = ["status", "kind", "partnership"]
    list_select_related = ["user", "partnership", "action"]
    search_fields = ["user__username", "user__email", "period"]
    readonly_fields = [f.name for f in Sending._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
