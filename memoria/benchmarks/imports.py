"""Import benchmark: SYNTHETIC people and items imported into a throwaway SQLite archive.

`memoria import-bench` makes a temporary data directory (its own SQLite file, never
the archive's database), writes CSV files of synthetic people (mixed-script
spellings, see memoria/benchmarks/synthetic_import_rows.py) and items, runs `memoria import` on
them — the real command, end to end — and then imports them again (nothing may
change). Rows per minute go to bench/results/import.json.
"""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from memoria.benchmarks.synthetic_import_rows import (
    ITEMS_HEADER,
    PEOPLE_HEADER,
    csv_text,
    item_rows,
    people_rows,
)


def _import(path: Path, env: dict) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds of the import process, its summary line)."""
    t0 = time.perf_counter()
    before = os.times()
    done = subprocess.run([sys.executable, "-m", "memoria", "import", str(path), "-v", "0"],
                          env=env, capture_output=True, text=True)
    after = os.times()
    wall = time.perf_counter() - t0
    if done.returncode != 0:
        raise RuntimeError(f"import of {path} failed:\n{done.stdout}\n{done.stderr}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu, done.stdout.strip().splitlines()[-1]


def run(people: int, items: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="memoria-import-bench-") as tmp:
        tmp = Path(tmp)
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env["MEMORIA_DATA_DIR"] = str(tmp / "data")
        env["MEMORIA_IMPORT_MAX_MB"] = "500"
        subprocess.run([sys.executable, "-m", "memoria", "migrate", "-v", "0"], env=env, check=True)
        people_csv, items_csv = tmp / "people.csv", tmp / "items.csv"
        people_csv.write_text(csv_text(PEOPLE_HEADER, people_rows(people)), encoding="utf-8")
        items_csv.write_text(csv_text(ITEMS_HEADER, item_rows(items)), encoding="utf-8")
        first = [_import(people_csv, env), _import(items_csv, env)]
        again = [_import(people_csv, env), _import(items_csv, env)]
        for _wall, _cpu, line in again:
            if not re.search(r"0 created, 0 updated", line):
                raise RuntimeError(f"re-import changed something: {line}")
        rows = people + items
        wall = sum(r[0] for r in first)
        cpu = sum(r[1] for r in first)
        wall_again = sum(r[0] for r in again)
        return {
            "database": "sqlite (throwaway file)",
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                        "load_average_1min": round(os.getloadavg()[0], 2)},
            "rows": rows, "people": people, "items": items,
            "spellings_per_person": "4 display names (kk, ru, en, fr) + 2 variants (de, en)",
            "first_import_seconds": round(wall, 1),
            "rows_per_minute": round(rows / wall * 60),
            "people_rows_per_minute": round(people / first[0][0] * 60),
            "items_rows_per_minute": round(items / first[1][0] * 60),
            "rows_per_cpu_minute": round(rows / max(cpu, 1e-9) * 60),
            "reimport_unchanged_seconds": round(wall_again, 1),
            "reimport_rows_per_minute": round(rows / wall_again * 60),
            "summaries": [r[2] for r in first + again],
            "note": "every row through `memoria import` end to end: reading, checks, records, spellings, "
                    "history rows and name-index rows; wall time includes process start-up",
        }


def write(result: dict, out: str) -> None:
    text = json.dumps(result, indent=2, ensure_ascii=False)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_text(text + "\n", encoding="utf-8")
    print(text)
