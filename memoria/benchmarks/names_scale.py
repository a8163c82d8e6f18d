"""Scale benchmark of the name search over SYNTHETIC people in the archive's own database.

`memoria names-scale-bench --dataset FILE` loads a name set (the TSV of
`memoria generate-names synthetic N OUT`: one group = one SYNTHETIC person)
into an EMPTY archive as people and name variants, builds the name index as
`memoria reindex-names` and a restore do (and, side by side, writes the same
rows as plain executemany/COPY and through the import's path: measure_load),
and then times `find_people`, the search the public site and the back office
run. Figures go to stdout and, with --out, to a JSON file.

Run it on a throwaway data directory, never on a real archive:
    MEMORIA_DATA_DIR=/tmp/names-scale memoria names-scale-bench --dataset /tmp/synthetic-1m.tsv
"""

from __future__ import annotations

import csv
import json
import os
import platform
import random
import statistics
import time
from collections import defaultdict
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from memoria.archive.models import NameVariant, Person
from memoria.benchmarks import sqlite_bytes
from memoria.core import bulk
from memoria.names import rank_candidates
from memoria.names.matching import _pair_skeletons
from memoria.names.normalize import _token_keys, make_token, parse
from memoria.names.phonetic import skeleton, token_forms
from memoria.search import name_backends, name_index
from memoria.search.models import IndexedName
from memoria.search.people import find_people

BATCH = 20_000


def read_groups(path: str) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    with open(path, encoding="utf-8", newline="") as fh:
        rows = (line for line in fh if not line.startswith("#"))
        for row in csv.DictReader(rows, delimiter="\t"):
            if row["name"] not in groups[row["group_id"]]:  # two conventions may agree
                groups[row["group_id"]].append(row["name"])
    return groups


def load_archive(groups: dict[str, list[str]], progress=None) -> None:
    """Insert the people and their name variants, in batches, without indexing them (plain
    multi-row INSERTs, as an import writes records: memoria.core.bulk)."""
    items = list(groups.items())
    now = timezone.now()
    for start in range(0, len(items), BATCH):
        chunk = items[start:start + BATCH]
        with transaction.atomic():
            people = [Person(name_en=spellings[0], external_id=f"bench:{gid}", is_published=True,
                             created_at=now, updated_at=now) for gid, spellings in chunk]
            bulk.insert_objects(Person, people)
            bulk.insert_objects(NameVariant, [
                NameVariant(person=person, text=text, kind=NameVariant.Kind.TRANSLITERATION,
                            created_at=now, updated_at=now)
                for person, (_gid, spellings) in zip(people, chunk) for text in spellings[1:]
            ])
        if progress:
            progress(len(chunk))


