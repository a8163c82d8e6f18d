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
import functools
import json
import os
import platform
import random
import resource
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from memoria.benchmarks.name_datasets import (
    DEFAULT_DEV,
    _Component,
    _russian_patronymic,
    name_pools,
)
from memoria.duplicates import exclusive
from memoria.duplicates.candidates import (
    BLOCKING_KEY_PREFIXES,
    BlockingStats,
    candidate_pairs,
)
from memoria.duplicates.prefilter import Sketches
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
#: Thresholds the quality run reports; the held-out run tunes among them.
THRESHOLDS = (0.6, 0.7, 0.75, 0.8, 0.9)
#: The precision a tuned threshold must reach (the issue's target).
TARGET_PRECISION = 0.95


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


def build(persons: int, dev_path: str = DEFAULT_DEV, seed: int = DEFAULT_SEED,
          pools: tuple[list[_Component], list[_Component]] | None = None) -> list[Record]:
    """SYNTHETIC records of `persons` people (and their namesakes), shuffled; their names from
    `pools` (surnames, given names) if given, else from the whole names set."""
    rnd = random.Random(seed)
    surnames, given = pools or name_pools(dev_path)
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

    # A small set's fold may hold one given name only: then no namesake can differ by it.
    several_given = len({name.gid for name in given}) > 1
    pid = 0
    while pid < persons:
        g, s, f = rnd.choice(given), rnd.choice(surnames), rnd.choice(given)
        born = random_day(rnd.randint(1890, 1927))
        place, unit = rnd.randrange(PLACES), rnd.randrange(UNITS)
        pid += 1
        person(pid, g, s, f, born, place, unit)
        if rnd.random() < NAMESAKE_SHARE and pid < persons:
            pid += 1
            if rnd.random() < 0.5 and several_given:  # same surname, another given name, maybe the same year
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
                keys.update(k for k in name_keys(text) if k.startswith(BLOCKING_KEY_PREFIXES))
            except InvalidName:
                continue
        year = r.facts.birth.lower.year if r.facts.birth else None
        yield r.facts.id, year, keys


def quality(records: list[Record], threshold: float, thresholds=THRESHOLDS) -> dict:
    by_id = {r.facts.id: r for r in records}
    truth: dict[int, list[int]] = {}
    for r in records:
        truth.setdefault(r.person, []).append(r.facts.id)
    true_pairs = {(min(x, y), max(x, y)) for ids in truth.values()
                  for i, x in enumerate(ids) for y in ids[i + 1:]}
    stats = BlockingStats()
    started, cpu = time.perf_counter(), time.process_time()
    sketches = Sketches()
    for r in records:
        sketches.add_facts(r.facts)
    sketches.freeze()
    # (score, same person) of every pair blocking gives; a pair the prefilter rules out is
    # below `lowest` (it could not reach it), so it counts as not proposed at any threshold
    lowest = min(thresholds + (threshold,))
    scores: dict[tuple[int, int], float] = {}
    candidates = blocked_true = 0
    for pairs in candidate_pairs(_entries(records), stats, expected_rows=len(records) * 6):
        candidates += len(pairs)
        blocked_true += sum(1 for pair in pairs if pair in true_pairs)
        batch = np.array(pairs, dtype=np.int64)
        reach = sketches.may_reach(batch, lowest)
        stats.pairs_ruled_out += int((~reach).sum())
        for (a, b), kept in zip(pairs, reach):
            if kept:
                score, _reasons = score_pair(by_id[a].facts, by_id[b].facts)
                if score >= lowest:
                    scores[(a, b)] = score
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu


    def at(t: float) -> dict:
        # the finder resolves rival links among the pairs it found from its threshold on
        resolved = exclusive.resolve({p: v for p, v in scores.items() if v >= t}, sketches.apart)
        predicted = [pair in true_pairs for pair, score in resolved.items() if score >= t]
        hits = sum(predicted)
        return {"threshold": t,
                "precision": round(hits / len(predicted), 4) if predicted else None,
                "recall": round(hits / len(true_pairs), 4) if true_pairs else None,
                "pairs_proposed": len(predicted)}

    return {
        "records": len(records), "people": len(truth), "true_pairs": len(true_pairs),
        "candidate_pairs": candidates, "blocking_recall": round(blocked_true / len(true_pairs), 4),
        "blocking": stats.as_dict(),
        **{k: v for k, v in at(threshold).items()},
        "by_threshold": [at(t) for t in thresholds],
        "seconds": round(seconds, 2),
        "seconds_per_100k_records": round(seconds * 100_000 / len(records), 1),
        # wall time depends on what else the machine runs; the CPU time of this process less so
        "cpu_seconds_per_100k_records": round(cpu_seconds * 100_000 / len(records), 1),
    }


