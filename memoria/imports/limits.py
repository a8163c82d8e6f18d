"""The limits an import spreadsheet keeps, each checked before the work it protects.

The file's size before it is opened; an XLSX's unpacked size, packing ratio and number of
sheets from its ZIP directory before anything is unpacked (memoria.core.uploads.check_zip);
rows, columns and the length of a cell as the rows stream in — a CSV's in a first pass that
keeps nothing, before the import starts. Each limit is a setting (memoria/settings.py, in
megabytes or counts through the environment variable its message names) and each message
says which limit, the figure, and the file.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from memoria.core.uploads import LimitExceeded, check_zip, megabytes

WORKSHEET_PREFIX = "xl/worksheets/"


def setting(name: str) -> int:
    return int(getattr(settings, name))


def check_size(size: int, name: str) -> None:
    limit = setting("MEMORIA_IMPORT_MAX_BYTES")
    if size > limit:
        raise LimitExceeded(_(
            "%(file)s is %(size)s MB; imports take at most %(limit)s MB (setting MEMORIA_IMPORT_MAX_MB). "
            "Split it into several files.") % {"file": name, "size": megabytes(size), "limit": megabytes(limit)})


def check_workbook(path, name: str) -> None:
    """From the ZIP directory alone: unpacked size, packing ratio, number of sheets."""
    entries = check_zip(path, name, max_unpacked=setting("MEMORIA_IMPORT_MAX_UNPACKED_BYTES"),
                        unpacked_env="MEMORIA_IMPORT_MAX_UNPACKED_MB",
                        max_ratio=setting("MEMORIA_IMPORT_MAX_RATIO"), ratio_env="MEMORIA_IMPORT_MAX_RATIO")
    sheets = sum(1 for e in entries if e.filename.startswith(WORKSHEET_PREFIX) and e.filename.endswith(".xml"))
    limit = setting("MEMORIA_IMPORT_MAX_SHEETS")
    if sheets > limit:
        raise LimitExceeded(_(
            "%(file)s has %(count)s sheets; imports read at most %(limit)s "
            "(setting MEMORIA_IMPORT_MAX_SHEETS).") % {"file": name, "count": sheets, "limit": limit})


class RowLimits:
    """Checks each row as it is read: how many rows, how many columns, how long a cell."""

    def __init__(self, name: str):
        self.name = name
        self.max_rows = setting("MEMORIA_IMPORT_MAX_ROWS")
        self.max_columns = setting("MEMORIA_IMPORT_MAX_COLUMNS")
        self.max_chars = setting("MEMORIA_IMPORT_MAX_CELL_CHARS")

    def check_declared(self, rows: int | None, columns: int | None) -> None:
        """A sheet's declared size (its <dimension>), when it has one: refused before streaming."""
        if rows and rows > self.max_rows:
            self.too_many_rows(rows)
        if columns and columns > self.max_columns:
            self.too_many_columns(1, columns)

    def check(self, number: int, cells: list[str]) -> None:
        if number > self.max_rows:
            self.too_many_rows(number)
        if len(cells) > self.max_columns:
            used = max((i + 1 for i, c in enumerate(cells) if c), default=0)
            if used > self.max_columns:
                self.too_many_columns(number, used)
        for index, cell in enumerate(cells):
            if len(cell) > self.max_chars:
                raise LimitExceeded(_(
                    "%(file)s, row %(row)s, column %(column)s: the cell holds %(count)s characters; a cell "
                    "may hold at most %(limit)s (setting MEMORIA_IMPORT_MAX_CELL_CHARS).") % {
                    "file": self.name, "row": number, "column": index + 1, "count": len(cell),
                    "limit": self.max_chars})

    def too_many_rows(self, rows: int):
        raise LimitExceeded(_(
            "%(file)s has %(count)s rows or more; imports read at most %(limit)s rows "
            "(setting MEMORIA_IMPORT_MAX_ROWS). Split it into several files.") % {
            "file": self.name, "count": rows, "limit": self.max_rows})

    def too_many_columns(self, row: int, columns: int):
        raise LimitExceeded(_(
            "%(file)s, row %(row)s: %(count)s columns; imports read at most %(limit)s "
            "(setting MEMORIA_IMPORT_MAX_COLUMNS).") % {
            "file": self.name, "row": row, "count": columns, "limit": self.max_columns})
