"""Exhibitions with their sections and entries.

    /exhibitions                 list; POST creates (slug, titles and introductions in 4 languages…)
    /exhibitions/{id}            one, with its visible sections and entries; PUT/PATCH/DELETE (If-Match)
    /exhibitions/{id}/publish    publish or unpublish as the admin's list action does (If-Match)
    /exhibitions/{id}/section-order   PUT the sections' new order (If-Match of the exhibition)
    /sections, /sections/{id}    sections (halls, stands, themes): the records' CRUD shape
    /sections/{id}/entry-order   PUT the entries' new order (If-Match of the section)
    /entries, /entries/{id}      an item, a person or a text panel on a section, with its caption

Who sees what is memoria.exhibitions.visibility's rule, as on the site.
"""

from django.db.models import Prefetch
from django.http import HttpResponse
from ninja import Field, Query, Router
from ninja.pagination import paginate

from memoria.api.auth import PUBLIC, token_auth
from memoria.api.crud import (
    ACTION_ERRORS, IF_MATCH, LIST_ERRORS, READ_ERRORS, Filters, Pages, as_recorded, kept_for_visitors,
    record_links, record_router, with_etag, write_routes,
)
from memoria.api.selectors import visible_record
from memoria.api.inputs import (
    EntryIn, EntryOrderIn, ExhibitionIn, RecordId, SectionIn, SectionOrderIn, declared_query_only,
)
from memoria.api.schemas import EntryDetailOut, ExhibitionDetailOut, ExhibitionOut, SectionDetailOut
from memoria.core import services
from memoria.core.visibility import visible
from memoria.exhibitions.models import Entry, Exhibition, Section
from memoria.exhibitions.services import entries_reorder, sections_reorder

router = Router(tags=["exhibitions"])


def _entries(user):
    return visible(Entry.objects.select_related("item", "person").order_by("position", "pk"), user)


def _sections(user):
    return Prefetch("sections", queryset=visible(Section.objects.order_by("position", "pk"), user)
                    .select_related("exhibition").prefetch_related(Prefetch("entries", queryset=_entries(user))))


def _exhibition_detail(user):
    return Exhibition.objects.select_related("place").prefetch_related(_sections(user))


@router.get("", response={200: list[ExhibitionOut], **LIST_ERRORS}, **PUBLIC,
            operation_id="exhibitions_list", summary="List exhibitions")
@kept_for_visitors
@paginate(Pages)
@declared_query_only(Filters, Pages.Input)
def list_exhibitions(request, query: Query[Filters]):
    return query.apply(visible(Exhibition.objects.select_related("place"), request.auth), request.auth)


@router.get("/{pk}", response={200: ExhibitionDetailOut, **READ_ERRORS}, auth=PUBLIC["auth"],
            openapi_extra={**PUBLIC["openapi_extra"], **record_links("exhibitions", 200)},
            operation_id="exhibitions_get", summary="One exhibition with its sections and entries")
def get_exhibition(request, pk: int, response: HttpResponse):
    return with_etag(response, visible_record(_exhibition_detail(request.auth), pk, request.auth))


write_routes(router, model=Exhibition, name="exhibitions", out=ExhibitionDetailOut, payload=ExhibitionIn,
             queryset=_exhibition_detail)


def _publish_routes(owner_router: Router, model, name: str, queryset, out) -> None:
    def route(value: bool, verb: str):
        @owner_router.post(f"/{{pk}}/{verb}", response={200: out, **ACTION_ERRORS}, auth=token_auth,
                           operation_id=f"{name}_{verb}", summary=f"{verb.title()} (as the admin's action does)")
        def change(request, pk: int, response: HttpResponse, if_match: str = IF_MATCH):
            obj = as_recorded(services.set_published, model, pk, value, request.auth, if_match)
            return with_etag(response, queryset(request.auth).get(pk=obj.pk))

    route(True, "publish")
    route(False, "unpublish")


_publish_routes(router, Exhibition, "exhibitions", _exhibition_detail, ExhibitionDetailOut)


@router.put("/{pk}/section-order", response={200: ExhibitionDetailOut, **ACTION_ERRORS}, auth=token_auth,
            operation_id="exhibitions_section_order", summary="Put the sections in a new order")
def order_sections(request, pk: int, body: SectionOrderIn, response: HttpResponse, if_match: str = IF_MATCH):
    as_recorded(sections_reorder, pk, body.section_ids, request.auth, if_match)
    return with_etag(response, _exhibition_detail(request.auth).get(pk=pk))


# --- Sections ------------------------------------------------------------------------


class SectionFilters(Filters):
    exhibition: RecordId | None = Field(None, description="Only the sections of this exhibition (its id).")

    def narrow(self, queryset, user):
        return queryset if self.exhibition is None else queryset.filter(exhibition_id=self.exhibition)


def _section_detail(user):
    return (Section.objects.select_related("exhibition").order_by("exhibition", "position", "pk")
            .prefetch_related(Prefetch("entries", queryset=_entries(user))))


sections = record_router(model=Section, name="sections", out=SectionDetailOut, payload=SectionIn,
                         filters=SectionFilters, queryset=_section_detail)
_publish_routes(sections, Section, "sections", _section_detail, SectionDetailOut)


@sections.put("/{pk}/entry-order", response={200: SectionDetailOut, **ACTION_ERRORS}, auth=token_auth,
              operation_id="sections_entry_order", summary="Put the entries in a new order")
def order_entries(request, pk: int, body: EntryOrderIn, response: HttpResponse, if_match: str = IF_MATCH):
    as_recorded(entries_reorder, pk, body.entry_ids, request.auth, if_match)
    return with_etag(response, _section_detail(request.auth).get(pk=pk))


# --- Entries -------------------------------------------------------------------------


class EntryFilters(Filters):
    section: RecordId | None = Field(None, description="Only the entries of this section (its id).")
    item: RecordId | None = Field(None, description="Only the entries showing this item (its id).")

    def narrow(self, queryset, user):
        if self.section is not None:
            queryset = queryset.filter(section_id=self.section)
        if self.item is not None:
            queryset = queryset.filter(item_id=self.item)
        return queryset


entries = record_router(
    model=Entry, name="entries", out=EntryDetailOut, payload=EntryIn, filters=EntryFilters,
    queryset=lambda user: Entry.objects.select_related("item", "person").order_by("section", "position", "pk"),
    citable=False,  # an entry's sources are its item's
)
