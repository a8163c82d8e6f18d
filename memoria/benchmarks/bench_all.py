"""`memoria bench`: every speed figure of issue #17 in one run, each beside its reference.

On a throwaway archive (a temporary MEMORIA_DATA_DIR: the demo plus `size` SYNTHETIC people
imported with `memoria import`), served by `memoria serve` as visitors get it:

1. pages: the static site.css, then the home page, a person page, a search, OAI-PMH ListRecords and
   the API's list, each with wrk at c=8 (req/s, p50, p99) and c=32 (p99), with the page cache on and
   off (two servers, one after the other); each page's req/s as a share of the static file's, which
   the same server served in the same run;
2. a curator's save (PATCH through the API) alone and while wrk keeps 32 connections reading pages;
3. name search and full-text search at that size against the raw engine query alone, and the load
   rate of both indexes (bench_archive.py, in the archive);
4. the import of those people against plain executemany of the same rows into the same tables.

Figures go to bench/results/bench.json and the table of docs/PERFORMANCE.md
(performance_doc.py), with the machine they were measured on. The machine may be shared:
the ratios are what the targets are about.
"""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from memoria.benchmarks import http_load, saves_under_load
from memoria.benchmarks.synthetic_import_rows import PEOPLE_HEADER, csv_text, people_rows

STATIC = "/static/memoria/site.css"
#: A share of the static file's req/s that each page reaches at least, with the cache on and off.
TARGETS = {"home": (0.30, 0.10), "person": (0.30, 0.10), "search": (0.30, 0.10), "oai": (0.05, 0.05)}
P99_LIMIT_MS = 1000
READERS = 32
#: Rate limits the load never reaches, so that every request is still counted as in production.
UNREACHED_LIMITS = {f"MEMORIA_RATE_LIMIT_{area}": "100000000/60" for area in ("SEARCH", "NAMES", "API", "OAI")}


def machine() -> dict:
    model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    memory_kb = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal")), 0)
    return {"cpu": model, "cpus": os.cpu_count(), "nproc": len(os.sched_getaffinity(0)), "memory_gb": round(memory_kb / 1024 / 1024, 1),
            "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
            "system": platform.platform(), "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}


def _env(data_dir: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MEMORIA_CACHE_URL",
                                                           "DATABASE_REPLICA_URLS", "MEMORIA_S3_BUCKET")}
    return {**env, "MEMORIA_DATA_DIR": str(data_dir), "MEMORIA_IMPORT_MAX_MB": "500", **UNREACHED_LIMITS, **extra}


#: The throwaway databases of a run on PostgreSQL (--database): the archive and the import's reference.
POSTGRES_DATABASES = {"archive": "memoria_bench", "reference": "memoria_bench_reference"}


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@contextmanager
def postgres_databases(server_url: str, replica_url: str | None):
    """{"archive": env additions, "reference": …}: throwaway databases on the server, dropped first
    and at the end. A replica is a hot standby of the whole server, so each database reaches it by
    streaming replication and its URL only takes the database's name."""
    import psycopg

    def admin():
        return psycopg.connect(_with_database(server_url, "postgres"), autocommit=True)

    def drop_all():
        with admin() as connection:
            for name in POSTGRES_DATABASES.values():
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    drop_all()
    with admin() as connection:
        for name in POSTGRES_DATABASES.values():
            connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {role: {"DATABASE_URL": _with_database(server_url, name),
                      **({"DATABASE_REPLICA_URLS": _with_database(replica_url, name)}
                         if replica_url and role == "archive" else {})}
               for role, name in POSTGRES_DATABASES.items()}
    finally:
        drop_all()


def postgres_version(server_url: str) -> str:
    import psycopg

    with psycopg.connect(server_url) as connection:
        return connection.execute("SHOW server_version").fetchone()[0]


