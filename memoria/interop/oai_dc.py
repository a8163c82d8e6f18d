"""Simple Dublin Core (oai_dc) for a page of records, in a fixed number of queries.

Each record becomes a list of (element, text, xml:lang) triples. Titles and
descriptions come in every language that has them; names of related records
(subjects, coverage, sources) once, in the first language of the fallback
order that has them. Related records that are not published are left out:
OAI-PMH shows what the public site shows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q
from django.utils import translation

from memoria.archive import models as m
from memoria.core.i18n import LANGUAGE_CODES, translated
from memoria.core.visibility import is_public, rule_q
from memoria.exhibitions.models import Exhibition
from memoria.interop.oai_types import RecordType
from memoria.sources.models import Citation, Source

# DCMI Type Vocabulary. It has no type for an agent or a place: the record
# people harvest is our page about them, a text.
ITEM_TYPES = {
    m.Item.Kind.OBJECT: "PhysicalObject",
    m.Item.Kind.DOCUMENT: "Text",
    m.Item.Kind.PHOTOGRAPH: "StillImage",
    m.Item.Kind.PUBLICATION: "Text",
    # The kind does not tell audio from video; MovingImage is the wider guess (films carry sound).
    m.Item.Kind.AUDIO_VIDEO: "MovingImage",
}
SOURCE_TYPES = {Source.Kind.ORAL_HISTORY: "Sound", Source.Kind.WEBSITE: "InteractiveResource"}


def _each_language(obj, field: str, element: str):
    for lang in LANGUAGE_CODES:
        text = (getattr(obj, f"{field}_{lang}", "") or "").strip()
        if text:
            yield element, text, lang


def _once(element: str, obj, field: str, lang: str = "en"):
    """One value, in `lang` or the first fallback language that has it."""
    if not is_public(obj):
        return []
    text = translated(obj, field, lang)
    return [(element, text.text, text.lang)] if text else []


def _plain(element: str, value: str | None):
    return [(element, value.strip(), None)] if value and value.strip() else []


def _lifespan(person) -> list:
    """EDTF "birth/death" (an empty side means unknown), unless a side is already an interval."""
    birth, death = person.birth_date.strip(), person.death_date.strip()
    if "/" in birth or "/" in death:
        return _plain("date", birth) + _plain("date", death)
    return _plain("date", f"{birth}/{death}") if (birth or death) else []


# --- per type: how to load a page of records, and what each says ----------------------------

def _person(p):
    events = [link.event for link in p.participations.all()]
    return (_lifespan(p) + [("type", "Text", None)]
            + _once("coverage", p.birth_place, "name") + _once("coverage", p.death_place, "name")
            + [f for e in events for f in _once("subject", e, "title")])


def _item(i):
    people = [f for link in i.people_links.all()
              for f in _once("creator" if link.role == m.ItemPerson.Role.WRITTEN_BY else "subject",
                             link.person, "name")]
    return (_plain("date", i.date_made) + [("type", ITEM_TYPES.get(i.kind, "PhysicalObject"), None)]
            + _plain("identifier", i.inventory_number) + people
            + [f for link in i.event_links.all() for f in _once("subject", link.event, "title")]
            + [f for link in i.place_links.all() for f in _once("coverage", link.place, "name")]
            + list(_each_language(i, "material", "format")) + _plain("format", i.dimensions)
            + _plain("rights", i.rights))


def _event(e):
    return (_plain("date", e.date) + [("type", "Event", None)]
            + [f for place in e.places.all() for f in _once("coverage", place, "name")])


def _unit(u):
    return [("type", "Text", None)] + [f for link in u.participations.all()
                                       for f in _once("subject", link.event, "title")]


def _source(s):
    return (_plain("date", s.date) + [("type", SOURCE_TYPES.get(s.kind, "Text"), None)]
            + _plain("creator", s.author) + _once("publisher", s, "publisher", s.language or "en")
            + _plain("language", s.language) + _plain("relation", s.url))


def _exhibition(x):
    # An online exhibition is an aggregation of items and people: a Collection.
    return (_plain("date", x.opening_date) + [("type", "Collection", None)]
            + _once("coverage", x.place, "name") + _once("subject", x.opening_event, "title"))


def _events_via_participations():
    return Prefetch("participations", queryset=m.Participation.objects.select_related("event"))


@dataclass(frozen=True)
class Describer:
    title: str                  # translated field holding the title
    description: str            # translated field holding the description
    queryset: Callable          # → the model's queryset with what `fields` reads prefetched
    fields: Callable            # object → its own triples


DESCRIBERS = {
    "person": Describer("name", "biography", lambda: m.Person.objects.select_related(
        "birth_place", "death_place").prefetch_related(_events_via_participations()), _person),
    "item": Describer("title", "description", lambda: m.Item.objects.prefetch_related(
        Prefetch("people_links", queryset=m.ItemPerson.objects.select_related("person")),
        Prefetch("event_links", queryset=m.ItemEvent.objects.select_related("event")),
        Prefetch("place_links", queryset=m.ItemPlace.objects.select_related("place"))), _item),
    "event": Describer("title", "description", lambda: m.Event.objects.prefetch_related("places"), _event),
    "place": Describer("name", "description", m.Place.objects.all, lambda place: [("type", "Text", None)]),
    "unit": Describer("name", "description",
                      lambda: m.Unit.objects.prefetch_related(_events_via_participations()), _unit),
    "source": Describer("title", "note", Source.objects.all, _source),
    "exhibition": Describer("title", "introduction",
                            lambda: Exhibition.objects.select_related("place", "opening_event"), _exhibition),
}


def _cited_sources(groups: dict[RecordType, list], content_types) -> dict[tuple[int, int], list]:
    """{(content type id, pk): [dc:source triple, …]} for all records of a page: one query."""
    condition = Q()
    for record_type, objects in groups.items():
        condition |= Q(content_type=content_types[record_type.model], object_id__in=[o.pk for o in objects])
    found = defaultdict(list)
    citations = (Citation.objects.filter(condition, rule_q(Citation))
                 .select_related("source").order_by("pk"))
    for citation in citations:
        source = citation.source
        found[(citation.content_type_id, citation.object_id)] += _once(
            "source", source, "title", source.language or "en")
    return found


def describe(pks_by_type: dict[RecordType, list[int]], absolute_uri) -> dict[tuple[str, int], list]:
    """{(type name, pk): [(element, text, lang), …]} for the records of a page that are not deleted.

    `absolute_uri` turns a path into a full URL (request.build_absolute_uri).
    """
    groups = {
        record_type: list(DESCRIBERS[record_type.name].queryset().filter(pk__in=pks))
        for record_type, pks in pks_by_type.items() if pks
    }
    if not groups:
        return {}
    content_types = ContentType.objects.get_for_models(*(t.model for t in groups))
    sources = _cited_sources(groups, content_types)
    described = {}
    # Public URLs in English: a harvester needs one stable address per record.
    with translation.override("en"):
        for record_type, objects in groups.items():
            describer = DESCRIBERS[record_type.name]
            content_type_id = content_types[record_type.model].pk
            for obj in objects:
                triples = (
                    list(_each_language(obj, describer.title, "title"))
                    + list(_each_language(obj, describer.description, "description"))
                    + [("identifier", absolute_uri(obj.get_absolute_url()), None)]
                    + describer.fields(obj)
                    + sources.get((content_type_id, obj.pk), [])
                )
                # A source cited for several facts, an event joined in two roles: say it once.
                described[(record_type.name, obj.pk)] = list(dict.fromkeys(triples))
    return described
