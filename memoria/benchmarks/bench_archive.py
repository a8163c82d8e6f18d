"""The parts of `memoria bench` that run inside a throwaway archive, each beside its reference.

`memoria bench` runs this module as a subprocess whose MEMORIA_DATA_DIR is the throwaway archive
(`python -m memoria.benchmarks.bench_archive STEP [ARGS]`); each step prints one JSON object:

  prepare                a curator with an API token, and the addresses the load will read
  engines QUERIES        name search and full-text search against the raw engine query alone,
                         and the load rate of both indexes (rebuilt whole, timed)
  import CSV             `memoria import` of the CSV in this process (timed without start-up)
  raw-insert CSV         the reference of the import: the CSV's people and spellings inserted into
                         the same tables with plain executemany (no checks, history or indexes)

Every record it makes or reads is SYNTHETIC (the people of synthetic_import_rows.py).
"""

from __future__ import annotations

import csv
import json
import os
import random
import statistics
import sys
import time


def _stats(times_ms: list[float]) -> dict:
    times_ms = sorted(times_ms)
    return {"queries": len(times_ms), "p50_ms": round(statistics.median(times_ms), 3),
            "p95_ms": round(times_ms[int(0.95 * (len(times_ms) - 1))], 3)}


def prepare() -> dict:
    from django.contrib.auth import get_user_model

    from memoria.api.models import ApiToken
    from memoria.archive.models import Person

    user = get_user_model().objects.create_superuser("bench-curator", "bench@example.invalid", None)
    _token, secret = ApiToken.objects.issue(user, name="memoria bench (SYNTHETIC saves)")
    demo_person = Person.objects.filter(is_published=True, external_id__startswith="demo:").order_by("pk").first()
    synthetic = Person.objects.filter(external_id__startswith="syn:person:").order_by("pk").first()
    return {
        "token": secret,
        "person_path": f"/en/people/{demo_person.pk}/",
        "other_person_path": f"/ru/people/{synthetic.pk}/",
        "search_query": demo_person.name_en.split()[-1],
        "saved_person_id": synthetic.pk,
    }


def _sample_people(count: int, seed: int = 5):
    from memoria.archive.models import NameVariant

    variants = list(NameVariant.objects.filter(person__external_id__startswith="syn:person:", language="de")
                    .values_list("person_id", "text", "person__name_ru"))
    return random.Random(seed).sample(variants, min(count, len(variants)))


def _time_ms(function, *args) -> float:
    t0 = time.perf_counter()
    function(*args)
    return (time.perf_counter() - t0) * 1000


def names(sample) -> dict:
    """find_people (what the search page runs) against its candidates query alone."""
    from memoria.names import query_keys
    from memoria.search.name_backends import candidates
    from memoria.search.people import find_people

    whole, raw, found = [], [], 0
    for person_id, spelling, _ru in sample:
        whole.append(_time_ms(find_people, spelling, None, 10))
        raw.append(_time_ms(lambda q: candidates(query_keys(q), True), spelling))
        found += person_id in [m.person.pk for m in find_people(spelling, None, limit=10)]
    return {"find_people": _stats(whole), "raw_engine_query": _stats(raw),
            "recall_at_10": round(found / len(sample), 3),
            "query": "a German transliteration of a SYNTHETIC person's name (the archive holds it as a spelling)"}


def _raw_fulltext(words: str) -> None:
    from django.db import connection

    from memoria.search.fulltext_backends import match
    from memoria.search.normalize import parse

    found = match(parse(words))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT d.id FROM {found.from_sql} WHERE {found.where_sql} "
                       f"ORDER BY {found.rank_sql} LIMIT 20", found.params)
        cursor.fetchall()


