"""The back office of the archive: people, items, places, units, events and their relations."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from memoria.archive import models as m
from memoria.archive.forms import MediaForm
from memoria.archive.public_copy import describe_removed
from memoria.backoffice.admin.common import ActionsAdmin, CitationInline, CuratorAdmin
from memoria.duplicates.selectors import merges_into
from memoria.search import name_index
from memoria.search.people import find_people


def thumbnail_tag(media, size=120):
    if media and media.thumbnail:
        return format_html(
            '<img src="{}" alt="{}" style="max-width:{}px;max-height:{}px">',
            media.thumbnail.url, media.alt_text or "", size, size,
        )
    return "—"


class NameVariantInline(admin.TabularInline):
    model = m.NameVariant
    extra = 1
    fields = ("text", "script", "language", "kind")
    verbose_name_plural = _("name variants — every spelling of the name")


class MediaInline(TranslationTabularInline):
    model = m.Media
    form = MediaForm
    extra = 0
    fields = ("preview", "file", "original_name", "alt_text", "caption", "credit", "allow_download", "position",
              "public_copy")
    readonly_fields = ("preview", "original_name", "public_copy")

    @admin.display(description=_("preview"))
    def preview(self, obj):
        return thumbnail_tag(obj)

    @admin.display(description=_("public copy"))
    def public_copy(self, obj):
        """What visitors download instead of the master, and what was taken out of it."""
        if not obj.pk:
            return "—"
        if not obj.public_file:
            return _("Not made yet: run “memoria make-public-copies”. Until then visitors cannot download it.")
        removed = describe_removed(obj.public_copy_removed)
        return format_html(
            '<a href="{}">{}</a><br>{}', obj.public_file.url, _("Open the public copy"),
            _("Removed from the public copy: %(what)s.") % {"what": removed} if removed
            else _("Nothing personal was found in the file."),
        )


class ItemMediaInline(MediaInline):
    fk_name = "item"
    exclude = ("person",)


class PersonMediaInline(MediaInline):
    fk_name = "person"
    exclude = ("item",)


class MembershipInline(TranslationTabularInline):
    model = m.Membership
    extra = 0
    fields = ("person", "unit", "role", "date")
    autocomplete_fields = ("person", "unit")
    show_change_link = True  # the relation's own page carries its citations


class ParticipationInline(TranslationTabularInline):
    model = m.Participation
    extra = 0
    fields = ("event", "person", "unit", "role")
    autocomplete_fields = ("event", "person", "unit")
    show_change_link = True


class ItemPersonInline(admin.TabularInline):
    model = m.ItemPerson
    extra = 0
    fields = ("item", "person", "role")
    autocomplete_fields = ("item", "person")
    show_change_link = True


class ItemEventInline(admin.TabularInline):
    model = m.ItemEvent
    extra = 0
    fields = ("item", "event", "role")
    autocomplete_fields = ("item", "event")
    show_change_link = True


class ItemPlaceInline(admin.TabularInline):
    model = m.ItemPlace
    extra = 0
    fields = ("item", "place", "role")
    autocomplete_fields = ("item", "place")
    show_change_link = True


# The list offers the spreadsheet Import page too (memoria.imports).
IMPORTABLE_CHANGE_LIST = "admin/imports/importable_change_list.html"


def _same_names(matches):
    """The duplicate hint offers only the people whose names the search holds for the same
    (the matches of the public search), never the "less alike" ones."""
    return [match for match in matches if match.confident]


@admin.register(m.Person)
class PersonAdmin(CuratorAdmin):
    change_list_template = IMPORTABLE_CHANGE_LIST
    change_form_template = "admin/archive/person/change_form.html"
    list_display = ("__str__", "variants", "birth_date", "death_date", "is_published", "updated_at")
    list_filter = ("is_published", "sex", "memberships__unit")
    search_fields = ("name_kk", "name_ru", "name_en", "name_fr", "sort_name", "name_variants__text")
    autocomplete_fields = ("birth_place", "death_place")
    inlines = [NameVariantInline, MembershipInline, ParticipationInline, ItemPersonInline,
               PersonMediaInline, CitationInline]
    fieldsets = (
        (None, {"fields": ("name", "sort_name", "sex", "roles", "is_published")}),
        (_("Life"), {"fields": (("birth_date", "birth_place"), ("death_date", "death_place"))}),
        (_("Biography"), {"fields": ("biography",)}),
        (_("Record"), {"fields": ("external_id", "created_at", "updated_at"), "classes": ("collapse",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("name_variants")

    def get_urls(self):
        similar = self.admin_site.admin_view(self.similar_view)
        return [path("similar/", similar, name="archive_person_similar"), *super().get_urls()]

    def similar_view(self, request):
        """People who may be the same as the names being typed (the duplicate hint)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        names = [n for n in request.GET.getlist("name") if n.strip()][:12]
        exclude = request.GET.get("exclude")
        matches = _same_names(find_people(names, request.user, limit=8,
                                          exclude_person=int(exclude) if exclude and exclude.isdigit() else None))
        return JsonResponse({"people": [
            {"id": match.person.pk, "name": match.person.display_name().text,
             "matched": match.matched, "score": round(match.score, 3),
             "url": reverse("admin:archive_person_change", args=[match.person.pk])}
            for match in matches
        ]})

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:  # an existing person: the hint is computed on the server
            names = [v.text for v in obj.name_variants.all()] + list(name_index.display_names(obj))
            context["possible_duplicates"] = _same_names(
                find_people(names, request.user, limit=8, exclude_person=obj.pk))
            # The merges into this record, each with its undo; or the record this one was merged into.
            context["merges"] = merges_into(obj)
            context["merged_into"] = obj.merged_into
            context["can_undo_merge"] = request.user.has_perm("duplicates.change_candidatepair")
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description=_("spellings"))
    def variants(self, obj):
        return ", ".join(v.text for v in obj.name_variants.all())