def _memoria(env: dict, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "memoria", *args], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise http_load.LoadError(f"memoria {' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return done.stdout


def _in_archive(env: dict, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "memoria.benchmarks.bench_archive", *args], env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise http_load.LoadError(f"bench_archive {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def build_archive(work: Path, size: int, progress, databases: dict | None = None) -> tuple[dict, dict]:
    """The throwaway archive (demo + `size` SYNTHETIC people), and the import beside its reference.
    `databases` (postgres_databases) puts both on PostgreSQL; without it each is a SQLite file."""
    databases = databases or {"archive": {}, "reference": {}}
    people_csv = work / "synthetic-people.csv"
    people_csv.write_text(csv_text(PEOPLE_HEADER, people_rows(size)), encoding="utf-8")
    env = _env(work / "archive", **databases["archive"])
    progress(f"archive: migrate, demo, import {size} SYNTHETIC people")
    _memoria(env, "migrate", "-v", "0")
    _memoria(env, "demo")
    imported = _in_archive(env, "import", str(people_csv))
    progress("import reference: executemany into an empty archive")
    reference_env = _env(work / "reference", **databases["reference"])
    _memoria(reference_env, "migrate", "-v", "0")
    raw = _in_archive(reference_env, "raw-insert", str(people_csv))
    return env, {
        "rows": size, "import_seconds": imported["seconds"], "import_rows_per_minute": imported["rows_per_minute"],
        "raw_executemany": raw, "ratio_to_raw": round(imported["rows_per_minute"] / raw["rows_per_minute"], 3),
        "how": "`memoria import` of the CSV (the command in a warm process: reading, checks, records, spellings, "
               "history rows and both indexes) against executemany of its people and spellings alone",
    }


def _pages(prepared: dict) -> dict:
    return {
        "home": "/en/",
        "person": prepared["person_path"],
        "search": f"/en/search/?q={prepared['search_query']}",
        "oai": "/oai?verb=ListRecords&metadataPrefix=oai_dc",
        "api_list": "/api/people",
    }


def measure_pages(env: dict, pages: dict, seconds: float, work: Path, progress) -> dict:
    modes = {}
    for mode, cache_seconds in (("cached", "600"), ("uncached", "0")):
        progress(f"pages, page cache {mode}")
        with http_load.Server({**env, "MEMORIA_PAGE_CACHE_SECONDS": cache_seconds}, work / f"serve-{mode}.log") as server:
            server.wait_ready("/en/")
            for path in pages.values():  # each page rendered once before it is measured
                server.wait_ready(path)
            static = http_load.wrk(server.base + STATIC, 8, seconds, server)
            rows = {"static": {"c8": http_load.as_dict(static), "ratio_to_static": 1.0,
                               "cpu_ratio_to_static": 1.0 if static.server_cpu_ms else None}}
            for name, path in pages.items():
                at8 = http_load.wrk(server.base + path, 8, seconds, server)
                at32 = http_load.wrk(server.base + path, READERS, seconds)
                rows[name] = {"path": path, "c8": http_load.as_dict(at8), "c32": http_load.as_dict(at32),
                              "ratio_to_static": round(at8.req_s / static.req_s, 4),
                              "cpu_ratio_to_static": _cpu_ratio(static, at8)}
            modes[mode] = rows
    return modes


def _cpu_ratio(static, page) -> float | None:
    """The static file's server CPU per request ÷ the page's: the share of static that a server
    with nothing else to do would reach (what req/s measures, without the other tenants' noise)."""
    if not (static.server_cpu_ms and page.server_cpu_ms):
        return None
    return round(static.server_cpu_ms / page.server_cpu_ms, 4)


def verdicts(pages: dict, saves: dict, fulltext: dict) -> dict:
    out = {}
    for name, (cached_target, uncached_target) in TARGETS.items():
        for mode, target in (("cached", cached_target), ("uncached", uncached_target)):
            ratio = pages[mode][name]["ratio_to_static"]
            out[f"{name} {mode} ≥ {target:.0%} of static req/s"] = {"value": ratio, "met": ratio >= target}
    # A page none of whose requests finished within the run (p99 None) is the worst of all.
    p99s = [(row["c32"]["p99_ms"], f"{name} {mode}") for mode, rows in pages.items()
            for name, row in rows.items() if "c32" in row]
    value, page = max(p99s, key=lambda entry: float("inf") if entry[0] is None else entry[0])
    out[f"no page's p99 above {P99_LIMIT_MS} ms at c=32"] = {
        "value": value, "worst": page, "met": value is not None and value <= P99_LIMIT_MS}
    out["a curator's save p95 ≤ 300 ms with 32 readers"] = {"value": saves["with_readers"]["p95_ms"],
                                                           "met": saves["target_met"]}
    # What memoria adds around the engines: the whole search against the very statements it
    # sent, replayed straight to the database (the ratio to a bare MATCH is in the table above).
    ratio = round(fulltext["search_archive"]["p50_ms"] / fulltext["engine_statements"]["p50_ms"], 2)
    out["full-text search ≤ 3× its own statements replayed, p50"] = {"value": ratio, "met": ratio <= 3}
    return out


def database_label(database_url: str | None, replica_url: str | None) -> str:
    if not database_url:
        return "SQLite"
    return "PostgreSQL with a streaming read replica" if replica_url else "PostgreSQL"


def run(size: int, seconds: float, progress=print, database_url: str | None = None,
        replica_url: str | None = None) -> dict:
    http_load.wrk_path()  # refuse at once without wrk
    started = datetime.now(timezone.utc)
    about = machine()
    if database_url:
        about["postgresql"] = postgres_version(database_url)
    with tempfile.TemporaryDirectory(prefix="memoria-bench-") as tmp, \
            (postgres_databases(database_url, replica_url) if database_url else _no_databases()) as databases:
        work = Path(tmp)
        env, imported = build_archive(work, size, progress, databases)
        prepared = _in_archive(env, "prepare")
        pages = _pages(prepared)
        page_figures = measure_pages(env, pages, seconds, work, progress)
        progress(f"a curator's saves, alone and with {READERS} readers")
        with http_load.Server(env, work / "serve-saves.log") as server:
            server.wait_ready("/en/")
            readers = [pages["home"], pages["person"], pages["search"], prepared["other_person_path"]]
            for path in readers:
                server.wait_ready(path)
            saves = saves_under_load.measure(server, prepared["token"], prepared["saved_person_id"], readers,
                                             READERS, max(seconds * 2, 20), work)
        progress("name and full-text search against the raw engine query; index load rate")
        engines = _in_archive(env, "engines", "200")
    about["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    return {
        "what": "memoria's pages, a curator's save under load, the two search engines, the index load and "
                "the import, each against its reference in the same run (`memoria bench`)",
        "how": {
            "archive": f"throwaway archive on {database_label(database_url, replica_url)}: the demo exhibition + {size} SYNTHETIC people "
                       "(memoria/benchmarks/synthetic_import_rows.py) imported with `memoria import`",
            "server": "`memoria serve` (gunicorn, 2 workers x 4 threads), page cache in files of the data dir; "
                      "rate limits set out of reach, so each request is still counted",
            "load": f"wrk {seconds:g} s per figure, c=8 for req/s and p50/p99, c=32 for p99; "
                    "pages rendered once before each is measured",
            "saves": "PATCH /api/people/<id> with a token and If-Match, one every 0.5 s, alone then while wrk "
                     f"keeps {READERS} connections reading home, person, search and person pages in turn",
        },
        "date": started.isoformat(timespec="seconds"),
        "machine": about,
        "size": size,
        "database": database_label(database_url, replica_url),
        "pages": page_figures,
        "saves": saves,
        "search": {"names": engines["names"], "fulltext": engines["fulltext"]},
        "index_load": engines["index_load"],
        "import": imported,
        "targets": verdicts(page_figures, saves, engines["fulltext"]),
    }


@contextmanager
def _no_databases():
    yield None


def write(result: dict, out_dir: str) -> Path:
    name = {"SQLite": "bench.json", "PostgreSQL": "bench-postgresql.json"}.get(result["database"], "bench-postgresql-replica.json")
    path = Path(out_dir) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
