"""The record types memoria exposes over OAI-PMH, in a fixed order.

The order is part of the listing's sort key (datestamp, type rank, pk): two
records changed in the same microsecond still have a strict order, so a
resumption token can say exactly where the previous page stopped.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.db import models

from memoria.archive.models import Event, Item, Person, Place, Unit
from memoria.exhibitions.models import Exhibition
from memoria.sources.models import Source


@dataclass(frozen=True)
class RecordType:
    name: str                       # in identifiers (oai:memoria:person/3) and setSpecs (type:person)
    model: type[models.Model]
    label: str                      # setName of type:<name>
    rank: int
    entry_field: str | None = None  # the Entry field that shows this record on an exhibition's section
    own_set_field: str | None = None  # an exhibition is in its own set exhibition:<slug>

    @cached_property
    def history(self):
        """The django-simple-history table: it keeps a row for each deletion.

        Cached: each access to `Model.history` builds a new manager class (simple_history's
        descriptor), about half a millisecond, and a listing page asks a dozen times.
        """
        return self.model.history.model

    def __reduce__(self):
        # Pickled by name (memoria.core.read_cache keeps listings): the code compares record
        # types by identity (`is EXHIBITION`), so a copy must come back as the one instance.
        return _by_name, (self.name,)


def _by_name(name: str) -> RecordType:
    return BY_NAME[name]


TYPES: tuple[RecordType, ...] = (
    RecordType("person", Person, "People", 0, entry_field="person"),
    RecordType("item", Item, "Items", 1, entry_field="item"),
    RecordType("event", Event, "Events", 2),
    RecordType("place", Place, "Places", 3),
    RecordType("unit", Unit, "Units and organisations", 4),
    RecordType("source", Source, "Sources", 5),
    RecordType("exhibition", Exhibition, "Exhibitions", 6, own_set_field="slug"),
)
BY_NAME = {t.name: t for t in TYPES}
EXHIBITION = BY_NAME["exhibition"]
