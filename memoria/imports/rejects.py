"""The rejects file of a --partial import: the rejected rows as read, plus an "error" column.

Fix the rows in a spreadsheet and import the file again: the importer ignores
the "error" column.
"""

from __future__ import annotations

import csv
from pathlib import Path

from memoria.imports.export import neutralise
from memoria.imports.report import Report


def rejects_csv(out, headers: list[str], rows) -> None:
    writer = csv.writer(out)
    writer.writerow([*headers, "error"])
    for _number, cells, reason in rows:
        cells = list(cells) + [""] * (len(headers) - len(cells))
        writer.writerow([neutralise(str(c or "")) for c in cells[:len(headers)]] + [neutralise(reason)])


def write_rejects(report: Report, path: str) -> list[Path]:
    """One CSV per kind with rejected rows; returns the files written."""
    path = Path(path)
    written = []
    several = len(report.rejected_rows) > 1
    for kind, (headers, rows) in report.rejected_rows.items():
        target = path.with_name(f"{path.stem}.{kind}{path.suffix}") if several else path
        with open(target, "w", encoding="utf-8-sig", newline="") as out:
            rejects_csv(out, headers, rows)
        written.append(target)
    return written
