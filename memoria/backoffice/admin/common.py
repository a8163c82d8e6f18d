"""What every curator-facing admin shares: history, translations, publishing — through the actions."""

from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from memoria.archive.models import Media
from memoria.archive.services import media_save
from memoria.backoffice.admin import conflicts
from memoria.backoffice.admin.versions import (
    opened_version,
    versioned_inline,
    with_opened_version,
    with_version_field,
)
from memoria.core import services
from memoria.core.errors import NotFound, VersionConflict
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
    try:
        count = services.publish(queryset, True, request.user)
    except ValidationError as error:  # nothing was published: the action is one transaction
        modeladmin.message_user(request, " ".join(error.messages), messages.ERROR)
        return
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


def save_by_actions(obj, user, version: str | None = None) -> None:
    """A record whose form has validated it (clean=False): a file gets its derivatives.

    `version` is the one the form was opened at: the actions refuse the save if the stored
    record has moved on (someone else saved it meanwhile).
    """
    if isinstance(obj, Media):
        if version is not None and obj.pk:
            services.check_unchanged(obj, version)  # media_save itself takes no version
        media_save(obj, user, clean=False)
    else:
        services.save(obj, user, clean=False, version=version)


class ActionsAdmin(admin.ModelAdmin):
    """Saves, deletes and inline rows go through the domain actions, in the admin's transaction.

    Every change form and inline row carries the version it was opened at (versions.py); a save
    over a newer one is refused by the actions and answered with the conflict page (conflicts.py).
    """

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        self.form = with_opened_version(self.form)

    def get_fieldsets(self, request, obj=None):
        return with_version_field(super().get_fieldsets(request, obj))

    def get_inlines(self, request, obj):
        return [versioned_inline(inline) for inline in super().get_inlines(request, obj)]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (VersionConflict, NotFound):  # NotFound: a row deleted while this save waited for it
            return conflicts.response(self, request, object_id, form_url)

    def save_model(self, request, obj, form, change):
        save_by_actions(obj, request.user, opened_version(form))

    def delete_model(self, request, obj):
        services.delete_record(obj, request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.delete_record(obj, request.user)

    def save_formset(self, request, form, formset, change):
        versions = {row.instance.pk: opened_version(row) for row in formset.initial_forms if row.instance.pk}
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            services.delete_record(obj, request.user, version=versions.get(obj.pk))
        for obj in instances:
            save_by_actions(obj, request.user, versions.get(obj.pk))
        formset.save_m2m()


class CuratorAdmin(ActionsAdmin, SimpleHistoryAdmin, TabbedTranslationAdmin):
    """A record with translated fields, history, citations and publishing."""

    actions = [publish, unpublish]
    list_per_page = 50
    save_on_top = True
    readonly_fields = ("created_at", "updated_at")
    class Media: css = {"all": ["backoffice/layout.css"]}  # noqa: RUF012  inline tables fit the window

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Reverting to an old version: refused, like any save, if the record changed meanwhile."""
        try:
            return super().history_form_view(request, object_id, version_id, extra_context)
        except VersionConflict:
            messages.error(request, _("Someone else saved this record after you opened this page; "
                                      "nothing was reverted. Look at its history again."))
            return HttpResponseRedirect(request.path)
