"""Finding people who may be one person: facts from the archive, blocking, scoring, storing.

`find_candidates()` over the whole archive streams the name index a batch at a time into the
blocking (candidates.py), loads the facts of each batch of pairs and scores them
(scoring.py); with `person_ids` it looks up each person's blocks in the name index instead
(the check of new and imported people). `store_candidates()` writes CandidatePair rows and
never reopens a pair a curator decided (different people, or merged).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from memoria.archive.models import Membership, NameVariant, Participation, Person, Place
from memoria.duplicates.candidates import (
    BlockingStats,
    block_keys,
    candidate_pairs,
    lookup_keys,
    years_compatible,
)
from memoria.duplicates.models import CandidatePair
from memoria.duplicates.scoring import Dated, PersonFacts, score_pair
from memoria.names import InvalidName, name_keys
from memoria.search import name_backends
from memoria.search.models import IndexedName
from memoria.sources.models import Citation

#: People (and their spellings) read from the database at a time.
BATCH = 1000
#: Pairs scored at a time: the facts of at most twice as many people are held in memory.
SCORE_BATCH = 50_000
#: Ids per IN (…) list: below SQLite's limit on query parameters.
CHUNK = 900
#: Spellings one arriving person's look-up in the name index scores at most.
ARRIVAL_CANDIDATES = 60


def min_score_setting() -> float:
    """The threshold from which pairs are proposed (settings.MEMORIA_DUPLICATE_MIN_SCORE)."""
    return settings.MEMORIA_DUPLICATE_MIN_SCORE


@dataclass(frozen=True)
class Found:
    """A scored pair; `a` is the lower id."""
    a: int
    b: int
    score: float
    reasons: list[str]


def _chunks(ids: list[int], size: int = CHUNK):
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def active_people():
    """People who can still be duplicates: not merged into another record."""
    return Person.objects.filter(merged_into__isnull=True)


def person_facts(ids: Iterable[int]) -> dict[int, PersonFacts]:
    """What the scoring reads of these people, in a fixed number of queries per CHUNK ids."""
    out: dict[int, PersonFacts] = {}
    languages = [code for code, _name in settings.LANGUAGES]
    name_fields = [f"name_{code}" for code in languages]
    person_type = ContentType.objects.get_for_model(Person)
    for part in _chunks(sorted(set(ids))):
        rows = list(Person.objects.filter(pk__in=part).values(
            "pk", "external_id", "sex", "birth_date", "birth_lower", "birth_upper", "death_date",
            "death_lower", "death_upper", "birth_place_id", "death_place_id",
            *name_fields))
        place_ids = {r[k] for r in rows for k in ("birth_place_id", "death_place_id") if r[k]}
        places = dict(Place.objects.filter(pk__in=place_ids).values_list("pk", "name"))
        names: dict[int, list[str]] = defaultdict(list)
        for person_id, text in NameVariant.objects.filter(person_id__in=part).values_list("person_id", "text"):
            names[person_id].append(text.strip())
        units: dict[int, dict] = defaultdict(dict)
        for person_id, unit_id, unit in Membership.objects.filter(person_id__in=part).values_list(
                "person_id", "unit_id", "unit__name"):
            units[person_id][unit_id] = unit
        events: dict[int, dict] = defaultdict(dict)
        for person_id, event_id, event in Participation.objects.filter(person_id__in=part).values_list(
                "person_id", "event_id", "event__title"):
            events[person_id][event_id] = event
        sources: dict[int, dict] = defaultdict(dict)
        for person_id, source_id, source in Citation.objects.filter(
                content_type=person_type, object_id__in=part).values_list(
                "object_id", "source_id", "source__title"):
            sources[person_id][source_id] = source
        for r in rows:
            pk = r["pk"]
            spellings = [(r[f] or "").strip() for f in name_fields] + names[pk]
            out[pk] = PersonFacts(
                id=pk, external_id=r["external_id"],
                names=tuple(dict.fromkeys(s for s in spellings if s)),
                sex=r["sex"], birth=_dated(r, "birth"), death=_dated(r, "death"),
                birth_place=_place(r["birth_place_id"], places),
                death_place=_place(r["death_place_id"], places),
                units=units[pk], events=events[pk], sources=sources[pk])
    return out


def _dated(row: dict, prefix: str) -> Dated | None:
    """The date with the bounds stored beside it (parsing EDTF again would cost far more)."""
    text = row[f"{prefix}_date"]
    return Dated(text, row[f"{prefix}_lower"], row[f"{prefix}_upper"]) if text else None


def _place(pk, places) -> tuple[int, str] | None:
    return (pk, places.get(pk, f"#{pk}")) if pk else None


def score_pairs(pairs: list[tuple[int, int]], min_score: float) -> list[Found]:
    """Score candidate pairs (lower id first); those from `min_score` on, best first."""
    facts = person_facts({i for pair in pairs for i in pair})
    found = []
    for a, b in pairs:
        if a in facts and b in facts and years_compatible(_year(facts[a]), _year(facts[b])):
            score, reasons = score_pair(facts[a], facts[b])
            if score >= min_score:
                found.append(Found(a, b, score, reasons))
    found.sort(key=lambda f: (-f.score, f.a, f.b))
    return found


def _year(facts: PersonFacts) -> int | None:
    return facts.birth.lower.year if facts.birth and facts.birth.lower else None


def _archive_entries(progress: Callable[[int], None] | None):
    """(person id, birth year, block keys) of every active person, a batch at a time."""
    people = active_people().order_by("pk")
    last = 0
    while True:
        batch = list(people.filter(pk__gt=last).values_list("pk", "birth_lower")[:BATCH])
        if not batch:
            return
        keys: dict[int, set[str]] = defaultdict(set)
        rows = IndexedName.objects.filter(person_id__gte=batch[0][0], person_id__lte=batch[-1][0])
        for person_id, encoded in rows.values_list("person_id", "keys"):
            keys[person_id] |= block_keys(encoded.split())
        for pk, born in batch:
            yield pk, born.year if born else None, keys.get(pk, ())
        last = batch[-1][0]
        if progress:
            progress(len(batch))


def find_candidates(person_ids: Iterable[int] | None = None, *, min_score: float | None = None,
                    progress: Callable[[int], None] | None = None,
                    scored: Callable[[int], None] | None = None,
                    stats: BlockingStats | None = None) -> list[Found]:
    """Pairs of people who may be one person, from `min_score` on, best first.

    Over the whole archive by default; with `person_ids`, only pairs with those people.
    `progress(n)` is told of each batch of people read, `scored(n)` of each batch of pairs."""
    min_score = min_score_setting() if min_score is None else min_score
    if person_ids is not None:
        return _arrival_candidates(list(person_ids), min_score)
    expected = IndexedName.objects.count() * 3  # about 3 block keys a spelling (blocking rows)
    found: list[Found] = []
    for pairs in candidate_pairs(_archive_entries(progress), stats, expected_rows=expected):
        for start in range(0, len(pairs), SCORE_BATCH):
            batch = pairs[start:start + SCORE_BATCH]
            found += score_pairs(batch, min_score)
            if scored:
                scored(len(batch))
    found.sort(key=lambda f: (-f.score, f.a, f.b))
    return found


def _lookup_keys(facts: PersonFacts) -> list[str]:
    """The name keys that share a block with this person's spellings."""
    blocks: set[str] = set()
    for text in facts.names:
        try:
            blocks |= block_keys(name_keys(text))
        except InvalidName:
            continue
    return lookup_keys(blocks)


