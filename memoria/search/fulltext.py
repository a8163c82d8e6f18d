"""The full-text index: what each record contributes to search_searchdocument.

One SearchDocument per record (item, person, event, place, unit, source, exhibition,
section) with the words of every language folded into one text column, its titles and
snippet text per language, and its facet values (SearchFacet). Here: what a document
holds (`build`); writing documents for records that changed or were loaded in bulk is
memoria/search/indexing.py's, called in the transaction of every save and delete, whoever
writes (admin, API, demo, imports). `rebuild()` rewrites them all (`memoria reindex`).

A document exists for unpublished records too, with is_public false: the back office's
preview searches them; visitors' searches filter them out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection

from memoria.archive.models import (Event, Item, ItemEvent, ItemPlace, Media, Membership, NameVariant,
                                    Participation, Person, Place, Unit)
from memoria.core import visibility
from memoria.exhibitions.models import Entry, Exhibition, Section
from memoria.search.models import SearchDocument, SearchFacet
from memoria.search.normalize import fold
from memoria.sources.models import Source

RecordType = SearchDocument.RecordType
#: The key of snippet text that belongs to no language (inventory numbers, spellings).
NEUTRAL = "und"
#: A date range longer than this gets no decade facets (an open "..1945" would span millennia).
MAX_DECADES = 20


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _per_language(obj, *fields: str) -> dict[str, str]:
    """{lang: the fields' non-empty values in that language, one per line}."""
    out = {}
    for lang in languages():
        values = [(getattr(obj, f"{name}_{lang}", "") or "").strip() for name in fields]
        text = "\n".join(v for v in values if v)
        if text:
            out[lang] = text
    return out


def _join(*parts: dict[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in parts:
        for lang, text in part.items():
            if text:
                out[lang] = f"{out[lang]}\n{text}" if lang in out else text
    return out


@dataclass
class Built:
    """A document and its facet values, before they are written."""

    document: SearchDocument
    facets: list[tuple[str, str]] = field(default_factory=list)

    def add(self, name: str, values: Iterable) -> None:
        for value in values:
            if value is not None and value != "":
                pair = (name, str(value))
                if pair not in self.facets:
                    self.facets.append(pair)


def _year(date) -> int | None:
    return date.year if date else None


def _document(record_type: str, obj, titles: dict, texts: dict, *, url_args=None, kind: str = "",
              is_public: bool | None = None, lower=None, upper=None, media=()) -> Built:
    images = [m for m in media if m.is_image and m.thumbnail]
    words = " ".join([*titles.values(), *texts.values()])
    document = SearchDocument(
        record_type=record_type, object_id=obj.pk,
        is_public=visibility.is_public(obj) if is_public is None else is_public,
        kind=kind or "", titles=titles, texts=texts, url_args=url_args or [obj.pk],
        thumbnail=images[0].thumbnail.name if images else "", has_images=bool(images),
        year_lower=_year(lower), year_upper=_year(upper or lower), text=fold(words),
    )
    if document.year_lower is None and upper:
        document.year_lower = upper.year
    built = Built(document)
    if document.year_lower is not None:
        first, last = document.year_lower // 10 * 10, document.year_upper // 10 * 10
        if 0 <= (last - first) // 10 < MAX_DECADES:
            built.add("decade", range(first, last + 1, 10))
    if images:
        built.add("images", ["1"])
    return built


# --- one builder per record type: the record, and `rel` (what RELATED reads for it) ------------

def _item(item: Item, rel: dict) -> Built:
    media = rel["media"]
    captions = _join(*(_per_language(m, "caption", "alt_text") for m in media))
    texts = _join(_per_language(item, "description", "origin", "material", "provenance"), captions,
                  {NEUTRAL: "\n".join(t for t in (item.inventory_number, item.transcription) if t)})
    built = _document(RecordType.ITEM, item, _per_language(item, "title"), texts, kind=item.kind,
                      lower=item.date_lower, upper=item.date_upper, media=media)
    built.add("kind", [item.kind])
    built.add("place", rel["places"])
    built.add("event", rel["events"])
    return built


def _person(person: Person, rel: dict) -> Built:
    spellings = [text for _pk, text in rel["spellings"]]
    if person.sort_name:
        spellings.append(person.sort_name)
    texts = _join(_per_language(person, "roles", "biography"), {NEUTRAL: "\n".join(spellings)})
    built = _document(RecordType.PERSON, person, _per_language(person, "name"), texts,
                      lower=person.birth_lower, upper=person.death_upper or person.birth_upper,
                      media=rel["media"])
    built.add("place", [person.birth_place_id, person.death_place_id])
    built.add("unit", rel["units"])
    built.add("event", rel["events"])
    return built


def _event(event: Event, rel: dict) -> Built:
    built = _document(RecordType.EVENT, event, _per_language(event, "title"),
                      _per_language(event, "description"), kind=event.kind,
                      lower=event.date_lower, upper=event.date_upper)
    built.add("event", [event.pk])
    built.add("place", rel["places"])
    built.add("unit", rel["units"])
    return built


def _place(place: Place, rel: dict) -> Built:
    built = _document(RecordType.PLACE, place, _per_language(place, "name"),
                      _per_language(place, "description"))
    built.add("place", [place.pk])
    built.add("event", rel["events"])
    return built


def _unit(unit: Unit, rel: dict) -> Built:
    built = _document(RecordType.UNIT, unit, _per_language(unit, "name"),
                      _per_language(unit, "description"), kind=unit.kind)
    built.add("unit", [unit.pk])
    built.add("event", rel["events"])
    return built


def _source(source: Source, rel: dict) -> Built:
    neutral = "\n".join(t for t in (source.author, source.archive_reference) if t)
    texts = _join(_per_language(source, "publisher", "note"), {NEUTRAL: neutral})
    return _document(RecordType.SOURCE, source, _per_language(source, "title"), texts,
                     kind=source.kind, lower=source.date_lower, upper=source.date_upper)


def _exhibition(exhibition: Exhibition, rel: dict) -> Built:
    texts = _per_language(exhibition, "subtitle", "introduction", "venue", "hall")
    built = _document(RecordType.EXHIBITION, exhibition, _per_language(exhibition, "title"), texts,
                      url_args=[exhibition.slug], lower=exhibition.opening_lower,
                      upper=exhibition.opening_upper)
    built.add("place", [exhibition.place_id])
    built.add("event", [exhibition.opening_event_id])
    return built


def _section(section: Section, rel: dict) -> Built:
    exhibition = section.exhibition
    entries = _join(*(_per_language(entry, "text", "caption") for entry in rel["entries"]
                      if visibility.is_public(entry)))  # an unpublished item's caption stays out
    return _document(RecordType.SECTION, section, _per_language(section, "title"),
                     _join(_per_language(section, "caption"), entries),
                     url_args=[exhibition.slug, section.slug])


#: record type → (model, builder)
SOURCES: dict[str, tuple[type, Callable[[object, dict], Built]]] = {
    RecordType.ITEM: (Item, _item),
    RecordType.PERSON: (Person, _person),
    RecordType.EVENT: (Event, _event),
    RecordType.PLACE: (Place, _place),
    RecordType.UNIT: (Unit, _unit),
    RecordType.SOURCE: (Source, _source),
    RecordType.EXHIBITION: (Exhibition, _exhibition),
    RecordType.SECTION: (Section, _section),
}
#: model → its record type
RECORD_TYPES: dict[type, str] = {model: record_type for record_type, (model, _builder) in SOURCES.items()}

#: What a document shows of other rows, per record type: name → (model, the column naming the
#: record, the columns shown — one value, a tuple of them, or None for the rows themselves with
#: what they read along `select`). Read as plain values, one query per relation for a whole chunk
#: of records: a related manager per record (prefetch_related) costs more than the rest of a
#: document.
RELATED: dict[str, dict[str, tuple]] = {
    RecordType.ITEM: {"media": (Media, "item_id", None, ()), "places": (ItemPlace, "item_id", "place_id", ()),
                      "events": (ItemEvent, "item_id", "event_id", ())},
    RecordType.PERSON: {"spellings": (NameVariant, "person_id", ("pk", "text"), ()),
                        "media": (Media, "person_id", None, ()),
                        "units": (Membership, "person_id", "unit_id", ()),
                        "events": (Participation, "person_id", "event_id", ())},
    RecordType.EVENT: {"places": (Event.places.through, "event_id", "place_id", ()),
                       "units": (Participation, "event_id", "unit_id", ())},
    RecordType.PLACE: {"events": (Event.places.through, "place_id", "event_id", ())},
    RecordType.UNIT: {"events": (Participation, "unit_id", "event_id", ())},
    RecordType.SECTION: {"entries": (Entry, "section_id", None, ("section__exhibition", "item", "person"))},
}


def queryset(record_type: str):
    """The records of one type, as their documents read them (RELATED is read apart)."""
    model, _builder = SOURCES[record_type]
    return model.objects.select_related("exhibition") if model is Section else model.objects.all()


def related(record_type: str, pks: list) -> dict[str, dict[int, list]]:
    """RELATED of these records: {name: {record pk: [values or rows]}}, in each model's own order."""
    out = {}
    wanted = set(pks)
    lowest, highest = (min(wanted), max(wanted)) if wanted else (0, -1)
    for name, (model, key, shown, select) in RELATED.get(record_type, {}).items():
        found = defaultdict(list)
        # A bulk load's records have consecutive ids: a range reads as fast as IN (…) and
        # costs Django far less to build; rows of other records in it are dropped below.
        dense = highest - lowest < 2 * len(wanted)
        rows = model.objects.filter(**({f"{key}__gte": lowest, f"{key}__lte": highest} if dense
                                       else {f"{key}__in": pks}))
        if shown is None:
            for row in rows.select_related(*select):
                found[getattr(row, key)].append(row)
        else:
            columns = shown if isinstance(shown, tuple) else (shown,)
            for record_pk, *values in rows.values_list(key, *columns):
                found[record_pk].append(tuple(values) if isinstance(shown, tuple) else values[0])
        out[name] = {pk: values for pk, values in found.items() if pk in wanted}
    return out


def build(record_type: str, records: list, rel: dict | None = None) -> list[Built]:
    """The documents of records of one type; `rel` is related() of them, read here if not given."""
    _model, builder = SOURCES[record_type]
    if rel is None:
        rel = related(record_type, [r.pk for r in records])
    return [builder(record, {name: found.get(record.pk, []) for name, found in rel.items()})
            for record in records]


def store(built: list[Built]) -> None:
    """Write documents and their facet values with the ORM (a few rows per save, or a rebuild)."""
    documents = SearchDocument.objects.bulk_create([b.document for b in built], batch_size=2000)
    SearchFacet.objects.bulk_create(
        [SearchFacet(document_id=doc.pk, name=name, value=value)
         for doc, b in zip(documents, built) for name, value in b.facets],
        batch_size=5000,
    )


def _clear() -> None:
    # Raw deletes: Django's cascade would read every row of a large index first.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {SearchFacet._meta.db_table}")
        cursor.execute(f"DELETE FROM {SearchDocument._meta.db_table}")


def count_records() -> int:
    return sum(queryset(record_type).count() for record_type in SOURCES)


def rebuild(batch_size: int = 1000, progress: Callable[[int], object] | None = None) -> int:
    """Rewrite every document; returns how many. The caller runs it in a transaction."""
    _clear()
    total = 0
    for record_type in SOURCES:
        last_pk = 0
        while True:
            batch = list(queryset(record_type).order_by("pk").filter(pk__gt=last_pk)[:batch_size])
            if not batch:
                break
            store(build(record_type, batch))
            total += len(batch)
            last_pk = batch[-1].pk
            if progress:
                progress(len(batch))
    return total
