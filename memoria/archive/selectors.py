"""Reads for the public pages: each page's records in a small, fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from memoria.archive import models as m
from memoria.core.read_cache import per_generation
from memoria.core.visibility import is_visible, visible
from memoria.sources.selectors import Footnotes, footnotes_for


@dataclass
class Page:
    """A record, what it links to, and the footnotes of all of it."""

    record: object
    notes: Footnotes
    related: dict

    def for_one_request(self) -> Page:
        """What one request may change is its own (memoria.core.read_cache): the footnotes number
        themselves as the template cites them, and views add to `related`. The records are
        shared, read-only, by every request of this generation."""
        return Page(self.record, self.notes.for_one_request(), dict(self.related))


def _media(user):
    return Prefetch("media", queryset=visible(m.Media.objects.order_by("position", "pk"), user))


#: How many merges a redirect follows (A merged into B, B later into C…): more means a loop.
MAX_MERGE_HOPS = 20


@per_generation
def merged_survivor(pk: int, user) -> m.Person | None:
    """The record person `pk` was merged into, following later merges, if `user` may see it;
    None when `pk` was not merged away (or its survivor is hidden: no redirect names it)."""
    target = m.Person.objects.filter(pk=pk).values_list("merged_into_id", flat=True).first()
    for _hop in range(MAX_MERGE_HOPS):
        if target is None:
            return None
        person = m.Person.objects.filter(pk=target).only("pk", "is_published", "merged_into_id").first()
        if person is None:
            return None
        if person.merged_into_id is None:
            return person if is_visible(person, user) else None
        target = person.merged_into_id
    return None


@per_generation
def person_page(pk: int, user) -> Page:
    person = get_object_or_404(
        visible(m.Person.objects, user)
        .select_related("birth_place", "death_place")
        .prefetch_related("name_variants", _media(user)),
        pk=pk,
    )
    memberships = list(visible(person.memberships.select_related("unit"), user))
    participations = list(
        visible(person.participations.select_related("event"), user)
        .order_by("event__date_lower", "event__title")
    )
    item_links = list(visible(person.item_links.select_related("item"), user))
    notes = footnotes_for(person, person.name_variants.all(), memberships, participations, item_links)
    return Page(person, notes, {
        "memberships": memberships, "participations": participations, "item_links": item_links,
        # A place that is not public yet is not named on a public page.
        "birth_place": person.birth_place if is_visible(person.birth_place, user) else None,
        "death_place": person.death_place if is_visible(person.death_place, user) else None,
    })


@per_generation
def item_page(pk: int, user) -> Page:
    item = get_object_or_404(visible(m.Item.objects, user).prefetch_related(_media(user)), pk=pk)
    people = list(visible(item.people_links.select_related("person"), user))
    events = list(visible(item.event_links.select_related("event"), user))
    places = list(visible(item.place_links.select_related("place"), user))
    entries = list(visible(item.entries.select_related("section__exhibition"), user))
    notes = footnotes_for(item, people, events, places)
    return Page(item, notes, {"people": people, "events": events, "places": places, "entries": entries})


@per_generation
def event_page(pk: int, user) -> Page:
    event = get_object_or_404(
        visible(m.Event.objects, user).prefetch_related(
            Prefetch("places", queryset=visible(m.Place.objects, user))
        ),
        pk=pk,
    )
    participations = list(visible(event.participations.select_related("person", "unit"), user))
    items = list(visible(event.item_links.select_related("item"), user))
    notes = footnotes_for(event, participations, items)
    return Page(event, notes, {"participations": participations, "item_links": items})


@per_generation
def place_page(pk: int, user) -> Page:
    place = get_object_or_404(visible(m.Place.objects, user), pk=pk)
    events = list(visible(place.events.all(), user).order_by("date_lower", "title"))
    items = list(visible(place.item_links.select_related("item"), user))
    people = list(
        visible(m.Person.objects.filter(birth_place=place) | m.Person.objects.filter(death_place=place),
                user)
    )
    notes = footnotes_for(place, items)
    return Page(place, notes, {"events": events, "item_links": items, "people": people})


@per_generation
def unit_page(pk: int, user) -> Page:
    unit = get_object_or_404(visible(m.Unit.objects, user), pk=pk)
    memberships = list(visible(unit.memberships.select_related("person"), user))
    participations = list(
        visible(unit.participations.select_related("event"), user)
        .order_by("event__date_lower")
    )
    notes = footnotes_for(unit, memberships, participations)
    return Page(unit, notes, {"memberships": memberships, "participations": participations})


def people_list(user):
    return visible(m.Person.objects, user).prefetch_related("name_variants")


def items_list(user):
    return visible(m.Item.objects, user).prefetch_related(_media(user))


def events_list(user):
    return visible(m.Event.objects, user).order_by("date_lower", "title")


def places_list(user):
    return visible(m.Place.objects, user)


def units_list(user):
    return visible(m.Unit.objects, user)
