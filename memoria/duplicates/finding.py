"""Finding people who may be one person: facts from the archive, blocking, scoring, storing.

`find_candidates()` over the whole archive streams the name index a batch at a time into the
blocking (candidates.py), loads the facts of each batch of pairs and scores them
(scoring.py); with `person_ids` it looks up each person's blocks in the name index instead
(the check of new and imported people). `store_candidates()` writes CandidatePair rows and
never reopens a pair a curator decided (different people, or merged).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from memoria.archive.models import Membership, NameVariant, Participation, Person, Place
from memoria.duplicates import exclusive
from memoria.duplicates.candidates import (
    BLOCKING_KEY_PREFIXES,
    SKELETON_KEY_PREFIX,
    BlockingStats,
    block_keys,
    candidate_pairs,
    lookup_keys,
    years_compatible,
)
from memoria.duplicates.models import CandidatePair
from memoria.duplicates.prefilter import Sketches, place_keys
from memoria.duplicates.scoring import Dated, PersonFacts, score_pair
from memoria.search import name_backends
from memoria.search.models import IndexedName
from memoria.sources.models import Citation

#: People (and their spellings) read from the database at a time.
BATCH = 1000
#: Pairs scored at a time: the facts of at most twice as many people are held in memory.
SCORE_BATCH = 50_000
#: People whose facts a whole-archive run keeps between batches of pairs (some hundreds of MB).
FACTS_CACHE = 300_000
#: Ids per IN (…) list: below SQLite's limit on query parameters.
CHUNK = 900
#: People one arriving person is scored against at most (those sharing most blocks).
ARRIVAL_CANDIDATES = 60
#: Spellings read from the name index per key of an arriving person's blocks.
ARRIVAL_POSTINGS = 200


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


def score_pairs(pairs: list[tuple[int, int]], min_score: float,
                cache: dict[int, PersonFacts] | None = None) -> list[Found]:
    """Score candidate pairs (lower id first); those from `min_score` on, best first.
    `cache`: facts read by earlier batches of the same run, kept up to FACTS_CACHE people (a
    block's people come back in many pairs)."""
    wanted = {i for pair in pairs for i in pair}
    if cache is None:
        facts = person_facts(wanted)
    else:
        if len(cache) > FACTS_CACHE:
            cache.clear()
        cache |= person_facts(wanted - cache.keys())
        facts = cache
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


#: What a person's sketch (prefilter.py) reads of the person's own row.
SKETCH_COLUMNS = ("pk", "sex", "birth_date", "birth_lower", "birth_upper", "death_date",
                  "death_lower", "death_upper", "birth_place_id", "death_place_id")


def _add_sketches(sketches: Sketches, rows: list[tuple], place_key, person_type,
                  **span) -> dict[int, int | None]:
    """Add the sketches of these people (rows of SKETCH_COLUMNS), their units, events and
    sources read with `span` (person_id__gte/__lte or person_id__in); returns their birth years."""
    units: dict[int, list[int]] = defaultdict(list)
    for person_id, unit_id in Membership.objects.filter(**span).values_list("person_id", "unit_id"):
        units[person_id].append(unit_id)
    events = _counts(Participation.objects.filter(**span), "person_id")
    cited = {k.replace("person_id", "object_id"): v for k, v in span.items()}
    sources = _counts(Citation.objects.filter(content_type=person_type, **cited), "object_id")
    years = {}
    for pk, sex, bdate, blo, bhi, ddate, dlo, dhi, bplace, dplace in rows:
        sketches.add(pk, sex=sex, birth=(blo, bhi) if bdate else None,
                     death=(dlo, dhi) if ddate else None,
                     birth_place=place_key(bplace), death_place=place_key(dplace),
                     units=units.get(pk, ()), events=events.get(pk, 0), sources=sources.get(pk, 0))
        years[pk] = blo.year if blo and bdate else None
    return years


def _place_key():
    return place_keys(Place.objects.values_list("pk", "name").iterator(chunk_size=5000)).get


def _archive_entries(sketches: Sketches, progress: Callable[[int], None] | None):
    """(person id, birth year, name keys that block) of every active person, a batch at a time;
    each person's sketch (prefilter.py) is added to `sketches` on the way."""
    people = active_people().order_by("pk")
    person_type = ContentType.objects.get_for_model(Person)
    place_key = _place_key()
    last = 0
    while True:
        batch = list(people.filter(pk__gt=last).values_list(*SKETCH_COLUMNS)[:BATCH])
        if not batch:
            return
        span = {"person_id__gte": batch[0][0], "person_id__lte": batch[-1][0]}
        keys: dict[int, set[str]] = defaultdict(set)
        for person_id, encoded in IndexedName.objects.filter(**span).values_list("person_id", "keys"):
            keys[person_id].update(k for k in encoded.split() if k[:1] in BLOCKING_KEY_PREFIXES)
        years = _add_sketches(sketches, batch, place_key, person_type, **span)
        for row in batch:
            yield row[0], years[row[0]], keys.get(row[0], ())
        last = batch[-1][0]
        if progress:
            progress(len(batch))


def _counts(rows, column: str) -> dict[int, int]:
    return dict(rows.values(column).annotate(n=Count("pk")).values_list(column, "n"))


def find_candidates(person_ids: Iterable[int] | None = None, *, min_score: float | None = None,
                    progress: Callable[[int], None] | None = None,
                    scored: Callable[[int], None] | None = None,
                    stats: BlockingStats | None = None) -> list[Found]:
    """Pairs of people who may be one person, from `min_score` on, best first.

    Over the whole archive by default; with `person_ids`, only pairs with those people.
    `progress(n)` is told of each batch of people read, `scored(n)` of each batch of pairs
    (ruled out by the prefilter or scored)."""
    min_score = min_score_setting() if min_score is None else min_score
    if person_ids is not None:
        return _arrival_candidates(list(person_ids), min_score)
    stats = stats if stats is not None else BlockingStats()
    expected = IndexedName.objects.count() * 3  # about 3 block keys a spelling (blocking rows)
    sketches = Sketches()
    found: list[Found] = []
    cache: dict[int, PersonFacts] = {}
    for pairs in candidate_pairs(_archive_entries(sketches, progress), stats, expected_rows=expected):
        if not sketches.columns:
            sketches.freeze()  # every person was read before the first pairs come
        for start in range(0, len(pairs), SCORE_BATCH):
            batch = np.array(pairs[start:start + SCORE_BATCH], dtype=np.int64)
            kept = batch[sketches.may_reach(batch, min_score)]
            stats.pairs_ruled_out += len(batch) - len(kept)
            found += score_pairs([(int(a), int(b)) for a, b in kept], min_score, cache)
            if scored:
                scored(len(batch))
    found = _resolve_rivals(found, sketches, min_score)
    found.sort(key=lambda f: (-f.score, f.a, f.b))
    return found


def _resolve_rivals(found: list[Found], sketches: Sketches, min_score: float) -> list[Found]:
    """The pairs that still reach `min_score` once a record matching two people who cannot be
    one has its links weighed against each other (exclusive.py), with the rival in the reasons."""
    if not found:
        return found
    resolved = exclusive.rivals({(f.a, f.b): f.score for f in found}, sketches.apart)
    out = []
    for f in found:
        score, rival = resolved[(f.a, f.b)]
        if score < min_score:
            continue
        if rival is not None:
            me = rival[0] if rival[0] in (f.a, f.b) else rival[1]
            c = rival[1] if me == rival[0] else rival[0]
            other = f.b if me == f.a else f.a
            f = Found(f.a, f.b, score, f.reasons + [
                f"#{me} also matches #{c}, who cannot be the same person as #{other}"])
        out.append(f)
    return out


def _arrival_candidates(person_ids: list[int], min_score: float) -> list[Found]:
    """Pairs of these people, all at once: their blocks (candidates.py) looked up in the name
    index key by key — a few statements for the whole batch —, each person's ARRIVAL_CANDIDATES
    sharing most blocks kept, the pairs the prefilter leaves scored."""
    sketches, person_type, place_key = Sketches(), ContentType.objects.get_for_model(Person), _place_key()
    years: dict[int, int | None] = {}
    for part in _chunks(sorted(set(person_ids))):
        rows = list(active_people().filter(pk__in=part).values_list(*SKETCH_COLUMNS))
        years |= _add_sketches(sketches, rows, place_key, person_type, person_id__in=[r[0] for r in rows])
    wanted: dict[int, set[str]] = defaultdict(set)  # arriving person -> the keys of their blocks
    for part in _chunks(sorted(years)):
        for person_id, encoded in IndexedName.objects.filter(person_id__in=part).values_list("person_id", "keys"):
            keys = encoded.split()
            blocks = block_keys(keys)
            wanted[person_id].update(lookup_keys(blocks))
            if not blocks and years[person_id] is not None:  # a single name: its skeleton (see year_blocks)
                wanted[person_id].update(k for k in keys if k.startswith(SKELETON_KEY_PREFIX))
    holders: dict[str, list[int]] = defaultdict(list)
    for key, other in name_backends.spellings_with(sorted({k for ks in wanted.values() for k in ks}),
                                                   ARRIVAL_POSTINGS):
        holders[key].append(other)
    pairs: set[tuple[int, int]] = set()
    for pk, keys in wanted.items():
        shared = Counter(other for key in keys for other in set(holders[key]) if other != pk)
        for other, _n in shared.most_common(ARRIVAL_CANDIDATES):
            pairs.add((pk, other) if pk < other else (other, pk))
    others = sorted({i for pair in pairs for i in pair} - years.keys())
    for part in _chunks(others):
        rows = list(active_people().filter(pk__in=part).values_list(*SKETCH_COLUMNS))
        years |= _add_sketches(sketches, rows, place_key, person_type, person_id__in=[r[0] for r in rows])
    pairs = {p for p in pairs if p[0] in years and p[1] in years  # not merged into another record
             and years_compatible(years[p[0]], years[p[1]])}
    if not pairs:
        return []
    sketches.freeze()
    batch = np.array(sorted(pairs), dtype=np.int64)
    kept = batch[sketches.may_reach(batch, min_score)]
    return score_pairs([(int(a), int(b)) for a, b in kept], min_score)


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


def refresh_stale(found: Iterable[Found], min_score: float) -> dict[str, int]:
    """After a whole-archive run: the stored pairs still to decide that the run did not find
    again. A pair with a person merged into another record is dropped; the others are scored
    again — an open pair that no longer reaches `min_score` (or the default threshold, if
    lower) is dropped, the rest get their new score and reasons. Pairs decided different or
    merged are never touched. Returns counts by outcome."""
    floor = min(min_score, min_score_setting())
    seen = {(f.a, f.b) for f in found}
    undecided = [CandidatePair.Status.OPEN, CandidatePair.Status.UNSURE]
    stale = [(pk, a, b, status) for pk, a, b, status in CandidatePair.objects.filter(status__in=undecided)
             .values_list("pk", "person_a_id", "person_b_id", "status").iterator(chunk_size=5000)
             if (a, b) not in seen]
    people = {i for _pk, a, b, _s in stale for i in (a, b)}
    active = {pk for part in _chunks(sorted(people))
              for pk in active_people().filter(pk__in=part).values_list("pk", flat=True)}
    live = [(pk, a, b, status) for pk, a, b, status in stale if a in active and b in active]
    rescored = {(f.a, f.b): f for f in score_pairs([(a, b) for _pk, a, b, _s in live], 0.0)}
    drop = [pk for pk, a, b, _s in stale if a not in active or b not in active]
    updates = []
    for pk, a, b, status in live:
        f = rescored.get((a, b))  # none: birth years too far apart to be scored at all
        if (f is None or f.score < floor) and status == CandidatePair.Status.OPEN:
            drop.append(pk)
        elif f is not None:
            updates.append(CandidatePair(pk=pk, score=f.score, reasons=f.reasons, updated_at=timezone.now()))
    with transaction.atomic():
        for part in _chunks(drop):
            CandidatePair.objects.filter(pk__in=part, status__in=undecided).delete()
        CandidatePair.objects.bulk_update(updates, ["score", "reasons", "updated_at"], batch_size=CHUNK)
    return {"dropped": len(drop), "rescored": len(updates)}


def proposed(min_score: float, limit: int | None = None):
    """The stored pairs still to decide (open or not sure) from `min_score` on, best first."""
    pairs = (CandidatePair.objects
             .filter(status__in=[CandidatePair.Status.OPEN, CandidatePair.Status.UNSURE],
                     score__gte=min_score)
             .select_related("person_a", "person_b").order_by("-score", "person_a_id", "person_b_id"))
    return pairs[:limit] if limit else pairs