def _row_maker(model, given: tuple[str, ...]):
    """The fields of `model` to write (its primary key only if given) and a function making a
    row of their values, in memoria.core.bulk's form, from the values of the `given` attnames;
    every other column takes the model's default (created_at and updated_at: now)."""
    from django.utils import timezone

    from memoria.core import bulk

    template, now = model(), timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key or f.attname in given]
    adapters = {f.attname: bulk.adapter(f) for f in fields}

    def adapted(name, value):
        adapt = adapters[name]
        return adapt(value) if adapt and value is not None else value

    defaults = [adapted(f.attname, now if f.attname in ("created_at", "updated_at")
                        else getattr(template, f.attname)) for f in fields]
    names = [f.attname for f in fields]
    slots = [(names.index(name), adapters[name]) for name in given]

    def make(values) -> tuple:
        row = list(defaults)
        for (slot, adapt), value in zip(slots, values):
            row[slot] = adapt(value) if adapt and value is not None else value
        return tuple(row)

    return fields, make


def fold_pools(dev_path: str, folds: int) -> list[tuple[list[_Component], list[_Component]]]:
    """The names set's surnames and given names split into `folds` parts by name group (a
    stable hash of the group id): every spelling of a name falls in one part."""
    surnames, given = name_pools(dev_path)

    def part(c: _Component) -> int:
        return zlib.crc32(c.gid.encode()) % folds

    return [([c for c in surnames if part(c) == i], [c for c in given if part(c) == i])
            for i in range(folds)]


def held_out(dev_path: str, folds: int, people: int, seed: int, threshold: float,
             thresholds=THRESHOLDS) -> dict:
    """Precision and recall on names the threshold was not chosen on. For each fold: the
    threshold is tuned on records built from the other folds' names (the lowest of
    `thresholds` whose precision reaches TARGET_PRECISION), then both it and the default are
    measured on records built from this fold's names only."""
    parts = fold_pools(dev_path, folds)
    if not all(surnames and given for surnames, given in parts):
        raise ValueError(f"the names set is too small for {folds} folds: a part has no surname or "
                         "no given name")

    def mean(key: str) -> float:
        return round(sum(f[key] or 0 for f in out) / len(out), 4)

    out = []
    for i, test in enumerate(parts):
        train = ([c for j, p in enumerate(parts) if j != i for c in p[0]],
                 [c for j, p in enumerate(parts) if j != i for c in p[1]])
        tuned_on = quality(build(people, dev_path, seed + 100 + i, train), threshold, thresholds)
        reaching = [t["threshold"] for t in tuned_on["by_threshold"]
                    if (t["precision"] or 0) >= TARGET_PRECISION]
        tuned = min(reaching) if reaching else max(thresholds)
        measured = quality(build(people, dev_path, seed + 200 + i, test), threshold,
                           tuple(sorted({*thresholds, tuned})))
        at_tuned = next(t for t in measured["by_threshold"] if t["threshold"] == tuned)
        out.append({"fold": i, "surnames": len(test[0]), "given_names": len(test[1]),
                    "records": measured["records"], "true_pairs": measured["true_pairs"],
                    "precision": measured["precision"], "recall": measured["recall"],
                    "tuned_threshold": tuned, "precision_at_tuned": at_tuned["precision"],
                    "recall_at_tuned": at_tuned["recall"]})
    return {"folds": folds, "threshold": threshold, "precision": mean("precision"),
            "recall": mean("recall"), "precision_at_tuned": mean("precision_at_tuned"),
            "recall_at_tuned": mean("recall_at_tuned"), "by_fold": out}


#: Records turned into rows and written at a time (the rows of all of them would take GBs).
LOAD_CHUNK = 20_000


