from django.contrib import admin

from memoria.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Lists and revokes tokens. Tokens are issued by `memoria api-token USERNAME`,
    the only place the secret is ever shown, so the admin cannot add one."""

    list_display = ["user", "name", "prefix", "created_at", "last_used_at"]
    list_filter = ["user"]
    search_fields = ["user__username", "name", "prefix"]
    readonly_fields = ["user", "prefix", "created_at", "last_used_at"]
    fields = ["user", "name", "prefix", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False