@admin.register(m.Item)
class ItemAdmin(CuratorAdmin):
    change_list_template = IMPORTABLE_CHANGE_LIST
    list_display = ("inventory_number", "preview", "title", "kind", "date_made", "is_original",
                    "is_published", "updated_at")
    list_display_links = ("inventory_number", "title")
    list_filter = ("is_published", "kind", "is_original", "entries__section")
    search_fields = ("inventory_number", "title_kk", "title_ru", "title_en", "title_fr",
                     "description_en", "description_ru", "description_kk", "description_fr")
    inlines = [ItemPersonInline, ItemEventInline, ItemPlaceInline, ItemMediaInline, CitationInline]
    fieldsets = (
        (None, {"fields": ("inventory_number", "kind", "title", "is_published")}),
        (_("Description"), {"fields": ("description", "date_made", "origin", "material", "dimensions",
                                       "is_original", "provenance", "rights")}),
        (_("Transcription"), {"fields": ("transcription",), "classes": ("collapse",)}),
        (_("Record"), {"fields": ("external_id", "created_at", "updated_at"), "classes": ("collapse",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("media")

    @admin.display(description=_("image"))
    def preview(self, obj):
        media = next((x for x in obj.media.all() if x.thumbnail), None)
        return thumbnail_tag(media, 60)


@admin.register(m.Place)
class PlaceAdmin(CuratorAdmin):
    change_list_template = IMPORTABLE_CHANGE_LIST
    list_display = ("__str__", "latitude", "longitude", "is_published")
    list_filter = ("is_published",)
    search_fields = ("name_kk", "name_ru", "name_en", "name_fr")
    inlines = [CitationInline]
    fields = ("name", "description", ("latitude", "longitude"), "is_published", "external_id")


@admin.register(m.Unit)
class UnitAdmin(CuratorAdmin):
    change_list_template = IMPORTABLE_CHANGE_LIST
    list_display = ("__str__", "kind", "is_published")
    list_filter = ("is_published", "kind")
    search_fields = ("name_kk", "name_ru", "name_en", "name_fr")
    inlines = [MembershipInline, ParticipationInline, CitationInline]
    fields = ("name", "kind", "description", "is_published", "external_id")


@admin.register(m.Event)
class EventAdmin(CuratorAdmin):
    change_list_template = IMPORTABLE_CHANGE_LIST
    list_display = ("__str__", "kind", "date", "is_published")
    list_filter = ("is_published", "kind")
    search_fields = ("title_kk", "title_ru", "title_en", "title_fr")
    filter_horizontal = ("places",)
    inlines = [ParticipationInline, ItemEventInline, CitationInline]
    fields = ("title", "kind", "date", "places", "description", "is_published", "external_id")


class RelationAdmin(CuratorAdmin):
    """Relations are edited inline on their records; here they get their citations."""

    inlines = [CitationInline]
    actions = []

    def get_model_perms(self, request):
        return {}  # reachable from the inlines' change links, not listed on the index


for relation, search in (
    (m.Membership, ("person__name_en", "unit__name_en")),
    (m.Participation, ("person__name_en", "event__title_en")),
):
    admin.register(relation)(type(f"{relation.__name__}Admin", (RelationAdmin,),
                                  {"search_fields": search,
                                   "autocomplete_fields": [f for f in ("person", "unit", "event")
                                                           if hasattr(relation, f)]}))


class PlainRelationAdmin(ActionsAdmin):
    inlines = [CitationInline]

    def get_model_perms(self, request):
        return {}


for relation in (m.ItemPerson, m.ItemEvent, m.ItemPlace):
    admin.register(relation)(type(f"{relation.__name__}Admin", (PlainRelationAdmin,),
                                  {"autocomplete_fields": [f.name for f in relation._meta.fields
                                                           if f.is_relation and f.name != "id"]}))
