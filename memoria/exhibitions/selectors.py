"""Reads for the exhibition pages."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from memoria.archive.models import Media
from memoria.archive.selectors import Page
from memoria.core.read_cache import per_generation
from memoria.core.visibility import is_visible, visible
from memoria.exhibitions.models import Entry, Exhibition, Section
from memoria.sources.selectors import footnotes_for


def _entries(user):
    """An entry whose item or person is not visible is not shown at all (exhibitions.visibility)."""
    return visible(Entry.objects, user).select_related("item", "person").prefetch_related(
        Prefetch("item__media", queryset=visible(Media.objects.order_by("position", "pk"), user))
    ).order_by("position", "pk")


@per_generation
def featured_exhibition(user):
    """The exhibition the site opens with: the featured one, else the newest."""
    return (
        visible(Exhibition.objects, user)
        .select_related("place", "opening_event")
        .order_by("-is_featured", "-opening_lower", "pk")
        .first()
    )


@per_generation
def exhibition_page(exhibition: Exhibition, user) -> Page:
    sections = list(
        visible(exhibition.sections.all(), user).prefetch_related(Prefetch("entries", queryset=_entries(user)))
    )
    notes = footnotes_for(exhibition, sections)
    return Page(exhibition, notes, {
        "sections": sections,
        # A place or an event that is not public yet is not named on a public page.
        "place": exhibition.place if is_visible(exhibition.place, user) else None,
        "opening_event": exhibition.opening_event if is_visible(exhibition.opening_event, user) else None,
    })


@per_generation
def exhibition_by_slug(slug: str, user) -> Exhibition:
    return get_object_or_404(visible(Exhibition.objects, user).select_related("place", "opening_event"),
                             slug=slug)


def exhibitions_list(user):
    return visible(Exhibition.objects, user).select_related("place")


@per_generation
def section_page(exhibition_slug: str, section_slug: str, user) -> Page:
    section = get_object_or_404(
        visible(Section.objects, user)
        .select_related("exhibition")
        .prefetch_related(Prefetch("entries", queryset=_entries(user))),
        exhibition__slug=exhibition_slug,
        slug=section_slug,
    )
    siblings = list(visible(section.exhibition.sections.all(), user).only("pk", "slug", "title_en",
                    "title_ru", "title_kk", "title_fr", "position", "exhibition_id"))
    entries = list(section.entries.all())
    notes = footnotes_for(section, entries)
    return Page(section, notes, {"entries": entries, "siblings": siblings})
