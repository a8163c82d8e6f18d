"""Exhibitions with their sections and entries, read-only (curated in the back office)."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.http import HttpResponse
from ninja import Query, Router
from ninja.pagination import paginate

from memoria.api.auth import PUBLIC
from memoria.api.crud import LIST_ERRORS, READ_ERRORS, Filters, Pages, with_etag
from memoria.api.schemas import ExhibitionDetailOut, ExhibitionOut
from memoria.core.visibility import can_preview, visible
from memoria.exhibitions.models import Entry, Exhibition, Section

router = Router(tags=["exhibitions"])


def _sections(user):
    entries = Entry.objects.select_related("item", "person").order_by("position", "pk")
    if not can_preview(user):
        # As on the site: an entry whose item or person is unpublished is not shown at all.
        entries = entries.exclude(item__is_published=False).exclude(person__is_published=False)
    return Prefetch("sections", queryset=visible(Section.objects.order_by("position", "pk"), user)
                    .select_related("exhibition").prefetch_related(Prefetch("entries", queryset=entries)))


@router.get("", response={200: list[ExhibitionOut], **LIST_ERRORS}, **PUBLIC,
            operation_id="exhibitions_list", summary="List exhibitions")
@paginate(Pages)
def list_exhibitions(request, query: Query[Filters]):
    return query.apply(visible(Exhibition.objects.select_related("place"), request.auth), request.auth)


@router.get("/{pk}", response={200: ExhibitionDetailOut, **READ_ERRORS}, **PUBLIC,
            operation_id="exhibitions_get", summary="One exhibition with its sections and entries")
def get_exhibition(request, pk: int, response: HttpResponse):
    queryset = visible(Exhibition.objects.select_related("place").prefetch_related(_sections(request.auth)),
                       request.auth)
    return with_etag(response, get_object_or_404(queryset, pk=pk))
