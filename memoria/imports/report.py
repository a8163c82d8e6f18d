"""What an import did or would do: counts, and each rejection or warning with row, column and reason."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

CREATED, UPDATED, UNCHANGED, REJECTED = "created", "updated", "unchanged", "rejected"
#: Rejections and warnings kept in a job's result (the rejects file has every rejected row).
KEPT_PROBLEMS = 1000


@dataclass(frozen=True)
class Problem:
    table: str          # kind (and sheet) the row belongs to
    row: int            # row number as a spreadsheet shows it (the header is row 1); 0 = whole file
    column: str         # header as written in the file; "" = the whole row
    reason: str


@dataclass
class Rejected:
    """The rejected rows of one table as read, for its rejects file, and how the file was written."""
    headers: list[str]
    rows: list[tuple[int, list[str], str]]          # (row number, cells, reasons)
    delimiter: str = ","
    encoding: str = "utf-8-sig"


@dataclass
class Report:
    file: str = ""
    dry_run: bool = False
    partial: bool = False
    stored: bool = False
    notes: list[str] = field(default_factory=list)
    counts: dict[str, Counter] = field(default_factory=dict)      # kind → Counter(status)
    rejections: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    file_error: str = ""
    # kind → the rejected rows as read, for a rejects file
    rejected_rows: dict[str, Rejected] = field(default_factory=dict)

    def count(self, kind: str, status: str) -> None:
        self.counts.setdefault(kind, Counter())[status] += 1

    def total(self, status: str) -> int:
        return sum(c[status] for c in self.counts.values())

    @property
    def clean(self) -> bool:
        return not self.file_error and not self.rejections

    def summary(self) -> str:
        if self.file_error:
            return f"Nothing imported: {self.file_error}"
        parts = [f"{self.total(s)} {s}" for s in (CREATED, UPDATED, UNCHANGED, REJECTED)]
        if self.dry_run:
            head = "Dry run (nothing stored):"
        elif self.stored:
            head = "Imported:" if self.clean else "Imported the good rows (--partial):"
        else:
            head = "Nothing stored (all or nothing, and some rows were rejected):"
        return f"{head} {', '.join(parts)}."

    def as_json(self) -> dict:
        """What the report pages show, as JSON: a job's result (the rejected rows' cells are left
        out: they are in the rejects file)."""
        return {
            "file": self.file, "dry_run": self.dry_run, "partial": self.partial, "stored": self.stored,
            "file_error": self.file_error, "summary": self.summary(), "notes": self.notes,
            "counts": {kind: dict(counter) for kind, counter in self.counts.items()},
            "rejections": [asdict(p) for p in self.rejections[:KEPT_PROBLEMS]],
            "warnings": [asdict(p) for p in self.warnings[:KEPT_PROBLEMS]],
            "more_rejections": max(len(self.rejections) - KEPT_PROBLEMS, 0),
            "more_warnings": max(len(self.warnings) - KEPT_PROBLEMS, 0),
        }

    def as_text(self) -> str:
        lines = [f"{self.file}: " + "; ".join(self.notes)] if self.notes else []
        if not self.file_error:
            for kind, counter in self.counts.items():
                lines.append(f"  {kind}: " + ", ".join(
                    f"{counter[s]} {s}" for s in (CREATED, UPDATED, UNCHANGED, REJECTED)))
        for title, problems in (("Rejected", self.rejections), ("Warnings", self.warnings)):
            if problems:
                lines.append(f"{title}:")
                for p in problems:
                    where = f"row {p.row}" if p.row else "file"
                    column = f", column “{p.column}”" if p.column else ""
                    lines.append(f"  {p.table} {where}{column}: {p.reason}")
        lines.append(self.summary())
        return "\n".join(lines)