def _timed(work) -> tuple[object, float, float]:
    """work()'s result, wall-clock seconds and this process's CPU seconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def _rate(count: int, seconds: float) -> int:
    return round(count / max(seconds, 1e-9))


def measure_load(append_people: int = 100_000, side_by_side: bool = True) -> dict:
    """The index load rates, side by side in one run, on the people loaded by load_archive:

    - `rebuild`: name_index.rebuild(), what `memoria reindex-names` and a restore run (keys
      computed, rows written in bulk, the text index built once);
    - `append`: the import's path (indexing.index_bulk's names) for the first `append_people`
      people, keys computed afresh and rows added to the full index (rolled back);
    - `raw_insert`: the reference, the same rows with their keys already computed, written with
      plain executemany (SQLite; the FTS5 triggers in place) or COPY (PostgreSQL; the GIN index
      in place) into the full index (rolled back);
    - `keys`: computing the keys alone.
    """
    with transaction.atomic():
        spellings, wall, cpu = _timed(name_index.rebuild)
    out = {"spellings": spellings,
           "rebuild": {"seconds": round(wall, 1), "cpu_seconds": round(cpu, 1),
                       "spellings_per_second": _rate(spellings, wall)}}
    if not side_by_side:
        return out
    rows = list(IndexedName.objects.order_by("pk").values_list("person_id", "variant_id", "text", "keys"))
    texts = [row[2] for row in rows]
    _clear_caches()
    _keys, wall, cpu = _timed(lambda: [name_index.keys_of(text) for text in texts])
    out["keys"] = {"seconds": round(wall, 1), "cpu_seconds": round(cpu, 1),
                   "spellings_per_second": _rate(len(texts), wall)}
    cursor_sql = ("INSERT INTO search_indexedname (person_id, variant_id, text, keys)"
                  " VALUES (%s, %s, %s, %s)")

    def raw():
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy("COPY search_indexedname (person_id, variant_id, text, keys)"
                                        " FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                cursor.executemany(cursor_sql, rows)

    out["raw_insert"] = _rolled_back(raw, len(rows))
    first = set(Person.objects.order_by("pk").values_list("pk", flat=True)[:append_people])
    appended = [row for row in rows if row[0] in first]
    _clear_caches()

    def append():
        name_backends.write_rows([(p, v, t, name_index.keys_of(t)) for p, v, t, _k in appended])

    out["append"] = _rolled_back(append, len(appended))
    out["rebuild_to_raw_insert"] = round(out["rebuild"]["spellings_per_second"]
                                         / out["raw_insert"]["spellings_per_second"], 2)
    return out


class _Rollback(Exception):
    pass


def _rolled_back(work, count: int) -> dict:
    try:
        with transaction.atomic():
            _none, wall, cpu = _timed(work)
            raise _Rollback
    except _Rollback:
        pass
    return {"spellings": count, "seconds": round(wall, 1), "cpu_seconds": round(cpu, 1),
            "spellings_per_second": _rate(count, wall)}


def _clear_caches() -> None:
    """Forget the keys computed so far, so that a measurement computes them as a first load does."""
    name_index._ENCODED.clear()
    for cached in (parse, make_token, _token_keys, token_forms, skeleton, _pair_skeletons):
        cached.cache_clear()


def measure_queries(groups: dict[str, list[str]], queries: int, seed: int = 7) -> dict:
    """Query one spelling of a random person, hoping to find that person first.

    A miss is a *tie* when the person's own spelling scores no higher than the tenth person
    found: other people carry a spelling that fits the query as well (at a million SYNTHETIC
    people, "B. Kuznetsov" is the initial and surname of dozens), so no ranking could place
    this one in the first ten but by chance. `recall_at_10_distinguishable` leaves those
    queries out; `misses_not_ties` are the search's own failures."""
    rnd = random.Random(seed)
    sample = rnd.sample(sorted(groups), min(queries, len(groups)))
    gid_of_person = dict(Person.objects.filter(external_id__in=[f"bench:{g}" for g in sample])
                         .values_list("external_id", "pk"))
    times, hits1, hits10, ties = [], 0, 0, 0
    for gid in sample:
        query = rnd.choice(groups[gid][1:] or groups[gid])
        t0 = time.perf_counter()
        matches = find_people(query, None, limit=10)
        times.append((time.perf_counter() - t0) * 1000)
        ids = [m.person.pk for m in matches]
        target = gid_of_person[f"bench:{gid}"]
        hits1 += bool(ids) and ids[0] == target
        hits10 += target in ids
        if target not in ids and len(matches) == 10:
            own = max((score for _i, score in rank_candidates(query, list(enumerate(groups[gid])))), default=0.0)
            ties += own <= matches[-1].score
    times.sort()
    return {
        "queries": len(sample),
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
        "max_ms": round(times[-1], 2),
        "recall_at_1": round(hits1 / len(sample), 4),
        "recall_at_10": round(hits10 / len(sample), 4),
        "misses_that_are_ties": ties,
        "misses_not_ties": len(sample) - hits10 - ties,
        "recall_at_10_distinguishable": round(hits10 / (len(sample) - ties), 4) if len(sample) > ties else None,
    }


def run(dataset: str, queries: int, progress_factory=None, side_by_side: bool = True) -> dict:
    if Person.objects.exists():
        raise RuntimeError("the archive is not empty: run the benchmark on a throwaway MEMORIA_DATA_DIR")
    groups = read_groups(dataset)
    t0 = time.perf_counter()
    with progress_factory(len(groups)) as bar:
        load_archive(groups, bar.update)
    archive_seconds = time.perf_counter() - t0
    load = measure_load(side_by_side=side_by_side)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    result = {
        "dataset": dataset,
        "database": connection.vendor,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "load_average_at_end": [round(x, 1) for x in os.getloadavg()]},
        "people": len(groups),
        "names_indexed": load["spellings"],
        "archive_load_seconds": round(archive_seconds, 1),
        "index_load": load,
        "search": measure_queries(groups, queries),
    }
    if connection.vendor == "sqlite":
        result["database_bytes"] = sqlite_bytes(connection)
    return result


def write(result: dict, out: str | None) -> None:
    text = json.dumps(result, indent=2, ensure_ascii=False)
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(text + "\n", encoding="utf-8")
    print(text)
