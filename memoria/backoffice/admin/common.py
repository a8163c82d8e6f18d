"""What every curator-facing admin shares: history, translations, publishing."""

from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from memoria.sources.models import Citation


class CitationInline(GenericTabularInline):
    model = Citation
    extra = 0
    fields = ("source", "field", "locator", "quote")
    autocomplete_fields = ("source",)
    verbose_name = _("citation")
    verbose_name_plural = _("citations — the sources of this record's facts")


def _set_published(queryset, value: bool) -> int:
    """Save one by one (not queryset.update) so that history records each change."""
    changed = 0
    for obj in queryset.exclude(is_published=value):
        obj.is_published = value
        obj.save()
        changed += 1
    return changed


@admin.action(description=_("Publish the selected records"), permissions=["change"])
def publish(modeladmin, request, queryset):
    count = _set_published(queryset, True)
    modeladmin.message_user(
        request, ngettext("%d record published.", "%d records published.", count) % count,
        messages.SUCCESS,
    )


@admin.action(description=_("Unpublish the selected records"), permissions=["change"])
def unpublish(modeladmin, request, queryset):
    count = _set_published(queryset, False)
    modeladmin.message_user(
        request, ngettext("%d record unpublished.", "%d records unpublished.", count) % count,
        messages.SUCCESS,
    )


class CuratorAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    """A record with translated fields, history, citations and publishing."""

    actions = [publish, unpublish]
    list_per_page = 50
    save_on_top = True
    readonly_fields = ("created_at", "updated_at")
