"""Sets: one per record type (type:person, …) and one per exhibition (exhibition:<slug>).

A colon makes setSpecs hierarchical in OAI-PMH, so "type" and "exhibition"
are sets too: "type" holds every record, "exhibition" every exhibition and
everything shown in one. A record is in exhibition:<slug> if it is that
exhibition, or an item or a person on a published section of it (the public
site shows nothing else of an exhibition).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from memoria.core.i18n import translated
from memoria.core.visibility import rule_q
from memoria.exhibitions.models import Entry, Exhibition, Section
from memoria.interop.oai_args import OAIError
from memoria.interop.oai_types import BY_NAME, EXHIBITION, TYPES, RecordType

_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
EXHIBITED = tuple(t for t in TYPES if t.entry_field or t is EXHIBITION)


@dataclass(frozen=True)
class Selection:
    """What a set argument selects: record types, and maybe an exhibition constraint."""

    types: tuple[RecordType, ...] = TYPES
    in_exhibition: bool = False
    slug: str | None = None  # one exhibition; None with in_exhibition = any exhibition

    def live_filter(self, record_type: RecordType) -> Q:
        """The condition on a live table's rows (published or withdrawn)."""
        if not self.in_exhibition:
            return Q()
        if record_type is EXHIBITION:
            return Q(slug=self.slug) if self.slug else Q()
        entries = _shown_entries().filter(**{record_type.entry_field: OuterRef("pk")})
        if self.slug:
            entries = entries.filter(section__exhibition__slug=self.slug)
        return Q(Exists(entries))

    def deleted_filter(self, record_type: RecordType) -> Q | None:
        """The condition on a history table's deletions; None when none can be in the set.

        A deleted item or person took its entries with it, so nothing says which
        exhibition it was in: such deletions reach harvesters through type sets
        and unselective harvests only.
        """
        if not self.in_exhibition:
            return Q()
        if record_type is EXHIBITION:
            return Q(slug=self.slug) if self.slug else Q()
        return None


def parse(spec: str | None) -> Selection:
    """The selection of a set argument. A setSpec this repository cannot have is badArgument;
    one it could have but that matches nothing (an unknown exhibition) gives noRecordsMatch later.
    """
    if spec is None or spec == "type":
        return Selection()
    head, colon, tail = spec.partition(":")
    if head == "type" and tail in BY_NAME:
        return Selection((BY_NAME[tail],))
    if head == "exhibition" and not colon:
        return Selection(EXHIBITED, in_exhibition=True)
    if head == "exhibition" and _SLUG.fullmatch(tail):
        return Selection(EXHIBITED, in_exhibition=True, slug=tail)
    raise OAIError("badArgument", f"This repository has no set {spec!r}.")


def _shown_entries():
    return Entry.objects.filter(rule_q(Section, "section__"))


def all_sets() -> list[tuple[str, str]]:
    """(setSpec, setName) of every set, for ListSets: unpublished exhibitions are not listed."""
    sets = [("type", "All records, by type")]
    sets += [(f"type:{t.name}", t.label) for t in TYPES]
    sets.append(("exhibition", "Exhibitions and what they show"))
    for exhibition in Exhibition.objects.filter(rule_q(Exhibition)).order_by("slug"):
        sets.append((f"exhibition:{exhibition.slug}", translated(exhibition, "title", "en").text
                     or exhibition.slug))
    return sets


def assign(headers) -> None:
    """Fill each header's setSpecs: its type, and the exhibitions it is (shown) in. One query."""
    wanted = defaultdict(list)
    for header in headers:
        if header.record_type.entry_field and not header.from_history:
            wanted[header.record_type.entry_field].append(header.pk)
    shown_in = defaultdict(list)
    if wanted:
        condition = Q()
        for field, pks in wanted.items():
            condition |= Q(**{f"{field}__in": pks})
        rows = (_shown_entries().filter(condition).order_by()
                .values_list("item_id", "person_id", "section__exhibition__slug").distinct())
        for item_id, person_id, slug in rows:
            for field, pk in (("item", item_id), ("person", person_id)):
                if pk is not None and slug not in shown_in[(field, pk)]:
                    shown_in[(field, pk)].append(slug)
    for header in headers:
        slugs = [header.own_set] if header.own_set else []
        slugs += sorted(shown_in.get((header.record_type.entry_field, header.pk), []))
        header.sets = [f"type:{header.record_type.name}"] + [f"exhibition:{slug}" for slug in slugs]
