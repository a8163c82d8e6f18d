"""Search's writing interface: how every writer keeps the search indexes in step.

Two entry points, each covering both indexes — the full-text documents (fulltext.py:
SearchDocument and its SearchFacet rows; FTS5 on SQLite, a tsvector on PostgreSQL) and,
for people, the name index (name_index.py: IndexedName, one row per spelling; FTS5 or GIN):

- `index_records(model, pks)`: these records were saved or deleted, or something they
  show changed. Their entries are removed and written again from what the database
  holds now (none if the record is gone). Every single save comes here
  (search/signals.py), and so do an import's changed records.
- `index_bulk(model, objs_or_pks)`: these records are new to the index, loaded in bulk
  (an import's created records). Nothing is looked for or removed, and the rows go in
  many per INSERT statement (memoria.core.bulk): on SQLite the FTS5 triggers stay in
  place and index them as they are inserted, at the speed of one INSERT … SELECT; the
  documents go in with COPY on PostgreSQL (fulltext.insert).

Both run in the caller's transaction, in a savepoint (all or nothing), with a few
queries per CHUNK records.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models, transaction

from memoria.archive.models import Person
from memoria.search import fulltext, name_backends, name_index
from memoria.search.models import IndexedName, SearchDocument

CHUNK = 1000


def _chunks(seq: list, size: int):
    for start in range(0, len(seq), size):
        yield seq[start:start + size]


def index_records(model, pks: Iterable, chunk: int = CHUNK) -> None:
    """Rewrite the search entries of these records (remove those of records that are gone)."""
    record_type = fulltext.RECORD_TYPES.get(model)
    if record_type is None:
        return
    pks = sorted({pk for pk in pks if pk is not None})
    with transaction.atomic():
        for part in _chunks(pks, chunk):
            records = list(fulltext.queryset(record_type).filter(pk__in=part))
            rel = fulltext.related(record_type, part)
            SearchDocument.objects.filter(record_type=record_type, object_id__in=part).delete()
            fulltext.store(fulltext.build(record_type, records, rel))
            if model is Person:
                IndexedName.objects.filter(person_id__in=part).delete()
                name_index.store(name_index.as_rows(_spellings(records, rel)))


def index_bulk(model, objs_or_pks: Iterable, chunk: int = CHUNK) -> None:
    """Add the search entries of records loaded in bulk that the index has never seen.

    `objs_or_pks`: the model instances as written, or their primary keys (the records are then
    read back). Either way what the entries show of other rows is read here, one query per
    relation and chunk (fulltext.RELATED).
    """
    record_type = fulltext.RECORD_TYPES.get(model)
    if record_type is None:
        return
    given = list(objs_or_pks)
    with transaction.atomic():
        for part in _chunks(given, chunk):
            records = (part if isinstance(part[0], models.Model)
                       else list(fulltext.queryset(record_type).filter(pk__in=part)))
            rel = fulltext.related(record_type, [r.pk for r in records])
            fulltext.insert(fulltext.build(record_type, records, rel))
            if model is Person:
                _insert_names(_spellings(records, rel))


def _spellings(people: list[Person], rel: dict) -> list[name_index.Entry]:
    """The name-index rows of these people, their name variants read with their documents' (rel)."""
    variants = rel["spellings"]
    return [entry for person in people
            for entry in name_index.person_entries(person, variants.get(person.pk, []))]


def _insert_names(entries: list[name_index.Entry]) -> None:
    name_backends.write_rows(entries)
