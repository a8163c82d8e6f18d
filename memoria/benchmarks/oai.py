"""OAI-PMH benchmark: how fast /oai lists a page over a million SYNTHETIC records.

`memoria oai-bench` fills a THROWAWAY SQLite database (a temporary data
directory, never the archive you run) with clearly synthetic, published
records — "Synthetic item 0000001", "Synthetic Person 0000002", inventory
numbers "SYN-…" — mixed over four record types, each with its own datestamp
spread over about three years, plus synthetic deletions in the history
table. Then it times, through the Django test client (the whole middleware
stack), ListRecords/oai_dc:

- first_page        the first page of an unselective harvest (it also counts the list)
- deep_page         a page 60 % into the list, via a resumption token
- set_page          the first page of set=type:item
- from_until_page   the first page of a one-month from/until window

and writes p50/p95 milliseconds per case to bench/results/oai.json.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import platform
import statistics
import time
from pathlib import Path

from django.conf import settings
from django.db import connection, reset_queries, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from memoria.archive.models import Event, Item, Person, Place
from memoria.interop import oai_listing, oai_sets, oai_tokens
from memoria.interop.oai_args import Window
from memoria.interop.oai_listing import Key

BATCH = 10_000
BASE = dt.datetime(2022, 1, 1, tzinfo=dt.UTC)
STEP = dt.timedelta(seconds=90)  # 1,000,000 records span about 2.9 years
DELETIONS = 2_000
TARGET_MS = 200

# Record i belongs to a type by i % 10: 40 % items, 30 % people, 20 % events, 10 % places.
_MIX = [(Item, 4), (Person, 3), (Event, 2), (Place, 1)]


def _type_of(i: int):
    slot = i % 10
    for model, share in _MIX:
        if slot < share:
            return model
        slot -= share
    raise AssertionError(slot)


def _synthetic(model, i: int, stamp: dt.datetime):
    common = {"is_published": True, "created_at": stamp, "updated_at": stamp}
    if model is Item:
        return Item(inventory_number=f"SYN-{i:07d}", inventory_key=f"syn-{i:07d}", title_en=f"Synthetic item {i:07d}",
                    description_en="Synthetic benchmark record, not an archive item.", **common)
    if model is Person:
        return Person(name_en=f"Synthetic Person {i:07d}", sort_name=f"Person {i:07d}, Synthetic", **common)
    if model is Event:
        return Event(title_en=f"Synthetic event {i:07d}", **common)
    return Place(name_en=f"Synthetic place {i:07d}", **common)


@contextlib.contextmanager
def _own_timestamps(*models):
    """Let bulk_create keep the datestamps we give instead of "now" (auto_now would overwrite)."""
    fields = [(f, f.auto_now, f.auto_now_add) for model in models for f in model._meta.concrete_fields
              if f.name in ("created_at", "updated_at")]
    for f, _now, _add in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, add in fields:
            f.auto_now, f.auto_now_add = now, add


def fill(records: int, progress=print) -> dict:
    """Insert `records` synthetic published records and DELETIONS synthetic deleted items."""
    for model, _share in _MIX:
        if model.objects.exists():
            raise RuntimeError(f"The database already holds {model._meta.verbose_name_plural}: "
                               "oai-bench fills an empty, throwaway database only.")
    t0 = time.perf_counter()
    with _own_timestamps(Item, Person, Event, Place):
        for start in range(0, records, BATCH):
            batch: dict = {model: [] for model, _share in _MIX}
            for i in range(start + 1, min(start + BATCH, records) + 1):
                model = _type_of(i)
                batch[model].append(_synthetic(model, i, BASE + i * STEP))
            with transaction.atomic():
                for model, objects in batch.items():
                    model.objects.bulk_create(objects)
            progress(f"{min(start + BATCH, records):,} records")
    # Items published once and then deleted: their history rows, as simple_history writes them.
    history = Item.history.model
    first_free = records + 1
    rows = []
    for n in range(DELETIONS):
        pk = first_free + n
        made = BASE + (n * records // DELETIONS) * STEP
        gone = made + dt.timedelta(days=30)
        for kind, when in (("+", made), ("-", gone)):
            rows.append(history(id=pk, inventory_number=f"SYN-DEL-{n:05d}",
                                title_en=f"Synthetic item deleted {n:05d}", is_published=True,
                                created_at=made, updated_at=when, history_date=when, history_type=kind))
    history.objects.bulk_create(rows, batch_size=BATCH)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"records": records, "deleted_items": DELETIONS, "fill_seconds": round(time.perf_counter() - t0, 1)}


def _deep_token(fraction: float) -> str:
    """The resumption token a harvester holds `fraction` into the unselective list."""
    position = int(fraction * Item.objects.count() / 0.4)  # the i of a record there
    model = _type_of(position)
    record = model.objects.filter(updated_at=BASE + position * STEP).get()
    rank = next(t.rank for t in oai_sets.parse(None).types if t.model is model)
    total = oai_listing.count(oai_sets.parse(None), Window())
    after = Key(record.updated_at, rank, record.pk)
    return oai_tokens.encode(oai_tokens.Resumption(
        "ListRecords", {"metadataPrefix": "oai_dc"}, after, position, total))


def cases(records: int) -> dict[str, str]:
    middle = BASE + (records // 2) * STEP
    window = (f"from={middle:%Y-%m-%dT%H:%M:%SZ}"
              f"&until={(middle + dt.timedelta(days=30)):%Y-%m-%dT%H:%M:%SZ}")
    return {
        "first_page": "/oai?verb=ListRecords&metadataPrefix=oai_dc",
        "deep_page": f"/oai?verb=ListRecords&resumptionToken={_deep_token(0.6)}",
        "set_page": "/oai?verb=ListRecords&metadataPrefix=oai_dc&set=type:item",
        "from_until_page": f"/oai?verb=ListRecords&metadataPrefix=oai_dc&{window}",
    }


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(urls: dict[str, str], repeat: int) -> dict:
    client = Client()
    results = {}
    for name, url in urls.items():
        client.get(url)  # warm the page cache once, as a harvest in progress would have
        timings, cpu = [], []
        for _n in range(repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            response = client.get(url)
            timings.append((time.perf_counter() - t0) * 1000)
            # CPU time of this process: what the request costs even when other work shares the machine.
            cpu.append((time.process_time() - c0) * 1000)
        body = response.content.decode()
        if response.status_code != 200 or "<error" in body:
            raise RuntimeError(f"{name}: the endpoint answered an error:\n{body[:2000]}")
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        results[name] = {
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(_percentile(timings, 0.95), 1),
            "max_ms": round(max(timings), 1),
            "cpu_p50_ms": round(statistics.median(cpu), 1),
            "cpu_p95_ms": round(_percentile(cpu, 0.95), 1),
            "records_on_page": body.count("<record>"),
            "queries": len(queries.captured_queries),
            "slowest_query_ms": round(max(float(q["time"]) for q in queries.captured_queries) * 1000, 1),
            "url": url if len(url) < 200 else url[:120] + "…",
        }
    reset_queries()
    return results


def run(records: int, repeat: int, progress=print) -> dict:
    if Item.objects.filter(inventory_number="SYN-0000001").exists():
        expected = sum(1 for i in range(1, records + 1) if _type_of(i) is Item)
        if Item.objects.count() != expected:
            raise RuntimeError("This throwaway database was filled with another --records value.")
        progress("reusing the records filled before")
        filled = {"records": records, "deleted_items": DELETIONS, "fill_seconds": None}
    else:
        filled = fill(records, progress)
    progress("timing…")
    load_before = os.getloadavg()[0]
    results = measure(cases(records), repeat)
    return {
        "benchmark": "OAI-PMH ListRecords (oai_dc) page at scale",
        "database": f"SQLite {connection.Database.sqlite_version}",
        "machine": (f"{platform.system()} {platform.machine()}, Python {platform.python_version()}, "
                    f"{os.cpu_count()} CPUs"),
        "page_size": getattr(settings, "MEMORIA_OAI_PAGE_SIZE", 100),
        "repeat": repeat,
        "target_ms": TARGET_MS,
        **filled,
        "cases": results,
        "all_within_target": all(case["p95_ms"] <= TARGET_MS for case in results.values()),
        "cpu_within_target": all(case["cpu_p95_ms"] <= TARGET_MS for case in results.values()),
        # Wall-clock times count waiting for the CPU when other programs share the machine;
        # the load average says how much they did.
        "load_average": {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2)},
    }


def write(result: dict, out: str | None) -> str:
    text = json.dumps(result, indent=2, ensure_ascii=False)
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(text + "\n", encoding="utf-8")
    return text
