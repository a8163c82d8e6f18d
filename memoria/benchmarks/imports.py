"""Import benchmark: SYNTHETIC people and items imported into a throwaway SQLite archive.

`memoria import-bench` makes a temporary data directory (its own SQLite file, never
the archive's database), writes CSV files of synthetic people (mixed-script
spellings, see memoria/benchmarks/synthetic_import_rows.py) and items, runs `memoria import` on
them — the real command, end to end — and then imports them again (nothing may
change). Rows per minute go to bench/results/import.json.

`memoria import-bench --memory` measures instead the peak memory (resident set) of one
`memoria import` process importing a large SYNTHETIC people CSV, optionally also with the code
of another checkout (`--baseline DIR`, e.g. the previous commit exported with `git archive`),
so that before and after are measured in one run on the same file, and how long this
code takes to refuse an XLSX "zip bomb" (`xlsx_bomb`: 2 GB of SYNTHETIC rows packed into a
few MB, the tests' bomb too); figures go to bench/results/import-memory.json.
"""

from __future__ import annotations

import io
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
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


class RepeatingDeflate:
    """Deflate for a stream of identical chunks: after a full flush the same chunk packs to the
    same bytes, so each distinct chunk is packed once (a 2 GB bomb in about a second)."""

    def __init__(self):
        self.zlib = zlib.compressobj(9, zlib.DEFLATED, -15)
        self.packed = {}

    def compress(self, data):
        if data not in self.packed:
            self.packed[data] = self.zlib.compress(data) + self.zlib.flush(zlib.Z_FULL_FLUSH)
        return self.packed[data]

    def flush(self):
        return self.zlib.flush()


BOMB_ROW = (b'<row><c t="inlineStr"><is><t>syn:person:x</t></is></c>'
            b'<c t="inlineStr"><is><t>Synthetic</t></is></c></row>')


def xlsx_bomb(path, unpacked_mb: int) -> Path:
    """A valid workbook (openpyxl's own parts) whose one sheet unpacks to a little over
    `unpacked_mb` MB of SYNTHETIC rows."""
    from openpyxl import Workbook

    template = Workbook()
    template.active.append(["external_id", "name_en"])
    buffer = io.BytesIO()
    template.save(buffer)
    chunk = BOMB_ROW * -(-1024 * 1024 // len(BOMB_ROW))
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                out.writestr(info, src.read(info))
                continue
            with out.open(info.filename, "w", force_zip64=True) as sheet:
                sheet._compressor = RepeatingDeflate()     # zipfile's own writer, a faster deflate
                sheet.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                            b'spreadsheetml/2006/main"><sheetData>')
                for _ in range(unpacked_mb):
                    sheet.write(chunk)
                sheet.write(b"</sheetData></worksheet>")
    return Path(path)


# Runs `python -m memoria ARGS` and prints the process's own high-water mark (VmHWM) at exit.
# Not ru_maxrss: a child started with vfork/fork is charged the parent's high-water mark (here
# the parent built the CSV in memory), which would hide the import's own figure.
HWM_WRAPPER = """
import atexit, runpy, sys
def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            print("\\nVmHWM_KB", line.split()[1], file=sys.stderr)
atexit.register(hwm)
sys.argv = ["memoria", *sys.argv[1:]]
runpy.run_module("memoria", run_name="__main__", alter_sys=True)
"""


def _peak_rss(args: list[str], env: dict) -> tuple[float, float, str]:
    """(peak resident memory in MB, wall seconds, last line of output) of `memoria ARGS`."""
    t0 = time.perf_counter()
    # cwd: not this checkout, so that PYTHONPATH (a baseline's code) comes first on sys.path.
    done = subprocess.run([sys.executable, "-c", HWM_WRAPPER, *args], env=env, capture_output=True, check=False,
                          text=True, cwd=tempfile.gettempdir())
    wall = time.perf_counter() - t0
    found = re.search(r"VmHWM_KB (\d+)", done.stderr)
    if done.returncode not in (0, 1) or not found:
        raise RuntimeError(f"memoria {' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    lines = done.stdout.strip().splitlines()
    return int(found.group(1)) / 1024, wall, lines[-1] if lines else ""


def memory(people: int, baseline: str | None = None) -> dict:
    """Peak memory of `memoria import` of `people` SYNTHETIC people rows (with this code, and
    with the code in `baseline` if given), each into its own throwaway SQLite archive."""
    with tempfile.TemporaryDirectory(prefix="memoria-import-memory-") as tmp:
        tmp = Path(tmp)
        people_csv = tmp / "people.csv"
        people_csv.write_text(csv_text(PEOPLE_HEADER, people_rows(people)), encoding="utf-8")
        runs = {}
        code_dirs = ([("before", str(Path(baseline).resolve()))] if baseline else []) + [("after", None)]
        for label, code_dir in code_dirs:
            env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
            env["MEMORIA_DATA_DIR"] = str(tmp / f"data-{label}")
            env["MEMORIA_IMPORT_MAX_MB"] = "500"
            if code_dir:
                env["PYTHONPATH"] = code_dir
            subprocess.run([sys.executable, "-m", "memoria", "migrate", "-v", "0"], env=env, check=True,
                           cwd=tmp)
            peak, wall, line = _peak_rss(["import", str(people_csv), "-v", "0"], env)
            runs[label] = {"peak_rss_mb": round(peak), "seconds": round(wall, 1), "summary": line,
                           "code": code_dir or "this checkout"}
        bomb = xlsx_bomb(tmp / "people.xlsx", 2048)
        peak, wall, line = _peak_rss(["import", str(bomb), "--dry-run"], env)
        runs["xlsx_bomb"] = {
            "file_mb": round(bomb.stat().st_size / 1024 / 1024, 1), "unpacked_mb": 2048,
            "refused_in_seconds_with_process_start": round(wall, 2), "peak_rss_mb": round(peak),
            "answer": line, "code": "this checkout",
            "before": "a tester measured 132 s and 2.3 GB for `memoria import --dry-run` of such a bomb"}
        return {
            "database": "sqlite (throwaway file)",
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                        "load_average_1min": round(os.getloadavg()[0], 2)},
            "rows": people, "file_mb": round(people_csv.stat().st_size / 1024 / 1024, 1),
            "spellings_per_person": "4 display names (kk, ru, en, fr) + 2 variants (de, en)",
            **runs,
            "note": "peak resident set (VmHWM) of the `memoria import` process, SYNTHETIC rows",
        }


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
        # the reference in the same run: the same people imported into another empty archive
        # without the check of arriving people against the archive (the duplicates' look-alikes)
        unchecked = {**env, "MEMORIA_DATA_DIR": str(tmp / "data-unchecked"), "MEMORIA_DUPLICATE_CHECK_IMPORTS": "0"}
        subprocess.run([sys.executable, "-m", "memoria", "migrate", "-v", "0"], env=unchecked, check=True)
        without_check = _import(people_csv, unchecked)
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
            "people_seconds": round(first[0][0], 1),
            "people_seconds_without_duplicate_check": round(without_check[0], 1),
            "duplicate_check_share": round(1 - without_check[0] / first[0][0], 3),
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
