"""Name search and full-text search at millions of SYNTHETIC people on PostgreSQL: `memoria scale-bench`.

One run, in a THROWAWAY database (its name must begin with "memoria_scale"; it is dropped
and created anew at the start, and dropped at the end unless --keep):

1. data preparation, not memoria's code under test: N clearly SYNTHETIC people from
   `generate_synthetic` (memoria/benchmarks/name_datasets.py: random combinations of real
   names, 2-4 spellings each), each with a synthetic biography of made-up words (the
   vocabulary of `memoria search-bench`, Zipf-distributed), a birth year, a birth place and,
   for half of them, a unit — written with PostgreSQL's COPY into the archive's own tables
   (people, name variants, places, units, memberships), then ANALYZE;
2. the index build, through memoria's own entry points, each step timed apart:
   `memoria reindex --skip-names` (the full-text index; left out with --skip-fulltext, and the
   full-text search with it), then `memoria reindex-names`
   (the name index; left out with --skip-names, and the name search with it), then ANALYZE
   of the index tables; beside the full-text rebuild, a raw-engine reference in the same run:
   the documents it wrote, copied out and loaded again with COPY alone and their indexes built
   (what PostgreSQL needs for them without memoria's reading and building; rolled back);
3. the searches the public site runs, p50/p95: `find_people` for one spelling of a random
   synthetic person (recall@1 and @10 against the generator's truth: which person it made the
   spelling for), and `search_archive` for a rare word, a common word, a word with a place
   facet and filters alone; beside each, a raw-engine reference in the same run (the GIN
   lookup alone: the first rows of the same tsquery, unranked, no page built).

Results go to bench/results/scale-postgresql-<N>.json, rewritten after every step (with
"finished": false until the end), so a run stopped half-way still leaves its timings.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import platform
import random
import statistics
import time
from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import dj_database_url
import psycopg
from django.core.management import call_command
from django.db import connection, connections, transaction

from memoria.benchmarks.fulltext import _cumulative_zipf, _Get, vocabulary
from memoria.benchmarks.name_datasets import (
    DEFAULT_DEV,
    DEFAULT_SEED,
    generate_synthetic,
)
from memoria.names import InvalidName, query_keys
from memoria.search.archive_search import search_archive
from memoria.search.facets import Filters
from memoria.search.name_backends import encode_key
from memoria.search.people import find_people

PREFIX = "memoria_scale"
PLACES, UNITS = 2_000, 500
BIOGRAPHY_WORDS = (6, 20)
BIRTH_YEARS = (1880, 1930)
SEED = 17
#: The tables whose size on disk is reported.
TABLES = ("archive_person", "archive_namevariant", "archive_membership", "search_indexedname",
          "search_searchdocument", "search_searchfacet")


class ScaleBenchError(Exception):
    """Why the benchmark refuses to run."""


def default_url(people: int) -> str:
    return f"postgres://postgres@127.0.0.1:5432/{PREFIX}_{people}"


# --- the throwaway database -------------------------------------------------------------------

def _maintenance(config: dict) -> psycopg.Connection:
    return psycopg.connect(dbname="postgres", user=config.get("USER") or None,
                           password=config.get("PASSWORD") or None, host=config.get("HOST") or None,
                           port=config.get("PORT") or None, autocommit=True)


def recreate(url: str) -> dict:
    """Drop and create the database of `url`; returns its Django settings."""
    config = dj_database_url.parse(url)
    if not config["ENGINE"].endswith("postgresql"):
        raise ScaleBenchError(f"scale-bench runs on PostgreSQL, not {config['ENGINE']}")
    name = config["NAME"]
    if not name.startswith(PREFIX):
        raise ScaleBenchError(f"the database is dropped first: its name must begin with {PREFIX!r}, not {name!r}")
    with _maintenance(config) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return config


def drop(config: dict) -> None:
    connections.close_all()
    with _maintenance(config) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}" WITH (FORCE)')


def use(config: dict) -> None:
    """Point Django's default connection at that database, as the test runner does for its own."""
    connections["default"].close()
    connections.settings["default"] = config
    connections.configure_settings(connections.settings)
    connections["default"] = connections.create_connection("default")


# --- data preparation: synthetic people, written with COPY ------------------------------------

