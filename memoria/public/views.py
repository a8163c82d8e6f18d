"""Public pages: thin views over the selectors."""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.views.decorators.http import require_safe

from memoria.archive import selectors as archive
from memoria.archive.media_access import open_media
from memoria.exhibitions import selectors as exhibitions_sel
from memoria.linked_data import linked_art, schema_org
from memoria.linked_data.negotiation import respond
from memoria.public.views_discovery import with_person_path
from memoria.public.views_errors import query_too_long
from memoria.search.archive_search import search_archive
from memoria.search.facets import Filters
from memoria.search.people import MAX_QUERY_LENGTH
from memoria.sources.selectors import source_page

PAGE_SIZE = 48


def _paged(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@require_safe
def home(request):
    exhibition = exhibitions_sel.featured_exhibition(request.user)
    if exhibition is None:
        return render(request, "public/empty.html")
    page = exhibitions_sel.exhibition_page(exhibition, request.user)
    return render(request, "public/exhibition.html", {"page": page, "is_home": True})


@require_safe
def exhibitions(request):
    return render(request, "public/exhibitions.html",
                  {"exhibitions": exhibitions_sel.exhibitions_list(request.user)})


@require_safe
def exhibition(request, slug):
    record = exhibitions_sel.exhibition_by_slug(slug, request.user)
    page = exhibitions_sel.exhibition_page(record, request.user)
    return render(request, "public/exhibition.html", {"page": page})


@require_safe
def section(request, slug, section):
    page = exhibitions_sel.section_page(slug, section, request.user)
    return render(request, "public/section.html", {"page": page})


@require_safe
def item(request, pk):
    return respond(request, "public/item.html", archive.item_page(pk, request.user),
                   linked_art.item_document, profile=linked_art.PROFILE)


@require_safe
def person(request, pk):
    survivor = archive.merged_survivor(pk, request.user)
    if survivor is not None:  # merged into another record: its address leads there, for good
        return merged_redirect(request, survivor.get_absolute_url())
    page = with_person_path(archive.person_page(pk, request.user), request.user)
    return respond(request, "public/person.html", page, schema_org.person_document)


@require_safe
def place(request, pk):
    return respond(request, "public/place.html", archive.place_page(pk, request.user),
                   schema_org.place_document)


@require_safe
def event(request, pk):
    return respond(request, "public/event.html", archive.event_page(pk, request.user),
                   schema_org.event_document)


@require_safe
def unit(request, pk):
    return render(request, "public/unit.html", {"page": archive.unit_page(pk, request.user)})


@require_safe
def source(request, pk):
    record, cited, count = source_page(pk, request.user)
    return render(request, "public/source.html", {"source": record, "cited": cited, "count": count})


@require_safe
def items(request):
    return render(request, "public/items.html", {"page_obj": _paged(request, archive.items_list(request.user))})


@require_safe
def people(request):
    return render(request, "public/people.html", {"page_obj": _paged(request, archive.people_list(request.user))})


@require_safe
def places(request):
    return render(request, "public/places.html", {"page_obj": _paged(request, archive.places_list(request.user))})


@require_safe
def events(request):
    return render(request, "public/events.html", {"page_obj": _paged(request, archive.events_list(request.user))})


@require_safe
def units(request):
    return render(request, "public/units.html", {"page_obj": _paged(request, archive.units_list(request.user))})


@require_safe
def search(request):
    query = request.GET.get("q", "")
    if len(query) > MAX_QUERY_LENGTH:
        return query_too_long(request, query, MAX_QUERY_LENGTH)
    results = search_archive(query, Filters.from_query(request.GET), request.user,
                             request.GET.get("page"))
    return render(request, "public/search.html", {"query": results.query, "search": results})


@require_safe
def media_file(request, path):
    """Serve an uploaded file or derivative, if its record is visible to this user."""
    opened = open_media(path, request.user)
    if opened is None:
        raise Http404
    handle, content_type, as_attachment, filename = opened
    response = FileResponse(handle, content_type=content_type, as_attachment=as_attachment, filename=filename)
    # Never let an uploaded file run as a page: no scripts, no plugins, no sniffing.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


def merged_redirect(request, url: str) -> HttpResponsePermanentRedirect:
    """301 to the survivor of a merge, with the query (?format=jsonld) kept. Browsers must ask
    again each time (no-cache): an undone merge gives the old address its page back."""
    query = request.META.get("QUERY_STRING", "")
    response = HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)
    response["Cache-Control"] = "no-cache"
    return response