def fulltext(sample) -> dict:
    """search_archive (the search page's whole work) against the full-text MATCH alone, and
    against every statement it sent, replayed straight to the database (the same query, the
    same work asked of the engines: what memoria adds around them)."""
    from memoria.benchmarks.replay import replay, statements
    from memoria.search.archive_search import search_archive
    from memoria.search.facets import Filters

    whole, raw, replayed, counts = [], [], [], []
    for _pk, _spelling, name_ru in sample:
        whole.append(_time_ms(search_archive, name_ru, Filters(), None, 1))
        raw.append(_time_ms(_raw_fulltext, name_ru))
        sent = statements(lambda: search_archive.__wrapped__(name_ru, Filters(), None, 1))
        replayed.append(_time_ms(replay, sent))
        counts.append(len(sent))
    return {"search_archive": _stats(whole), "raw_engine_query": _stats(raw),
            "engine_statements": {**_stats(replayed), "statements_per_search": statistics.median(counts)},
            "query": "a SYNTHETIC person's Russian name"}


def index_load() -> dict:
    """Both indexes rebuilt from the archive, timed: entries written per second."""
    from django.core.management import call_command

    from memoria.search.models import IndexedName, SearchDocument

    t0 = time.perf_counter()
    call_command("reindex-names", verbosity=0)
    name_seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    call_command("reindex", verbosity=0)
    fulltext_seconds = time.perf_counter() - t0
    names_count, documents = IndexedName.objects.count(), SearchDocument.objects.count()
    return {"names_indexed": names_count, "names_seconds": round(name_seconds, 2),
            "names_per_second": round(names_count / name_seconds),
            "documents_indexed": documents, "documents_seconds": round(fulltext_seconds, 2),
            "documents_per_second": round(documents / fulltext_seconds)}


def engines(queries: int) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    sample = _sample_people(queries)
    # Warm up: the first search loads the URL configuration and the engines' statements.
    names(sample[:3])
    fulltext(sample[:3])
    return {"names": names(sample), "fulltext": fulltext(sample), "index_load": index_load()}


def _row(model, values: dict, connection) -> list:
    """A full row of `model` for INSERT: the given values, every other column its default."""
    from django.utils import timezone

    row = []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        if field.attname in values:
            value = values[field.attname]
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = timezone.now()
        else:
            value = field.get_default()
        row.append(field.get_db_prep_save(value, connection))
    return row


def _insert_sql(model, connection) -> str:
    columns = [f.column for f in model._meta.concrete_fields if not f.primary_key]
    return (f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} "
            f"({', '.join(connection.ops.quote_name(c) for c in columns)}) "
            f"VALUES ({', '.join(['%s'] * len(columns))})")


def raw_insert(csv_path: str) -> dict:
    """The CSV's people (the columns they share with archive_person) and their spellings, with
    executemany in one transaction: the floor under what `memoria import` does with them."""
    from django.db import connection, transaction

    from memoria.archive.models import NameVariant, Person

    with open(csv_path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    columns = {f.attname for f in Person._meta.concrete_fields}
    t0 = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(_insert_sql(Person, connection), [
            _row(Person, {k: (v == "yes" if k == "is_published" else v) for k, v in row.items() if k in columns},
                 connection)
            for row in rows])
        cursor.execute("SELECT external_id, id FROM archive_person")
        ids = dict(cursor.fetchall())
        variants = []
        for row in rows:
            for item in row["variants"].split(";"):
                text, language, kind = (part.strip() for part in item.split("|"))
                variants.append(_row(NameVariant, {"person_id": ids[row["external_id"]], "text": text,
                                                   "language": language, "kind": kind}, connection))
        cursor.executemany(_insert_sql(NameVariant, connection), variants)
    seconds = time.perf_counter() - t0
    return {"rows": len(rows), "spellings": len(variants), "seconds": round(seconds, 3),
            "rows_per_minute": round(len(rows) / seconds * 60)}


def import_csv(csv_path: str) -> dict:
    from django.core.management import call_command

    with open(csv_path, encoding="utf-8", newline="") as fh:
        rows = sum(1 for _ in csv.DictReader(fh))
    t0 = time.perf_counter()
    call_command("import", csv_path, verbosity=0)
    seconds = time.perf_counter() - t0
    return {"rows": rows, "seconds": round(seconds, 3), "rows_per_minute": round(rows / seconds * 60)}


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "memoria.settings")
    import django

    django.setup()
    step, *args = argv
    result = {"prepare": prepare, "engines": lambda: engines(int(args[0])),
              "import": lambda: import_csv(args[0]), "raw-insert": lambda: raw_insert(args[0])}[step]()
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
