from django.contrib import admin

from memoria.backoffice.admin.common import CuratorAdmin
from memoria.sources.models import Source


@admin.register(Source)
class SourceAdmin(CuratorAdmin):
    change_list_template = "admin/texts/source_change_list.html"  # with the Import and the text links
    list_display = ("__str__", "kind", "publisher", "date", "is_published")
    list_filter = ("is_published", "kind")
    search_fields = ("title_kk", "title_ru", "title_en", "title_fr", "author", "url",
                     "archive_reference")
    fields = ("kind", "title", "author", "publisher", "date", "url", "language",
              "archive_reference", "note", "is_published", "external_id")
