"""The rejects file of a --partial import: the rejected rows as read, plus an "error" column.

Fix the rows in a spreadsheet and import the file again: the importer ignores the "error"
column. The file is written the way the input was (its delimiter, its encoding and BOM):
a semicolon-separated Windows-1251 file from Russian Excel gets its rejects back the same
way, so that Excel opens them as columns again.
"""

from __future__ import annotations

import csv
from pathlib import Path

from memoria.imports.export import neutralise
from memoria.imports.report import Rejected, Report


def rejects_csv(out, rejected: Rejected) -> None:
    writer = csv.writer(out, delimiter=rejected.delimiter)
    headers = rejected.headers
    writer.writerow([*headers, "error"])
    for _number, cells, reason in rejected.rows:
        cells = list(cells) + [""] * (len(headers) - len(cells))
        writer.writerow([neutralise(str(c or "")) for c in cells[:len(headers)]] + [neutralise(reason)])


def write_rejects_file(target: Path, rejected: Rejected) -> None:
    # The rows were read in this encoding; only the "error" text may hold a letter it lacks.
    with open(target, "w", encoding=rejected.encoding, errors="replace", newline="") as out:
        rejects_csv(out, rejected)


def charset(rejected_encoding: str) -> str:
    """The charset of a rejects file for a Content-Type header."""
    return {"utf-8-sig": "utf-8"}.get(rejected_encoding, rejected_encoding)


def write_rejects(report: Report, path: str) -> list[Path]:
    """One CSV per kind with rejected rows; returns the files written."""
    path = Path(path)
    written = []
    several = len(report.rejected_rows) > 1
    for kind, rejected in report.rejected_rows.items():
        target = path.with_name(f"{path.stem}.{kind}{path.suffix}") if several else path
        write_rejects_file(target, rejected)
        written.append(target)
    return written