def read_people(path: str) -> Iterator[tuple[int, list[str]]]:
    """(person number, spellings) from generate_synthetic's TSV; a person's rows are consecutive."""
    current, spellings = None, []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith(("#", "group_id\t")):
                continue
            gid, name, _tag = line.rstrip("\n").split("\t")
            if gid != current:
                if current is not None:
                    yield int(current.rsplit("-", 1)[1]), spellings
                current, spellings = gid, []
            if name not in spellings:
                spellings.append(name)
    if current is not None:
        yield int(current.rsplit("-", 1)[1]), spellings


@contextmanager
def _copy(table: str, columns: tuple[str, ...]):
    with connection.cursor():  # opens Django's connection; COPY is not in Django's cursor API
        pass
    with connection.connection.cursor() as cursor, \
            cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        yield copy


def _named_rows(table: str, label: str, count: int) -> None:
    """`count` published SYNTHETIC places or units, ids 1..count."""
    now = dt.datetime.now(dt.UTC)
    extra = ("kind",) if table == "archive_unit" else ()
    columns = ("id", "created_at", "updated_at", "is_published", "name", "name_en", "description", *extra)
    with _copy(table, columns) as copy:
        for pk in range(1, count + 1):
            copy.write_row((pk, now, now, True, f"Synthetic {label} {pk:04d}", f"Synthetic {label} {pk:04d}",
                            "", *(["military"] if extra else [])))


PERSON_COLUMNS = ("id", "created_at", "updated_at", "external_id", "is_published", "name", "name_ru",
                  "sort_name", "sex", "birth_date", "birth_lower", "birth_upper", "birth_place_id",
                  "death_date", "roles", "biography", "biography_en")


def load_people(path: str, people: int, truth: dict[int, list[str]], progress: Callable[[int], object]) -> dict:
    """COPY the TSV's people, then their spellings, then their units (one COPY at a time:
    a connection holds one), in one transaction. Each person: the first spelling (Cyrillic)
    as the display name, the others as name variants; a biography of made-up words; a birth
    year and place; a unit for half of them. The spellings of the people numbered in `truth`
    are kept there (the query set's answers).
    """
    rnd = random.Random(SEED)
    words = vocabulary()
    cum = _cumulative_zipf(len(words))
    now = dt.datetime.now(dt.UTC)
    units = array("i")  # per person: its unit, or 0 (kept compact: 4 bytes a person)
    with transaction.atomic():
        _named_rows("archive_place", "place", PLACES)
        _named_rows("archive_unit", "unit", UNITS)
        with _copy("archive_person", PERSON_COLUMNS) as copy:
            for number, spellings in read_people(path):
                if number in truth:
                    truth[number] = spellings
                year = rnd.randint(*BIRTH_YEARS)
                biography = "Synthetic person. " + " ".join(
                    rnd.choices(words, cum_weights=cum, k=rnd.randint(*BIOGRAPHY_WORDS)))
                copy.write_row((number, now, now, f"synthetic:{number}", True, spellings[0], spellings[0],
                                "", "", str(year), dt.date(year, 1, 1), dt.date(year, 12, 31),
                                rnd.randint(1, PLACES), "", "", biography, biography))
                units.append(rnd.randint(1, UNITS) if rnd.random() < 0.5 else 0)
                if number % 10_000 == 0:
                    progress(10_000)
        variants = 0
        with _copy("archive_namevariant", ("id", "created_at", "updated_at", "person_id", "text", "script",
                                           "language", "kind")) as copy:
            for number, spellings in read_people(path):
                for text in spellings[1:]:
                    variants += 1
                    copy.write_row((variants, now, now, number, text, "Latn", "", "transliteration"))
        memberships = 0
        with _copy("archive_membership", ("id", "created_at", "updated_at", "person_id", "unit_id", "role",
                                          "date")) as copy:
            for number, unit in enumerate(units, 1):
                if unit:
                    memberships += 1
                    copy.write_row((memberships, now, now, number, unit, "", ""))
    with connection.cursor() as cursor:
        for table in ("archive_person", "archive_namevariant", "archive_membership", "archive_place",
                      "archive_unit"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                           f" (SELECT coalesce(max(id), 1) FROM {table}))")
        cursor.execute("ANALYZE")
    return {"people": people, "name_variants": variants, "memberships": memberships,
            "places": PLACES, "units": UNITS}


# --- the searches ------------------------------------------------------------------------------

