"""What the review screen of a text shows: the text cut into highlighted mentions, and the proposals
with the curator's decisions and the records they may be linked to. A fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType

from memoria.archive.models import Event, Item, Person, Place, Unit
from memoria.texts.models import (
    KINDS,
    AcceptedProposal,
    RejectedProposal,
    TextExtraction,
)
from memoria.texts.services import MODELS, name_key

#: The records offered for "link to another record", per kind; in a larger archive the curator
#: gives the record's number, found in its back-office list (backoffice/admin/texts.py).
MAX_CHOICES = 500


@dataclass
class Proposal:
    kind: str
    index: int
    data: dict
    accepted: object = None       # the record, once accepted
    match: object = None          # the archive's record the extraction matched
    spellings: list = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"p-{self.kind}-{self.index}"

    @property
    def label(self) -> str:
        return self.data.get("name") or self.data.get("value", "")


def _segments(text: str, proposals: list[Proposal]) -> list[tuple[str, Proposal | None]]:
    """The text as (piece, proposal or None); overlapping mentions keep the one that starts first."""
    spans = sorted((start, end, p) for p in proposals for start, end in p.data["spans"] if 0 <= start < end <= len(text))
    pieces, at = [], 0
    for start, end, proposal in spans:
        if start < at:
            continue
        if start > at:
            pieces.append((text[at:start], None))
        pieces.append((text[start:end], proposal))
        at = end
    pieces.append((text[at:], None))
    return [(piece, proposal) for piece, proposal in pieces if piece]


def _records(model, pks) -> dict:
    return model.objects.in_bulk(set(pks)) if pks else {}


def review_page(extraction: TextExtraction) -> dict:
    """The extraction's source text with its mentions, and its proposals (rejected ones left out)."""
    source = extraction.source
    rejected = set(RejectedProposal.objects.filter(source=source).values_list("kind", "name_key"))
    accepted = {(a.kind, a.name_key): a for a in AcceptedProposal.objects.filter(source=source)}
    by_kind: dict[str, list[Proposal]] = {}
    for kind in KINDS:
        for index, data in enumerate(extraction.result.get(kind, [])):
            key = (kind, name_key(kind, data))
            if key in rejected:
                continue
            by_kind.setdefault(kind, []).append(Proposal(kind, index, data))
    # The records accepted or matched, one query per kind of record.
    wanted: dict[type, set] = {}
    for decision in accepted.values():
        wanted.setdefault(decision.content_type_id, set()).add(decision.object_id)
    types = ContentType.objects.in_bulk(list(wanted))
    loaded = {ct: _records(types[ct].model_class(), pks) for ct, pks in wanted.items()}
    matches = {kind: _records(MODELS[kind], [p.data["match"]["id"] for p in by_kind.get(kind, []) if p.data.get("match")])
               for kind in MODELS}
    for kind, proposals in by_kind.items():
        for proposal in proposals:
            decision = accepted.get((kind, name_key(kind, proposal.data)))
            if decision is not None:
                proposal.accepted = loaded.get(decision.content_type_id, {}).get(decision.object_id)
            if proposal.data.get("match"):
                proposal.match = matches[kind].get(proposal.data["match"]["id"])
    everything = [p for proposals in by_kind.values() for p in proposals]
    accepted_people = [p.accepted for p in by_kind.get("people", []) if isinstance(p.accepted, Person)]
    return {
        "extraction": extraction,
        "source": source,
        "segments": _segments(source.text, everything),
        "proposals": [(kind, by_kind.get(kind, [])) for kind in KINDS],
        "count": len(everything),
        "choices": {
            "people": list(Person.objects.order_by("sort_name", "name").only("pk", "name", "name_en")[:MAX_CHOICES]),
            "places": list(Place.objects.order_by("name").only("pk", "name", "name_en")[:MAX_CHOICES]),
            "units": list(Unit.objects.order_by("name").only("pk", "name", "name_en")[:MAX_CHOICES]),
            "objects": list(Item.objects.order_by("inventory_number")
                            .only("pk", "inventory_number", "title", "title_en")[:MAX_CHOICES]),
            "events": list(Event.objects.order_by("date_lower", "title").only("pk", "title", "title_en")[:MAX_CHOICES]),
        },
        "accepted_people": accepted_people,
        "unit_kinds": Unit.Kind.choices,
    }
