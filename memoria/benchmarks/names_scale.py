"""Scale benchmark of the name search over SYNTHETIC people in the archive's own database.

`memoria names-scale-bench --dataset FILE` loads a name set (the TSV of
`memoria generate-names synthetic N OUT`: one group = one SYNTHETIC person)
into an EMPTY archive as people, name variants and name-index rows — with
the same code that indexes a curator's save — and then times `find_people`,
the search the public site and the back office run. Figures go to stdout
and, with --out, to a JSON file.

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

from memoria.archive.models import NameVariant, Person
from memoria.search import name_index
from memoria.search.people import find_people

BATCH = 5000


def read_groups(path: str) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    with open(path, encoding="utf-8", newline="") as fh:
        rows = (line for line in fh if not line.startswith("#"))
        for row in csv.DictReader(rows, delimiter="\t"):
            if row["name"] not in groups[row["group_id"]]:  # two conventions may agree
                groups[row["group_id"]].append(row["name"])
    return groups


def load(groups: dict[str, list[str]], progress=None) -> dict:
    """Insert people and variants in batches, then index them with name_index."""
    archive_seconds = key_seconds = index_seconds = 0.0
    names = 0
    items = list(groups.items())
    for start in range(0, len(items), BATCH):
        chunk = items[start:start + BATCH]
        with transaction.atomic():
            t0 = time.perf_counter()
            people = Person.objects.bulk_create([
                Person(name_en=spellings[0], external_id=f"bench:{gid}", is_published=True)
                for gid, spellings in chunk
            ])
            variants = NameVariant.objects.bulk_create([
                NameVariant(person=person, text=text, kind=NameVariant.Kind.TRANSLITERATION)
                for person, (_gid, spellings) in zip(people, chunk) for text in spellings[1:]
            ])
            archive_seconds += time.perf_counter() - t0
            t0 = time.perf_counter()
            rows = [row for person in people for row in name_index.rows(person.pk, None, [person.name_en])]
            rows += [row for v in variants for row in name_index.rows(v.person_id, v.pk, [v.text])]
            t1 = time.perf_counter()
            name_index.store(rows)
            t2 = time.perf_counter()
            key_seconds += t1 - t0
            index_seconds += t2 - t1
            names += len(rows)
        if progress:
            progress(len(chunk))
    return {"names": names, "archive_seconds": archive_seconds, "key_seconds": key_seconds,
            "index_seconds": index_seconds}


def measure_queries(groups: dict[str, list[str]], queries: int, seed: int = 7) -> dict:
    """Query one spelling of a random person, hoping to find that person first."""
    rnd = random.Random(seed)
    sample = rnd.sample(sorted(groups), min(queries, len(groups)))
    gid_of_person = dict(Person.objects.filter(external_id__in=[f"bench:{g}" for g in sample])
                         .values_list("external_id", "pk"))
    times, hits1, hits10 = [], 0, 0
    for gid in sample:
        query = rnd.choice(groups[gid][1:] or groups[gid])
        t0 = time.perf_counter()
        matches = find_people(query, None, limit=10)
        times.append((time.perf_counter() - t0) * 1000)
        ids = [m.person.pk for m in matches]
        target = gid_of_person[f"bench:{gid}"]
        hits1 += bool(ids) and ids[0] == target
        hits10 += target in ids
    times.sort()
    return {
        "queries": len(sample),
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
        "max_ms": round(times[-1], 2),
        "recall_at_1": round(hits1 / len(sample), 4),
        "recall_at_10": round(hits10 / len(sample), 4),
    }


def run(dataset: str, queries: int, progress_factory=None) -> dict:
    if Person.objects.exists():
        raise RuntimeError("the archive is not empty: run the benchmark on a throwaway MEMORIA_DATA_DIR")
    groups = read_groups(dataset)
    t0 = time.perf_counter()
    with progress_factory(len(groups)) as bar:
        loaded = load(groups, bar.update)
    load_seconds = time.perf_counter() - t0
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    result = {
        "dataset": dataset,
        "database": connection.vendor,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "people": len(groups),
        "names_indexed": loaded["names"],
        "load_seconds": round(load_seconds, 1),
        "key_generation_names_per_second": round(loaded["names"] / max(loaded["key_seconds"], 1e-9)),
        # Keys computed and written to the index table (people and variants not counted).
        "index_names_per_second": round(
            loaded["names"] / max(loaded["key_seconds"] + loaded["index_seconds"], 1e-9)),
        "search": measure_queries(groups, queries),
    }
    if connection.vendor == "sqlite":
        result["database_bytes"] = Path(connection.settings_dict["NAME"]).stat().st_size
    return result


def write(result: dict, out: str | None) -> None:
    text = json.dumps(result, indent=2, ensure_ascii=False)
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(text + "\n", encoding="utf-8")
    print(text)
