"""Reads for the public map and for a person's path through places.

The map shows every visible place that has coordinates; the list under it shows every visible
place (with or without coordinates), with the same records the popups show. Everything is read
in five queries whatever the archive holds: places, event↔place links, item↔place links, people
born or died there, units that took part in events there.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from memoria.archive import models as m
from memoria.core.i18n import translated
from memoria.core.read_cache import per_generation
from memoria.core.visibility import is_visible, visible

# A place's popup and list entry show at most this many records of each kind; the place's own
# page lists them all.
MAX_PER_KIND = 20


@dataclass
class Capped:
    """The first MAX_PER_KIND records of one kind, and how many there are in all."""

    shown: list = field(default_factory=list)
    total: int = 0

    def add(self, record) -> None:
        self.total += 1
        if len(self.shown) < MAX_PER_KIND:
            self.shown.append(record)

    @property
    def more(self) -> int:
        return self.total - len(self.shown)

    def __bool__(self) -> bool:
        return self.total > 0


@dataclass
class MapPlace:
    place: m.Place
    events: Capped = field(default_factory=Capped)
    item_links: Capped = field(default_factory=Capped)
    births: Capped = field(default_factory=Capped)
    deaths: Capped = field(default_factory=Capped)
    units: Capped = field(default_factory=Capped)

    @property
    def on_map(self) -> bool:
        return self.place.latitude is not None and self.place.longitude is not None

    @property
    def has_more(self) -> bool:
        return any(c.more for c in (self.events, self.item_links, self.births, self.deaths, self.units))

    def marker(self) -> dict:
        """What the map script needs; the popup's content is this place's entry in the list."""
        return {
            "id": self.place.pk,
            "name": translated(self.place, "name").text,
            "lat": float(self.place.latitude),
            "lon": float(self.place.longitude),
        }


def map_places(user) -> list[MapPlace]:
    """Every visible place with its visible records, in the order of the places' names."""
    places_qs = visible(m.Place.objects, user)
    by_pk = {place.pk: MapPlace(place) for place in places_qs}
    if not by_pk:
        return []

    event_links = (
        visible(m.Event.places.through.objects.filter(place__in=places_qs), user)
        .select_related("event")
        .order_by("event__date_lower", "event__title", "event_id")
    )
    places_of_event = defaultdict(list)
    for link in event_links:
        places_of_event[link.event_id].append(link.place_id)
        by_pk[link.place_id].events.add(link.event)

    item_links = (
        visible(m.ItemPlace.objects.filter(place__in=places_qs), user)
        .select_related("item")
        .order_by("item__inventory_number", "pk")
    )
    for link in item_links:
        by_pk[link.place_id].item_links.add(link)

    people = visible(
        m.Person.objects.filter(Q(birth_place__in=places_qs) | Q(death_place__in=places_qs)), user
    ).order_by("sort_name", "name", "pk")
    for person in people:
        if person.birth_place_id in by_pk:
            by_pk[person.birth_place_id].births.add(person)
        if person.death_place_id in by_pk:
            by_pk[person.death_place_id].deaths.add(person)

    # Units have no place of their own: they appear where an event they took part in happened.
    participations = visible(
        m.Participation.objects.filter(unit__isnull=False, event_id__in=list(places_of_event)), user
    ).select_related("unit").order_by("unit__name", "unit_id")
    seen = set()
    for participation in participations:
        for place_pk in places_of_event[participation.event_id]:
            if (place_pk, participation.unit_id) not in seen:
                seen.add((place_pk, participation.unit_id))
                by_pk[place_pk].units.add(participation.unit)

    return list(by_pk.values())


# --- A person's path ---------------------------------------------------------------------------


@dataclass
class PathStop:
    """One place in a person's life: where they were born, took part in an event, or died."""

    kind: str  # "birth", "event" or "death"
    place: m.Place
    date: str = ""  # EDTF, as written
    lower: datetime.date | None = None
    upper: datetime.date | None = None
    event: m.Event | None = None
    number: int | None = None  # position on the path; None when the date is not known
    anchor: str = ""  # the id of its entry in the page's list, which the map's popup shows

    @property
    def on_map(self) -> bool:
        return self.place.latitude is not None and self.place.longitude is not None

    def marker(self) -> dict:
        return {
            "number": self.number,
            "anchor": self.anchor,
            "name": translated(self.place, "name").text,
            "lat": float(self.place.latitude),
            "lon": float(self.place.longitude),
        }


@dataclass
class PersonPath:
    stops: list[PathStop]  # in date order, numbered
    undated: list[PathStop]  # events with no known date: their place in the order is unknown

    def __bool__(self) -> bool:
        return bool(self.stops or self.undated)

    def markers(self) -> list[dict]:
        return [stop.marker() for stop in self.stops + self.undated if stop.on_map]

    def for_one_request(self) -> PersonPath:
        """Stops that no request changes: shared as they are (memoria.core.read_cache)."""
        return self


@per_generation
def person_path(person: m.Person, participations, user) -> PersonPath:
    """Birth, the events the person took part in, and death, each at its place, in date order.

    `participations` are the person's visible participations with their events (person_page
    reads them); one more query reads the visible places of those events. Ordering uses the
    EDTF bounds: earliest possible day first, then latest possible day. Birth comes first and
    death last even when their dates are unknown, since nothing can happen before one or after
    the other. Events with no known date cannot be placed in the order, so they are kept apart.
    """
    events = {p.event_id: p.event for p in participations}
    links = (
        visible(m.Event.places.through.objects.filter(event_id__in=list(events)), user)
        .select_related("place")
        .order_by("place__name", "place_id")
    )
    dated, undated = [], []
    for link in links:
        event = events[link.event_id]
        stop = PathStop("event", link.place, event.date, event.date_lower, event.date_upper, event)
        (dated if stop.lower or stop.upper else undated).append(stop)

    def when(stop):
        lower = stop.lower or stop.upper
        upper = stop.upper or stop.lower
        return (lower, upper, translated(stop.event, "title").text if stop.event else "")

    stops = sorted(dated, key=when)
    if is_visible(person.birth_place, user):
        stops.insert(0, PathStop("birth", person.birth_place, person.birth_date,
                                 person.birth_lower, person.birth_upper))
    if is_visible(person.death_place, user):
        stops.append(PathStop("death", person.death_place, person.death_date,
                              person.death_lower, person.death_upper))
    for number, stop in enumerate(stops, start=1):
        stop.number, stop.anchor = number, f"path-stop-{number}"
    undated.sort(key=lambda s: (translated(s.event, "title").text, s.place.name))
    for number, stop in enumerate(undated, start=1):
        stop.anchor = f"path-undated-{number}"
    return PersonPath(stops, undated)
