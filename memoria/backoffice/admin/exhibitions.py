from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline

from memoria.backoffice.admin.common import CitationInline, CuratorAdmin
from memoria.exhibitions.models import Entry, Exhibition, Section
from memoria.labels.admin_views import print_qr_labels


class SectionInline(TranslationTabularInline):
    model = Section
    extra = 0
    fields = ("position", "title", "slug", "is_published")
    prepopulated_fields = {"slug": ("title_en",)}
    show_change_link = True
    verbose_name_plural = _("sections — halls, stands, themes (open one to arrange its entries)")


class EntryInline(TranslationStackedInline):
    model = Entry
    extra = 0
    fields = (("position", "item", "person"), "caption", "text")
    autocomplete_fields = ("item", "person")


@admin.register(Exhibition)
class ExhibitionAdmin(CuratorAdmin):
    list_display = ("__str__", "venue", "opening_date", "is_featured", "is_published")
    list_filter = ("is_published", "is_featured")
    search_fields = ("title_kk", "title_ru", "title_en", "title_fr")
    prepopulated_fields = {"slug": ("title_en",)}
    autocomplete_fields = ("place", "opening_event")
    inlines = [SectionInline, CitationInline]
    fields = ("title", "slug", "subtitle", "venue", "hall", "place", "opening_date",
              "opening_event", "introduction", "is_featured", "is_published", "external_id")


@admin.register(Section)
class SectionAdmin(CuratorAdmin):
    actions = [*CuratorAdmin.actions, print_qr_labels]
    list_display = ("__str__", "exhibition", "position", "is_published")
    list_filter = ("is_published", "exhibition")
    search_fields = ("title_kk", "title_ru", "title_en", "title_fr")
    prepopulated_fields = {"slug": ("title_en",)}
    inlines = [EntryInline, CitationInline]
    fields = ("exhibition", "position", "title", "slug", "caption", "is_published", "external_id")
