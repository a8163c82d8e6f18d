"""Benchmark of duplicate finding on SYNTHETIC records built from real name spellings.

The dataset (deterministic, never stored): people whose given names, surnames and fathers'
names are dev-set groups (/work/shared/names/dev.tsv: real spellings, Kazakh/Russian Cyrillic
and Latin). Each person is SYNTHETIC — no biography, a random birth date in 1890–1927, a place
"Synthetic place N", a unit "Synthetic unit N" — and is split into 1–4 records, each spelling
the name another real way (surname first or last, with patronymic or initial, Cyrillic or Latin)
and giving the birth date as a full date, a year, or not at all. Namesake distractors are other
people with the same surname and another given name, or the same whole name and another birth
year and place.

`quality()` runs blocking and scoring (candidates.py, scoring.py) in memory, plain Python, and
reports pair precision and recall at the threshold (recall counts pairs lost by blocking too)
and the time per 100,000 records. `scale()` loads N such records into an EMPTY archive (a
throwaway MEMORIA_DATA_DIR) and times `memoria duplicates`' own run over the database.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import random
import time
from dataclasses import dataclass
from pathlib import Path

from memoria.benchmarks.name_datasets import (
    DEFAULT_DEV,
    _Component,
    _russian_patronymic,
    name_pools,
)
from memoria.duplicates.candidates import BlockingStats, block_keys, candidate_pairs
from memoria.duplicates.scoring import Dated, PersonFacts, score_pair
from memoria.names import InvalidName, name_keys

DEFAULT_SEED = 14
#: Share of people split into 1, 2, 3, 4 records.
SPLITS = (1, 2, 3, 4)
SPLIT_WEIGHTS = (0.35, 0.35, 0.2, 0.1)
#: Share of people who get a namesake distractor; of records without a birth date, with a
#: birth place, with a unit (a loss report or award sheet nearly always gives a birth year
#: and a birth or draft place, less often the unit).
NAMESAKE_SHARE = 0.5
NO_BIRTH_DATE = 0.1
WITH_PLACE, WITH_UNIT = 0.7, 0.5
PLACES, UNITS = 300, 120


@dataclass(frozen=True)
class Record:
    person: int          # the SYNTHETIC person the record stands for (the truth)
    facts: PersonFacts


def _spellings(rnd: random.Random, g: _Component, s: _Component, f: _Component) -> list[str]:
    """One or two whole-name spellings of a record, from the real spellings of its name parts."""
    g_cyr, s_cyr = rnd.choice(g.kk or g.cyr), rnd.choice(s.kk or s.cyr)
    g_ru, s_ru = rnd.choice(g.ru or g.cyr), rnd.choice(s.ru or s.cyr)
    g_lat, s_lat = rnd.choice(g.lat), rnd.choice(s.lat)
    pat_ru = _russian_patronymic(rnd.choice(f.ru or f.cyr))
    forms = [
        f"{s_cyr} {g_cyr}", f"{g_ru} {s_ru}", f"{s_ru} {g_ru[0]}.",
        f"{s_cyr} {g_cyr} {rnd.choice(f.kk or f.cyr)} ұлы",
        f"{g_lat} {s_lat}", f"{s_lat} {g_lat}", f"{g_lat[0]}. {s_lat}", f"{s_lat}, {g_lat}",
    ]
    if pat_ru:
        forms.append(f"{s_ru} {g_ru} {pat_ru}")
    return rnd.sample(forms, rnd.choice((1, 1, 2)))


def _birth(rnd: random.Random, born: datetime.date) -> Dated | None:
    roll = rnd.random()
    if roll < NO_BIRTH_DATE:
        return None
    if roll < 0.55:
        text = str(born.year)
        return Dated(text, datetime.date(born.year, 1, 1), datetime.date(born.year, 12, 31))
    return Dated(born.isoformat(), born, born)


def build(persons: int, dev_path: str = DEFAULT_DEV, seed: int = DEFAULT_SEED) -> list[Record]:
    """SYNTHETIC records of `persons` people (and their namesakes), shuffled."""
    rnd = random.Random(seed)
    surnames, given = name_pools(dev_path)
    records: list[Record] = []
    next_id = 1

    def person(pid: int, g, s, f, born: datetime.date, place: int, unit: int) -> None:
        nonlocal next_id
        for _ in range(rnd.choices(SPLITS, SPLIT_WEIGHTS)[0]):
            facts = PersonFacts(
                id=next_id, names=tuple(_spellings(rnd, g, s, f)), sex="male",
                birth=_birth(rnd, born),
                birth_place=(place, f"Synthetic place {place}") if rnd.random() < WITH_PLACE else None,
                units={unit: f"Synthetic unit {unit}"} if rnd.random() < WITH_UNIT else {})
            records.append(Record(pid, facts))
            next_id += 1

    def random_day(year: int) -> datetime.date:
        return datetime.date(year, 1, 1) + datetime.timedelta(days=rnd.randrange(365))

    pid = 0
    while pid < persons:
        g, s, f = rnd.choice(given), rnd.choice(surnames), rnd.choice(given)
        born = random_day(rnd.randint(1890, 1927))
        place, unit = rnd.randrange(PLACES), rnd.randrange(UNITS)
        pid += 1
        person(pid, g, s, f, born, place, unit)
        if rnd.random() < NAMESAKE_SHARE and pid < persons:
            pid += 1
            if rnd.random() < 0.5:  # same surname, another given name, maybe the same year
                other = g
                while other.gid == g.gid:
                    other = rnd.choice(given)
                person(pid, other, s, rnd.choice(given), random_day(born.year + rnd.choice((0, 0, 3))),
                       rnd.randrange(PLACES), rnd.randrange(UNITS))
            else:                   # same whole name, born another year in another place
                year = born.year + rnd.choice((-1, 1)) * rnd.randint(2, 8)
                person(pid, g, s, rnd.choice(given), random_day(year),
                       (place + 1 + rnd.randrange(PLACES - 1)) % PLACES, rnd.randrange(UNITS))
    rnd.shuffle(records)
    return records


def _entries(records: list[Record]):
    for r in records:
        keys: set[str] = set()
        for text in r.facts.names:
            try:
                keys |= block_keys(name_keys(text))
            except InvalidName:
                continue
        year = r.facts.birth.lower.year if r.facts.birth else None
        yield r.facts.id, year, keys


def quality(records: list[Record], threshold: float, thresholds=(0.6, 0.7, 0.75, 0.8, 0.9)) -> dict:
    by_id = {r.facts.id: r for r in records}
    truth: dict[int, list[int]] = {}
    for r in records:
        truth.setdefault(r.person, []).append(r.facts.id)
    true_pairs = {(min(x, y), max(x, y)) for ids in truth.values()
                  for i, x in enumerate(ids) for y in ids[i + 1:]}
    stats = BlockingStats()
    started, cpu = time.perf_counter(), time.process_time()
    scored: list[tuple[float, bool]] = []
    for pairs in candidate_pairs(_entries(records), stats, expected_rows=len(records) * 6):
        for a, b in pairs:
            score, _reasons = score_pair(by_id[a].facts, by_id[b].facts)
            scored.append((score, (a, b) in true_pairs))
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    blocked_true = sum(1 for _s, same in scored if same)

    def at(t: float) -> dict:
        predicted = [same for score, same in scored if score >= t]
        hits = sum(predicted)
        return {"threshold": t,
                "precision": round(hits / len(predicted), 4) if predicted else None,
                "recall": round(hits / len(true_pairs), 4) if true_pairs else None,
                "pairs_proposed": len(predicted)}

    return {
        "records": len(records), "people": len(truth), "true_pairs": len(true_pairs),
        "candidate_pairs": len(scored), "blocking_recall": round(blocked_true / len(true_pairs), 4),
        "blocking": stats.as_dict(),
        **{k: v for k, v in at(threshold).items()},
        "by_threshold": [at(t) for t in thresholds],
        "seconds": round(seconds, 2),
        "seconds_per_100k_records": round(seconds * 100_000 / len(records), 1),
        # wall time depends on what else the machine runs; the CPU time of this process less so
        "cpu_seconds_per_100k_records": round(cpu_seconds * 100_000 / len(records), 1),
    }


def load_into_archive(records: list[Record], progress=None) -> None:
    """Write the records into an EMPTY archive as unpublished people, with their spellings,
    places, units and name-index rows (search's own entry point for bulk loads)."""
    from django.db import transaction

    from memoria.archive.models import Membership, NameVariant, Person, Place, Unit
    from memoria.search import name_index

    if Person.objects.exists():
        raise RuntimeError("the archive is not empty: run the scale benchmark on a throwaway "
                           "MEMORIA_DATA_DIR")
    with transaction.atomic():
        places = Place.objects.bulk_create([Place(name=f"Synthetic place {i}") for i in range(PLACES)])
        units = Unit.objects.bulk_create([Unit(name=f"Synthetic unit {i}") for i in range(UNITS)])
    for start in range(0, len(records), 5000):
        chunk = records[start:start + 5000]
        with transaction.atomic():
            people = Person.objects.bulk_create([
                Person(name=r.facts.names[0], name_en=r.facts.names[0], sex=r.facts.sex,
                       external_id=f"synthetic:{r.facts.id}",
                       birth_date=r.facts.birth.text if r.facts.birth else "",
                       birth_lower=r.facts.birth.lower if r.facts.birth else None,
                       birth_upper=r.facts.birth.upper if r.facts.birth else None,
                       birth_place=places[r.facts.birth_place[0]] if r.facts.birth_place else None)
                for r in chunk])
            variants = NameVariant.objects.bulk_create([
                NameVariant(person=p, text=text, kind=NameVariant.Kind.ARCHIVE)
                for p, r in zip(people, chunk) for text in r.facts.names])
            Membership.objects.bulk_create([
                Membership(person=p, unit=units[u]) for p, r in zip(people, chunk) for u in r.facts.units])
            rows = [row for p in people for row in name_index.rows(p.pk, None, [p.name_en])]
            rows += [row for v in variants for row in name_index.rows(v.person_id, v.pk, [v.text])]
            name_index.store(rows)
        if progress:
            progress(len(chunk))


def scale(records: list[Record], progress_factory) -> dict:
    """Load the records into the (empty) archive, then time the whole-archive run."""
    from django.db import connection

    from memoria.duplicates import finding

    started = time.perf_counter()
    with progress_factory(len(records), "loading") as bar:
        load_into_archive(records, bar.update)
    load_seconds = time.perf_counter() - started
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    stats = BlockingStats()
    started, cpu = time.perf_counter(), time.process_time()
    with progress_factory(len(records), "reading") as read, progress_factory(None, "scoring") as scored:
        found = finding.find_candidates(min_score=finding.min_score_setting(), progress=read.update,
                                        scored=scored.update, stats=stats)
    find_seconds, find_cpu = time.perf_counter() - started, time.process_time() - cpu
    started = time.perf_counter()
    finding.store_candidates(found)
    store_seconds = time.perf_counter() - started
    return {"records": len(records), "database": connection.vendor, "load_seconds": round(load_seconds, 1),
            "find_seconds": round(find_seconds, 1), "find_cpu_seconds": round(find_cpu, 1),
            "store_seconds": round(store_seconds, 1),
            "pairs_found": len(found), "blocking": stats.as_dict()}


def machine() -> dict:
    return {"cpus": os.cpu_count(), "python": platform.python_version()}


def write(result: dict, out: str | None) -> str:
    text = json.dumps(result, indent=2, ensure_ascii=False)
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(text + "\n", encoding="utf-8")
    return text