def load_into_archive(records: list[Record], progress=None) -> None:
    """Write the records into an EMPTY archive as unpublished people (a record's SYNTHETIC id
    is its person's primary key), with their spellings, places, units and name-index rows.

    In one transaction, in bulk (memoria.core.bulk: multi-row INSERTs on SQLite, COPY on
    PostgreSQL): the tables' secondary indexes are built once after the rows are written, and
    the name index is written as `memoria reindex-names` writes it (name_backends.rewrite: its
    text index built in one pass at the end, not by a trigger per row). The rows are those the
    archive's own rebuild of the name index would write (a test compares)."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from memoria.archive.models import Membership, NameVariant, Person, Place, Unit
    from memoria.core import bulk
    from memoria.search import name_backends, name_index

    # the same spellings recur across thousands of SYNTHETIC records: their keys once each
    keys_of = functools.lru_cache(maxsize=1_000_000)(name_index.keys_of)
    if Person.objects.exists():
        raise RuntimeError("the archive is not empty: run the scale benchmark on a throwaway "
                           "MEMORIA_DATA_DIR")
    person_fields, person_row = _row_maker(Person, (
        "id", "name", "name_en", "sex", "external_id", "birth_date", "birth_lower", "birth_upper",
        "birth_place_id"))
    variant_fields, variant_row = _row_maker(NameVariant, ("id", "person_id", "text", "kind"))
    membership_fields, membership_row = _row_maker(Membership, ("person_id", "unit_id"))
    with transaction.atomic(), bulk.indexes_deferred(Person, NameVariant, Membership), \
            name_backends.rewrite(exclusive=True) as write_index:
        places = Place.objects.bulk_create([Place(name=f"Synthetic place {i}") for i in range(PLACES)])
        units = Unit.objects.bulk_create([Unit(name=f"Synthetic unit {i}") for i in range(UNITS)])
        variant_id = 0
        for start in range(0, len(records), LOAD_CHUNK):
            chunk = records[start:start + LOAD_CHUNK]
            people, variants, memberships, index = [], [], [], []
            for r in chunk:
                f, pk = r.facts, r.facts.id
                people.append(person_row((
                    pk, f.names[0], f.names[0], f.sex, f"synthetic:{pk}", f.birth.text if f.birth else "",
                    f.birth.lower if f.birth else None, f.birth.upper if f.birth else None,
                    places[f.birth_place[0]].pk if f.birth_place else None)))
                memberships += [membership_row((pk, units[u].pk)) for u in f.units]
                spellings = [(None, f.names[0])]
                for text in f.names:
                    variant_id += 1
                    variants.append(variant_row((variant_id, pk, text, NameVariant.Kind.ARCHIVE)))
                    spellings.append((variant_id, text))
                index += [(pk, vid, text[:300], keys)
                          for vid, text in spellings if (keys := keys_of(text)) is not None]
            bulk.copy_rows(Person, person_fields, people)
            bulk.copy_rows(NameVariant, variant_fields, variants)
            bulk.copy_rows(Membership, membership_fields, memberships)
            write_index(index)
            if progress:
                progress(len(chunk))
        with connection.cursor() as cursor:  # PostgreSQL's sequences past the ids given
            for sql in connection.ops.sequence_reset_sql(no_style(), [Person, NameVariant]):
                cursor.execute(sql)


def scale(records: list[Record], progress_factory, loaded: bool = False) -> dict:
    """Load the records into the (empty) archive — unless `loaded`: an earlier run of the same
    size and seed loaded them —, then time the whole-archive run and score its pairs against
    the SYNTHETIC truth."""
    from django.db import connection

    from memoria.archive.models import Person
    from memoria.duplicates import finding

    load_seconds = load_cpu = None
    if loaded:
        # the loader commits all records at once (before it did 5,000 at a time, in order: an
        # archive loaded then and interrupted holds the first ones, and the run is measured over those)
        records = records[:Person.objects.count()]
        if not records or not Person.objects.filter(
                pk__in=[records[0].facts.id, records[-1].facts.id], external_id__startswith="synthetic:").count() == 2:
            raise RuntimeError("the archive does not hold the records of this size and seed: load "
                               "them first (without --loaded)")
    else:
        started, cpu = time.perf_counter(), time.process_time()
        with progress_factory(len(records), "loading") as bar:
            load_into_archive(records, bar.update)
        # CPU of this process: SQLite's work included, a PostgreSQL server's not
        load_seconds, load_cpu = round(time.perf_counter() - started, 1), round(time.process_time() - cpu, 1)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    stats = BlockingStats()
    load_before = os.getloadavg()[0]
    started, cpu = time.perf_counter(), time.process_time()
    with progress_factory(len(records), "reading") as read, progress_factory(None, "scoring") as scored:
        found = finding.find_candidates(min_score=finding.min_score_setting(), progress=read.update,
                                        scored=scored.update, stats=stats)
    find_seconds, find_cpu = time.perf_counter() - started, time.process_time() - cpu
    started = time.perf_counter()
    finding.store_candidates(found)
    store_seconds = time.perf_counter() - started
    person_of = {r.facts.id: r.person for r in records}  # a record's id is its person's pk
    members: dict[int, int] = {}
    for r in records:
        members[r.person] = members.get(r.person, 0) + 1
    true_pairs = sum(n * (n - 1) // 2 for n in members.values())
    hits = sum(1 for f in found if person_of.get(f.a) == person_of.get(f.b))
    return {"records": len(records), "database": connection.vendor, "load_seconds": load_seconds,
            "load_cpu_seconds": load_cpu,
            "find_seconds": round(find_seconds, 1), "find_cpu_seconds": round(find_cpu, 1),
            "store_seconds": round(store_seconds, 1),
            "people_per_second": round(len(records) / (find_seconds + store_seconds)),
            "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "load_average_1min": {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2)},
            "pairs_found": len(found), "true_pairs": true_pairs,
            "precision": round(hits / len(found), 4) if found else None,
            "recall": round(hits / true_pairs, 4) if true_pairs else None,
            "blocking": stats.as_dict()}


def machine() -> dict:
    return {"cpus": os.cpu_count(), "python": platform.python_version(),
            "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")}


def write(result: dict, out: str | None) -> str:
    text = json.dumps(result, indent=2, ensure_ascii=False)
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(text + "\n", encoding="utf-8")
    return text
