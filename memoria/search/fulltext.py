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

import functools
from collections import defaultdict, namedtuple
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import itemgetter

from django.conf import settings
from django.db import connection

from memoria.archive.models import (
    Event,
    Item,
    ItemEvent,
    ItemPlace,
    Media,
    Membership,
    NameVariant,
    Participation,
    Person,
    Place,
    Unit,
)
from memoria.core import bulk, visibility
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


#: The columns a document is written with (its id and the database's own tsvector aside).
COLUMNS = ("record_type", "object_id", "is_public", "kind", "titles", "texts", "url_args", "thumbnail",
           "has_images", "year_lower", "year_upper", "text")


@dataclass
class Built:
    """A document (its COLUMNS, in order) and its facet values, before they are written.

    Plain values, not a SearchDocument: a rebuild writes millions of them with COPY, and a
    model instance per document would cost more than building it.
    """

    values: tuple
    facets: list[tuple[str, str]] = field(default_factory=list)

    def add(self, name: str, values: Iterable) -> None:
        for value in values:
            if value is not None and value != "":
                pair = (name, str(value))
                if pair not in self.facets:
                    self.facets.append(pair)


def _year(date) -> int | None:
    return date.year if date else None


class Row:
    """Marks a record read as plain values (rows()), its visibility answered with it (`public`)."""

    __slots__ = ()


def _public(obj) -> bool:
    return obj.public if isinstance(obj, Row) else visibility.is_public(obj)


def _document(record_type: str, obj, titles: dict, texts: dict, *, url_args=None, kind: str = "",
              lower=None, upper=None, media=()) -> Built:
    images = [m for m in media if m.is_image and m.thumbnail]
    words = " ".join([*titles.values(), *texts.values()])
    year_lower, year_upper = _year(lower), _year(upper or lower)
    if year_lower is None and upper:
        year_lower = upper.year
    built = Built((record_type, obj.pk, _public(obj), kind or "", titles, texts, url_args or [obj.pk],
                   images[0].thumbnail.name if images else "", bool(images), year_lower, year_upper,
                   fold(words)))
    if year_lower is not None:
        first, last = year_lower // 10 * 10, year_upper // 10 * 10
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


#: Record types read as model instances by a rebuild: a section shows its exhibition's slug and
#: its entries' visibility (few records in any archive).
AS_MODELS = {RecordType.SECTION}


@functools.cache
def _row_class(model) -> type:
    """A named tuple of the model's columns (attribute names as on an instance) after `public`.

    A translated field's own column (modeltranslation's "name" beside "name_en", …) is left
    out: the builders read the per-language columns, and values_list would rewrite it. So are
    the save timestamps, which no document shows (reading them costs a tenth of a rebuild).
    """
    names = [f.attname for f in model._meta.concrete_fields
             if not (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))]
    first = languages()[0]
    names = [n for n in names if f"{n}_{first}" not in names]
    base = namedtuple(f"{model.__name__}Row", ["public", *names])
    return type(base.__name__, (base, Row), {"__slots__": (), "pk": property(itemgetter(1 + names.index(
        model._meta.pk.attname)))})


def rows(record_type: str, after_pk: int, limit: int) -> list:
    """The next `limit` records of a type after `after_pk`, in pk order, for build(): plain named
    tuples (two queries: the columns, and which of them visitors may see by the one rule)."""
    model, _builder = SOURCES[record_type]
    if record_type in AS_MODELS:
        return list(queryset(record_type).order_by("pk").filter(pk__gt=after_pk)[:limit])
    cls = _row_class(model)
    found = list(model.objects.order_by("pk").filter(pk__gt=after_pk).values_list(*cls._fields[1:])[:limit])
    if not found:
        return []
    at = cls._fields.index(model._meta.pk.attname) - 1
    public = set(visibility.visible(model.objects.filter(pk__gte=found[0][at], pk__lte=found[-1][at]), None)
                 .values_list("pk", flat=True))
    make = cls._make
    return [make((values[at] in public, *values)) for values in found]


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
    """Write documents and their facet values with the ORM (the few rows of a save)."""
    documents = SearchDocument.objects.bulk_create(
        [SearchDocument(**dict(zip(COLUMNS, b.values))) for b in built], batch_size=2000)
    SearchFacet.objects.bulk_create(
        [SearchFacet(document_id=doc.pk, name=name, value=value)
         for doc, b in zip(documents, built) for name, value in b.facets],
        batch_size=5000,
    )


_DOCUMENT_FIELDS = [SearchDocument._meta.get_field(name) for name in ("id", *COLUMNS)]
_FACET_FIELDS = [SearchFacet._meta.get_field(name) for name in ("document", "name", "value")]


def insert(built: list[Built]) -> None:
    """Write documents new to the index and their facet values in bulk (a rebuild, an import):
    ids reserved first, then COPY on PostgreSQL, many rows per INSERT on SQLite (memoria.core.bulk)."""
    if not built:
        return
    ids = bulk.reserve_ids(SearchDocument, len(built))
    bulk.copy_rows(SearchDocument, _DOCUMENT_FIELDS, [(pk, *b.values) for pk, b in zip(ids, built)])
    bulk.copy_rows(SearchFacet, _FACET_FIELDS,
                   [(pk, name, value) for pk, b in zip(ids, built) for name, value in b.facets])


def _clear() -> None:
    # Raw deletes: Django's cascade would read every row of a large index first. PostgreSQL
    # empties the tables at once (TRUNCATE, in the caller's transaction).
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {SearchFacet._meta.db_table}, {SearchDocument._meta.db_table}")
            return
        cursor.execute(f"DELETE FROM {SearchFacet._meta.db_table}")
        cursor.execute(f"DELETE FROM {SearchDocument._meta.db_table}")


def count_records() -> int:
    return sum(queryset(record_type).count() for record_type in SOURCES)


def rebuild(batch_size: int = 2000, progress: Callable[[int], object] | None = None) -> int:
    """Rewrite every document; returns how many. The caller runs it in a transaction.

    The records are read as plain values a batch at a time (rows()), and written with insert();
    the tables' secondary indexes (the GIN index of the words on PostgreSQL, the facets' and the
    filter columns') are dropped first and built once after the load (bulk.indexes_deferred),
    which also means that searches wait for the rebuild's transaction to end.
    """
    total = 0
    with bulk.indexes_deferred(SearchDocument, SearchFacet):
        _clear()
        for record_type in SOURCES:
            last_pk = 0
            while batch := rows(record_type, last_pk, batch_size):
                insert(build(record_type, batch))
                total += len(batch)
                last_pk = batch[-1].pk
                if progress:
                    progress(len(batch))
    return total