def _arrival_candidates(person_ids: list[int], min_score: float) -> list[Found]:
    """One look-up in the name index per person, on its block keys; then the scoring."""
    active = {pk for part in _chunks(person_ids)
              for pk in active_people().filter(pk__in=part).values_list("pk", flat=True)}
    pairs: set[tuple[int, int]] = set()
    for pk, facts in person_facts(active).items():
        keys = _lookup_keys(facts)
        if not keys:
            continue
        for _name_id, other, _text in name_backends.candidates(
                keys, published_only=False, exclude_person=pk, limit=ARRIVAL_CANDIDATES):
            pairs.add((pk, other) if pk < other else (other, pk))
    merged_away = set()
    for part in _chunks(sorted({i for pair in pairs for i in pair} - active)):
        merged_away |= set(Person.objects.filter(pk__in=part, merged_into__isnull=False)
                           .values_list("pk", flat=True))
    return score_pairs(sorted(p for p in pairs if not (set(p) & merged_away)), min_score)


def store_candidates(found: Iterable[Found]) -> dict[str, int]:
    """Write the pairs, in one transaction: new ones open; open and "not sure" ones get the new
    score and reasons; pairs decided different or merged are left as they are. Returns counts
    by outcome."""
    counts = {"created": 0, "updated": 0, "kept_decided": 0}
    found = list(found)
    now = timezone.now()
    with transaction.atomic():
        for start in range(0, len(found), CHUNK):
            part = found[start:start + CHUNK]
            stored = {(p.person_a_id, p.person_b_id): p for p in CandidatePair.objects.filter(
                person_a_id__in={f.a for f in part}, person_b_id__in={f.b for f in part})}
            creates, updates = [], []
            for f in part:
                pair = stored.get((f.a, f.b))
                if pair is None:
                    creates.append(CandidatePair(person_a_id=f.a, person_b_id=f.b, score=f.score,
                                                 reasons=f.reasons))
                elif pair.status in (CandidatePair.Status.DIFFERENT, CandidatePair.Status.MERGED):
                    counts["kept_decided"] += 1
                elif pair.score != f.score or pair.reasons != f.reasons:
                    pair.score, pair.reasons, pair.updated_at = f.score, f.reasons, now
                    updates.append(pair)
            CandidatePair.objects.bulk_create(creates, ignore_conflicts=True)
            CandidatePair.objects.bulk_update(updates, ["score", "reasons", "updated_at"])
            counts["created"] += len(creates)
            counts["updated"] += len(updates)
    return counts


def proposed(min_score: float, limit: int | None = None):
    """The stored pairs still to decide (open or not sure) from `min_score` on, best first."""
    pairs = (CandidatePair.objects
             .filter(status__in=[CandidatePair.Status.OPEN, CandidatePair.Status.UNSURE],
                     score__gte=min_score)
             .select_related("person_a", "person_b").order_by("-score", "person_a_id", "person_b_id"))
    return pairs[:limit] if limit else pairs