def _stats(times: list[float]) -> dict:
    times = sorted(times)
    return {"queries": len(times), "p50_ms": round(statistics.median(times), 2),
            "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2), "max_ms": round(times[-1], 2)}


def _raw_ms(sql: str, params: list) -> float:
    with connection.cursor() as cursor:
        t0 = time.perf_counter()
        cursor.execute(sql, params)
        cursor.fetchall()
        return (time.perf_counter() - t0) * 1000


def _name_tsquery(query: str) -> str | None:
    try:
        return " | ".join(sorted({encode_key(k) for k in query_keys(query)})) or None
    except InvalidName:
        return None


#: Queries whose spellings sharing a key are counted (see measure_names).
SHARING_COUNTED = 5


def measure_names(truth: dict[int, list[str]], budget: float, seed: int = SEED) -> dict:
    """One spelling (not the display name) of each sampled person: is that person found?

    Stops early once `budget` seconds are spent (a search that got slow at scale would
    otherwise keep the run going for hours); the figures say how many queries ran.
    """
    rnd = random.Random(seed)
    times, raw, sharing, hits1, hits10 = [], [], [], 0, 0
    examples = []
    deadline = time.monotonic() + budget
    for number, spellings in sorted(truth.items()):
        if time.monotonic() > deadline:
            break
        query = rnd.choice(spellings[1:] or spellings)
        t0 = time.perf_counter()
        found = [m.person.pk for m in find_people(query, None, limit=10)]
        times.append((time.perf_counter() - t0) * 1000)
        hits1 += bool(found) and found[0] == number
        hits10 += number in found
        if len(examples) < 3:
            examples.append({"person": number, "query": query,
                             "rank": found.index(number) + 1 if number in found else None})
        tsquery = _name_tsquery(query)
        if tsquery:
            raw.append(_raw_ms("SELECT id FROM search_indexedname WHERE to_tsvector('simple', keys)"
                               " @@ to_tsquery('simple', %s) LIMIT 200", [tsquery]))
            if len(sharing) < SHARING_COUNTED:
                sharing.append(tsquery)
    # How many spellings share a key of the query (what the search must not read whole): a count
    # that takes ~75 s a query at 10,000,000 people, so made for a few queries, after the clock.
    with connection.cursor() as cursor:
        for i, tsquery in enumerate(sharing):
            cursor.execute("SELECT count(*) FROM search_indexedname WHERE to_tsvector('simple', keys)"
                           " @@ to_tsquery('simple', %s)", [tsquery])
            sharing[i] = cursor.fetchone()[0]
    return {"find_people": _stats(times),
            "recall_at_1": round(hits1 / len(times), 4), "recall_at_10": round(hits10 / len(times), 4),
            "reference": {"what": "the GIN lookup of the query's keys OR-ed, first 200 spellings, unranked",
                          **_stats(raw)},
            "p50_ratio_to_reference": round(statistics.median(times) / max(statistics.median(raw), 1e-6), 1),
            "spellings_sharing_a_key_median": int(statistics.median(sharing)) if sharing else None,
            "spellings_sharing_a_key_queries": len(sharing),
            "spellings_indexed": _count("search_indexedname"),
            "examples": examples}


def _count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")
        return cursor.fetchone()[0]


def fulltext_queries(count: int, seed: int = SEED) -> list[tuple[str, str, dict]]:
    """(shape, query, filter params): `count` of each shape, fixed by the seed, the shapes in turn."""
    rnd = random.Random(seed)
    words = vocabulary()
    filters = [lambda: {"place": [str(rnd.randint(1, PLACES))]}, lambda: {"unit": [str(rnd.randint(1, UNITS))]},
               lambda: {"from": str(d := rnd.randint(188, 192) * 10), "to": str(d + 9)},
               lambda: {"type": ["person"]}]
    out = []
    for i in range(count):
        out.append(("rare word", rnd.choice(words[1000:]), {}))
        out.append(("common word", rnd.choice(words[:100]), {}))
        out.append(("rare word + place facet", rnd.choice(words[1000:]),
                    {"place": [str(rnd.randint(1, PLACES))]}))
        out.append(("filters alone", "", filters[i % len(filters)]()))
    return out


def _fulltext_reference(query: str, params: dict) -> float:
    if query:
        return _raw_ms("SELECT id FROM search_searchdocument WHERE search_vector @@ to_tsquery('simple', %s)"
                       " AND is_public LIMIT 20", [f"'{query}':*"])
    name, values = next(iter(params.items()))
    if name in ("place", "unit"):
        return _raw_ms("SELECT document_id FROM search_searchfacet WHERE name = %s AND value = %s LIMIT 20",
                       [name, values[0]])
    if name == "type":
        return _raw_ms("SELECT id FROM search_searchdocument WHERE record_type = %s AND is_public LIMIT 20",
                       [values[0]])
    return _raw_ms("SELECT id FROM search_searchdocument WHERE year_lower <= %s AND year_upper >= %s"
                   " AND is_public LIMIT 20", [int(params["to"]), int(params["from"])])


def measure_fulltext(count: int, budget: float) -> dict:
    """p50/p95 per query shape; stops early, as measure_names, once `budget` seconds are spent."""
    times: dict[str, list[float]] = {}
    raw: dict[str, list[float]] = {}
    totals: dict[str, list[int]] = {}
    deadline = time.monotonic() + budget
    for shape, query, params in fulltext_queries(count):
        if time.monotonic() > deadline:
            break
        filters = Filters.from_query(_Get(params))
        t0 = time.perf_counter()
        page = search_archive(query, filters, None, 1)
        times.setdefault(shape, []).append((time.perf_counter() - t0) * 1000)
        totals.setdefault(shape, []).append(page.total)
        raw.setdefault(shape, []).append(_fulltext_reference(query, params))
    return {shape: {**_stats(ts), "median_results": int(statistics.median(totals[shape])),
                    "reference": _stats(raw[shape]),
                    "p50_ratio_to_reference": round(statistics.median(ts) / max(statistics.median(raw[shape]), 1e-6), 1)}
            for shape, ts in times.items()}


def copy_reference() -> dict:
    """Load the full-text index's own rows again with COPY alone, in a transaction rolled back:
    the database's share of a rebuild (the tsvector, the GIN and the other indexes)."""
    from memoria.core import bulk
    from memoria.search.models import SearchDocument, SearchFacet

    dumped = {}
    with connection.cursor():
        pass
    raw = connection.connection
    t0 = time.perf_counter()
    for table, columns in (("search_searchdocument", "id, record_type, object_id, is_public, kind, titles, texts,"
                            " url_args, thumbnail, has_images, year_lower, year_upper, text"),
                           ("search_searchfacet", "id, document_id, name, value")):
        buffer = io.BytesIO()
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) TO STDOUT") as copy:
            for chunk in copy:
                buffer.write(chunk)
        dumped[table] = (columns, buffer.getvalue())
    read = time.perf_counter() - t0
    documents = _count("search_searchdocument")
    with transaction.atomic():
        t0 = time.perf_counter()
        with bulk.indexes_deferred(SearchDocument, SearchFacet):
            with connection.cursor() as cursor:
                cursor.execute("TRUNCATE search_searchfacet, search_searchdocument")
            for table, (columns, data) in dumped.items():
                with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for start in range(0, len(data), 1 << 20):
                        copy.write(data[start:start + (1 << 20)])
        seconds = time.perf_counter() - t0
        transaction.set_rollback(True)
    return {"what": "the rebuilt documents and facets, copied out, then TRUNCATE, COPY in and the same "
                    "indexes built (bulk.indexes_deferred) in one transaction, rolled back",
            "documents": documents, "seconds": round(seconds, 1),
            "documents_per_second": round(documents / max(seconds, 1e-6)),
            "copy_out_seconds": round(read, 1)}


