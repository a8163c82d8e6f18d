"""One writer per kind of import table (memoria.imports.schema.KINDS).

The engine reads, checks and orders the tables and holds the transaction; what storing
a kind's rows means — the records, what they carry besides their own columns, their
citations and search entries — is its writer's (writers/base.py says how they work).
"""

from __future__ import annotations

from memoria.imports.writers.base import RecordWriter, Writer
from memoria.imports.writers.events import EventWriter
from memoria.imports.writers.items import ItemWriter
from memoria.imports.writers.people import PersonWriter
from memoria.imports.writers.relations import RelationWriter

WRITERS: dict[str, type[Writer]] = {
    "sources": RecordWriter,
    "places": RecordWriter,
    "units": RecordWriter,
    "people": PersonWriter,
    "events": EventWriter,
    "items": ItemWriter,
    "relations": RelationWriter,
}
