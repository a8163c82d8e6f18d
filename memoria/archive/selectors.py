"""Reads for the public pages: each page's records in a small, fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404

from memoria.archive import models as m
from memoria.core.visibility import can_preview, visible
from memoria.exhibitions.models import Entry
from memoria.sources.selectors import Footnotes, footnotes_for


@dataclass
class Page:
    """A record, what it links to, and the footnotes of all of it."""

    record: object
    notes: Footnotes
    related: dict


def _media():
    return Prefetch("media", queryset=m.Media.objects.order_by("position", "pk"))


def person_page(pk: int, user) -> Page:
    person = get_object_or_404(
        visible(m.Person.objects, user)
        .select_related("birth_place", "death_place")
        .prefetch_related("name_variants", _media()),
        pk=pk,
    )
    memberships = list(visible(person.memberships.select_related("unit"), user, "unit__"))
    participations = list(
        visible(person.participations.select_related("event"), user, "event__")
        .order_by("event__date_lower", "event__title")
    )
    item_links = list(visible(person.item_links.select_related("item"), user, "item__"))
    notes = footnotes_for(person, person.name_variants.all(), memberships, participations, item_links)
    return Page(person, notes, {
        "memberships": memberships, "participations": participations, "item_links": item_links,
    })


def item_page(pk: int, user) -> Page:
    item = get_object_or_404(visible(m.Item.objects, user).prefetch_related(_media()), pk=pk)
    people = list(visible(item.people_links.select_related("person"), user, "person__"))
    events = list(visible(item.event_links.select_related("event"), user, "event__"))
    places = list(visible(item.place_links.select_related("place"), user, "place__"))
    entries = list(
        visible(Entry.objects.filter(item=item).select_related("section__exhibition"), user, "section__")
        .filter(**({} if can_preview(user) else {"section__exhibition__is_published": True}))
    )
    notes = footnotes_for(item, people, events, places)
    return Page(item, notes, {"people": people, "events": events, "places": places, "entries": entries})


def event_page(pk: int, user) -> Page:
    event = get_object_or_404(
        visible(m.Event.objects, user).prefetch_related(
            Prefetch("places", queryset=visible(m.Place.objects, user))
        ),
        pk=pk,
    )
    participations = event.participations.select_related("person", "unit")
    if not can_preview(user):
        participations = participations.filter(Q(person__is_published=True) | Q(unit__is_published=True))
    participations = list(participations)
    items = list(visible(event.item_links.select_related("item"), user, "item__"))
    notes = footnotes_for(event, participations, items)
    return Page(event, notes, {"participations": participations, "item_links": items})


def place_page(pk: int, user) -> Page:
    place = get_object_or_404(visible(m.Place.objects, user), pk=pk)
    events = list(visible(place.events.all(), user).order_by("date_lower", "title"))
    items = list(visible(place.item_links.select_related("item"), user, "item__"))
    people = list(
        visible(m.Person.objects.filter(birth_place=place) | m.Person.objects.filter(death_place=place),
                user)
    )
    notes = footnotes_for(place, items)
    return Page(place, notes, {"events": events, "item_links": items, "people": people})


def unit_page(pk: int, user) -> Page:
    unit = get_object_or_404(visible(m.Unit.objects, user), pk=pk)
    memberships = list(visible(unit.memberships.select_related("person"), user, "person__"))
    participations = list(
        visible(unit.participations.select_related("event"), user, "event__")
        .order_by("event__date_lower")
    )
    notes = footnotes_for(unit, memberships, participations)
    return Page(unit, notes, {"memberships": memberships, "participations": participations})


def people_list(user):
    return visible(m.Person.objects, user).prefetch_related("name_variants")


def items_list(user):
    return visible(m.Item.objects, user).prefetch_related(_media())


def events_list(user):
    return visible(m.Event.objects, user).order_by("date_lower", "title")


def places_list(user):
    return visible(m.Place.objects, user)


def units_list(user):
    return visible(m.Unit.objects, user)