# --- the run -----------------------------------------------------------------------------------

def machine() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
        cursor.execute("SHOW shared_buffers")
        buffers = cursor.fetchone()[0]
    return {"cpus": os.cpu_count(), "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
            "python": platform.python_version(), "postgresql": server, "shared_buffers": buffers,
            "host": platform.node()}


def sizes() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        out = {"database_bytes": cursor.fetchone()[0]}
        for table in TABLES:
            cursor.execute("SELECT pg_total_relation_size(%s)", [table])
            out[f"{table}_bytes"] = cursor.fetchone()[0]
    return out


class Report:
    """The result JSON, rewritten after every step."""

    def __init__(self, out: str | None, log: Callable[[str], object]):
        self.out, self.log = out, log
        self.data: dict = {"finished": False}

    def step(self, name: str, seconds: float) -> None:
        self.data.setdefault("build_seconds", {})[name] = round(seconds, 1)
        self.data["load_average_now"] = [round(x, 2) for x in os.getloadavg()]
        self.log(f"{dt.datetime.now(dt.UTC):%H:%M:%S} {name}: {seconds:.1f} s")
        self.write()

    def write(self) -> None:
        if self.out:
            Path(self.out).parent.mkdir(parents=True, exist_ok=True)
            Path(self.out).write_text(json.dumps(self.data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def run(people: int, url: str, *, name_queries: int, search_queries: int, out: str | None,
        query_budget: float = 900, dev: str = DEFAULT_DEV, workdir: str = "/tmp", keep: bool = False, verbosity: int = 1,
        log: Callable[[str], object] = print, progress_factory=None, skip_names: bool = False, skip_fulltext: bool = False) -> dict:
    config = recreate(url)
    report = Report(out, log)
    report.data.update({
        "what": f"name search and full-text search over {people:,} SYNTHETIC people on PostgreSQL "
                "(memoria scale-bench)",
        "how": __doc__.split("\n\n", 1)[1].strip(),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": config["NAME"],
        "people": people,
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
    })
    try:
        use(config)
        report.data["machine"] = machine()
        t0 = time.perf_counter()
        call_command("migrate", verbosity=0)
        report.step("migrate", time.perf_counter() - t0)

        names_file = str(Path(workdir) / f"{PREFIX}-{people}-names.tsv")
        t0 = time.perf_counter()
        report.data["spellings_generated"] = generate_synthetic(people, names_file, DEFAULT_SEED, dev)
        report.step("prepare: generate synthetic names", time.perf_counter() - t0)

        rnd = random.Random(SEED)
        truth: dict[int, list[str]] = {n: [] for n in rnd.sample(range(1, people + 1), min(name_queries, people))}
        t0 = time.perf_counter()
        with progress_factory(total=people, unit=" people", desc="COPY") as bar:
            report.data["rows"] = load_people(names_file, people, truth, bar.update)
        report.step("prepare: COPY people, spellings, units (and ANALYZE)", time.perf_counter() - t0)
        os.unlink(names_file)

        commands = [*([] if skip_fulltext else [["reindex", "--skip-names"]]), *([] if skip_names else [["reindex-names"]])]
        for command in commands:
            said = io.StringIO()  # the commands' own summary goes to the log, not into --json's output
            t0, cpu0 = time.perf_counter(), time.process_time()
            call_command(*command, verbosity=min(verbosity, 1), stdout=said)
            seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
            report.step(f"index: memoria {' '.join(command)}", seconds)
            log(said.getvalue().strip())
            if command[0] == "reindex":
                documents = _count("search_searchdocument")
                report.data["fulltext_rebuild"] = {
                    "documents": documents, "seconds": round(seconds, 1),
                    "documents_per_second": round(documents / max(seconds, 1e-6)),
                    # memoria's own process (the database server's work is not in it): on a
                    # loaded machine a niced process waits for a core, and this is its share
                    "cpu_seconds_of_this_process": round(cpu, 1),
                    "reference": copy_reference()}
                report.write()
                log(f"full-text rebuild: {report.data['fulltext_rebuild']}")
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_indexedname")
            cursor.execute("ANALYZE search_searchdocument")
            cursor.execute("ANALYZE search_searchfacet")
        report.step("index: ANALYZE of the index tables", time.perf_counter() - t0)
        report.data["sizes"] = sizes()
        report.write()

        # Warm-up, not measured: the first search loads the URL configuration and the name engine.
        if not skip_fulltext:
            search_archive("synthetic", Filters(), None, 1)
        if skip_names:
            report.data["name_search"] = "not measured (--skip-names: no name index built)"
        else:
            find_people(next(iter(truth.values()))[0], None, limit=10)
            report.data["name_search"] = measure_names(truth, query_budget)
            report.write()
            log(f"name search: {report.data['name_search']['find_people']}")
        report.data["fulltext_search"] = ("not measured (--skip-fulltext: no full-text index built)" if skip_fulltext
                                          else measure_fulltext(search_queries, query_budget))
        report.data["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
        report.data["finished"] = True
        report.write()
        return report.data
    finally:
        if not keep:
            drop(config)
