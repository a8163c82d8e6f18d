"""The full-text index: what each record contributes to search_searchdocument.

One SearchDocument per record (item, person, event, place, unit, source, exhibition,
section) with the words of every language folded into one text column, its titles and
snippet text per language, and its facet values (SearchFacet). `index_record()` rewrites one
record's document; memoria/search/fulltext_signals.py calls it in the transaction of every
save and delete, whoever writes (admin, API, demo, imports). `rebuild()` rewrites them all
(`memoria reindex`).

A document exists for unpublished records too, with is_public false: the back office's
preview searches them; visitors' searches filter them out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Prefetch

from memoria.archive.models import Event, Item, Media, Person, Place, Unit
from memoria.exhibitions.models import Exhibition, Section
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
        is_public=obj.is_published if is_public is None else is_public,
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


# --- one builder per record type; each reads only what its querysets prefetch ---------------

def _item(item: Item) -> Built:
    media = list(item.media.all())
    captions = _join(*(_per_language(m, "caption", "alt_text") for m in media))
    texts = _join(_per_language(item, "description", "origin", "material", "provenance"), captions,
                  {NEUTRAL: "\n".join(t for t in (item.inventory_number, item.transcription) if t)})
    built = _document(RecordType.ITEM, item, _per_language(item, "title"), texts, kind=item.kind,
                      lower=item.date_lower, upper=item.date_upper, media=media)
    built.add("kind", [item.kind])
    built.add("place", [link.place_id for link in item.place_links.all()])
    built.add("event", [link.event_id for link in item.event_links.all()])
    return built


def _person(person: Person) -> Built:
    spellings = [v.text for v in person.name_variants.all()]
    if person.sort_name:
        spellings.append(person.sort_name)
    texts = _join(_per_language(person, "roles", "biography"), {NEUTRAL: "\n".join(spellings)})
    built = _document(RecordType.PERSON, person, _per_language(person, "name"), texts,
                      lower=person.birth_lower, upper=person.death_upper or person.birth_upper,
                      media=list(person.media.all()))
    built.add("place", [person.birth_place_id, person.death_place_id])
    built.add("unit", [m.unit_id for m in person.memberships.all()])
    built.add("event", [p.event_id for p in person.participations.all()])
    return built


def _event(event: Event) -> Built:
    built = _document(RecordType.EVENT, event, _per_language(event, "title"),
                      _per_language(event, "description"), kind=event.kind,
                      lower=event.date_lower, upper=event.date_upper)
    built.add("event", [event.pk])
    built.add("place", [place.pk for place in event.places.all()])
    built.add("unit", [p.unit_id for p in event.participations.all()])
    return built


def _place(place: Place) -> Built:
    built = _document(RecordType.PLACE, place, _per_language(place, "name"),
                      _per_language(place, "description"))
    built.add("place", [place.pk])
    built.add("event", [event.pk for event in place.events.all()])
    return built


def _unit(unit: Unit) -> Built:
    built = _document(RecordType.UNIT, unit, _per_language(unit, "name"),
                      _per_language(unit, "description"), kind=unit.kind)
    built.add("unit", [unit.pk])
    built.add("event", [p.event_id for p in unit.participations.all()])
    return built


def _source(source: Source) -> Built:
    neutral = "\n".join(t for t in (source.author, source.archive_reference) if t)
    texts = _join(_per_language(source, "publisher", "note"), {NEUTRAL: neutral})
    return _document(RecordType.SOURCE, source, _per_language(source, "title"), texts,
                     kind=source.kind, lower=source.date_lower, upper=source.date_upper)


def _exhibition(exhibition: Exhibition) -> Built:
    texts = _per_language(exhibition, "subtitle", "introduction", "venue", "hall")
    built = _document(RecordType.EXHIBITION, exhibition, _per_language(exhibition, "title"), texts,
                      url_args=[exhibition.slug], lower=exhibition.opening_lower,
                      upper=exhibition.opening_upper)
    built.add("place", [exhibition.place_id])
    built.add("event", [exhibition.opening_event_id])
    return built


def _section(section: Section) -> Built:
    exhibition = section.exhibition
    entries = _join(*(_per_language(entry, "text", "caption") for entry in section.entries.all()))
    return _document(RecordType.SECTION, section, _per_language(section, "title"),
                     _join(_per_language(section, "caption"), entries),
                     url_args=[exhibition.slug, section.slug],
                     is_public=section.is_published and exhibition.is_published)


def _images():
    return Prefetch("media", queryset=Media.objects.order_by("position", "pk"))


#: record type → (queryset with what its builder reads, builder)
SOURCES: dict[str, tuple[Callable, Callable[[object], Built]]] = {
    RecordType.ITEM: (lambda: Item.objects.prefetch_related(_images(), "place_links", "event_links"), _item),
    RecordType.PERSON: (lambda: Person.objects.prefetch_related(
        "name_variants", _images(), "memberships", "participations"), _person),
    RecordType.EVENT: (lambda: Event.objects.prefetch_related("places", "participations"), _event),
    RecordType.PLACE: (lambda: Place.objects.prefetch_related("events"), _place),
    RecordType.UNIT: (lambda: Unit.objects.prefetch_related("participations"), _unit),
    RecordType.SOURCE: (lambda: Source.objects.all(), _source),
    RecordType.EXHIBITION: (lambda: Exhibition.objects.all(), _exhibition),
    RecordType.SECTION: (lambda: Section.objects.select_related("exhibition").prefetch_related("entries"),
                         _section),
}


def _store(built: list[Built]) -> None:
    documents = SearchDocument.objects.bulk_create([b.document for b in built], batch_size=2000)
    SearchFacet.objects.bulk_create(
        [SearchFacet(document_id=doc.pk, name=name, value=value)
         for doc, b in zip(documents, built) for name, value in b.facets],
        batch_size=5000,
    )


def index_record(record_type: str, pk) -> None:
    """Rewrite one record's document (or remove it, if the record is gone).

    Called inside the writer's transaction; the savepoint makes it all-or-nothing.
    """
    index_records(record_type, [pk])


def index_records(record_type: str, pks: Iterable, chunk: int = 1000) -> None:
    """Rewrite the documents of many records of one type (removing those of records gone).

    A few queries per `chunk` records, in a savepoint: all or nothing.
    """
    pks = sorted({pk for pk in pks if pk is not None})
    queryset, builder = SOURCES[record_type]
    with transaction.atomic():
        for start in range(0, len(pks), chunk):
            part = pks[start:start + chunk]
            SearchDocument.objects.filter(record_type=record_type, object_id__in=part).delete()
            _store([builder(record) for record in queryset().filter(pk__in=part)])


def _clear() -> None:
    # Raw deletes: Django's cascade would read every row of a large index first.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {SearchFacet._meta.db_table}")
        cursor.execute(f"DELETE FROM {SearchDocument._meta.db_table}")


def count_records() -> int:
    return sum(queryset().count() for queryset, _builder in SOURCES.values())


def rebuild(batch_size: int = 1000, progress: Callable[[int], object] | None = None) -> int:
    """Rewrite every document; returns how many. The caller runs it in a transaction."""
    _clear()
    total = 0
    for queryset, builder in SOURCES.values():
        last_pk = 0
        while True:
            batch = list(queryset().order_by("pk").filter(pk__gt=last_pk)[:batch_size])
            if not batch:
                break
            _store([builder(record) for record in batch])
            total += len(batch)
            last_pk = batch[-1].pk
            if progress:
                progress(len(batch))
    return total
