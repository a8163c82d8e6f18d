"""What every curator-facing admin shares: history, translations, publishing — through the actions."""

from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from memoria.archive.models import Media
from memoria.archive.services import media_save
from memoria.core import services
from memoria.sources.models import Citation


class CitationInline(GenericTabularInline):
    model = Citation
    extra = 0
    fields = ("source", "field", "locator", "quote")
    autocomplete_fields = ("source",)
    verbose_name = _("citation")
    verbose_name_plural = _("citations — the sources of this record's facts")


@admin.action(description=_("Publish the selected records"), permissions=["change"])
def publish(modeladmin, request, queryset):
    count = services.publish(queryset, True, request.user)
    modeladmin.message_user(
        request, ngettext("%d record published.", "%d records published.", count) % count,
        messages.SUCCESS,
    )


@admin.action(description=_("Unpublish the selected records"), permissions=["change"])
def unpublish(modeladmin, request, queryset):
    count = services.publish(queryset, False, request.user)
    modeladmin.message_user(
        request, ngettext("%d record unpublished.", "%d records unpublished.", count) % count,
        messages.SUCCESS,
    )


def save_by_actions(obj, user) -> None:
    """A record whose form has validated it (clean=False): a file gets its derivatives."""
    if isinstance(obj, Media):
        media_save(obj, user, clean=False)
    else:
        services.save(obj, user, clean=False)


class ActionsAdmin(admin.ModelAdmin):
    """Saves, deletes and inline rows go through the domain actions, in the admin's transaction."""

    def save_model(self, request, obj, form, change):
        save_by_actions(obj, request.user)

    def delete_model(self, request, obj):
        services.delete_record(obj, request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.delete_record(obj, request.user)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            services.delete_record(obj, request.user)
        for obj in instances:
            save_by_actions(obj, request.user)
        formset.save_m2m()


class CuratorAdmin(ActionsAdmin, SimpleHistoryAdmin, TabbedTranslationAdmin):
    """A record with translated fields, history, citations and publishing."""

    actions = [publish, unpublish]
    list_per_page = 50
    save_on_top = True
    readonly_fields = ("created_at", "updated_at")
