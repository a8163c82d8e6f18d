"""Bring the search indexes up to date for the records an import wrote in bulk.

Bulk writes send no post_save signals, so the full-text documents
(memoria.search.fulltext) of exactly the created or changed records are
written here, a thousand at a time. The name index is written by the engine
itself (fastinsert.index_rows).

A record the import has just created has no media and no relations yet, so its
document is built from the object in memory (with its new spellings) instead
of reading it back: the builder sees empty relations through `_Fresh`, and
anything else it reads goes to the real object.
"""

from __future__ import annotations

from django.db import transaction

from memoria.imports import fastinsert
from memoria.search import fulltext
from memoria.search.fulltext_signals import RECORDS

CHUNK = 1000


class _Related:
    def __init__(self, rows):
        self._rows = rows

    def all(self):
        return self._rows


class _Fresh:
    """A just-created record as the builder reads it: known relations, the rest from the record."""

    def __init__(self, obj, related: dict[str, list]):
        self._obj = obj
        self._related = related

    def __getattr__(self, name):
        if name in self._related:
            return _Related(self._related[name])
        return getattr(self._obj, name)


EMPTY_RELATIONS = {
    "Person": ("media", "memberships", "participations"),
    "Item": ("media", "place_links", "event_links"),
}


def index_created(model, objs, spellings: dict[int, list] | None = None) -> None:
    record_type = RECORDS.get(model)
    if record_type is None or not objs:
        return
    if model.__name__ not in EMPTY_RELATIONS:
        reindex(model, [obj.pk for obj in objs])
        return
    _queryset, builder = fulltext.SOURCES[record_type]
    empty = EMPTY_RELATIONS[model.__name__]
    with transaction.atomic():
        for start in range(0, len(objs), CHUNK):
            part = objs[start:start + CHUNK]
            built = []
            for obj in part:
                related = {name: [] for name in empty}
                if spellings is not None:
                    related["name_variants"] = spellings.get(obj.pk, [])
                built.append(builder(_Fresh(obj, related)))
            fastinsert.insert_documents(built)


def reindex(model, pks) -> None:
    """Rebuild the documents of records that existed before the import (read back with relations)."""
    record_type = RECORDS.get(model)
    if record_type is not None:
        fulltext.index_records(record_type, pks, chunk=CHUNK)
