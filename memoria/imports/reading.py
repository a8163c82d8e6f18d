"""Turns an uploaded CSV or XLSX file into streams of text rows, or says precisely why not.

Nothing here touches the database, and no file is ever held in memory whole: a table's
rows are read again from the file each time they are asked for (`Table.rows()`), so an
import of 200,000 rows keeps a few thousand in memory at a time. The limits
(imports/limits.py) hold before the work starts: the size before a byte is read, an XLSX's
unpacked size and packing from its ZIP directory before anything is unpacked, a CSV's rows,
columns and cell lengths in a first pass that keeps nothing. CSV encodings are recognised
(UTF-8 with or without BOM, UTF-16 from Excel's "Unicode text", Windows-1251 from Russian
Excel) and so are ; , and tab delimiters; the rejects file is written the same way
(`Table.dialect`). XLSX is streamed (openpyxl read_only) and formulas are read as their
text — nothing is ever evaluated.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import os
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from memoria.core.uploads import LimitExceeded
from memoria.imports import limits
from memoria.imports.schema import KINDS, kind_from_headers, kind_from_name

XLSX_MAGIC = b"PK\x03\x04"
# Encodings a spreadsheet program realistically writes besides UTF-8.
LEGACY_ENCODINGS = ["cp1251", "cp1252", "utf_16"]
CHUNK = 1024 * 1024
SAMPLE = 200_000          # bytes the encoding guess and the binary check look at


class ImportFileError(Exception):
    """The file as a whole cannot be imported (its message says why and what to do)."""


@dataclass(frozen=True)
class Dialect:
    """How a CSV was written, so that its rejects file opens the same way (Russian Excel
    reads a semicolon-separated Windows-1251 file as columns, a comma-separated one as one)."""
    delimiter: str = ","
    encoding: str = "utf-8-sig"      # a Python codec; "-sig" and "utf-16" write the BOM


Rows = Iterator[tuple[int, list[str]]]


@dataclass
class Table:
    kind: str
    headers: list[str]
    rows: Callable[[], Rows]           # a new stream of (row number as a spreadsheet shows it, cells)
    sheet: str = ""
    notes: list[str] = field(default_factory=list)   # how the file was read (encoding, delimiter)
    size: int | None = None            # data rows, when known before streaming (progress bar)
    dialect: Dialect = Dialect()


def check_size(size: int, name: str = "The file") -> None:
    limits.check_size(size, name)


def read_file(path: str | os.PathLike, kind: str | None = None, encoding: str | None = None,
              display_name: str | None = None) -> list[Table]:
    """The tables of a CSV or XLSX file; raises ImportFileError when it cannot be read."""
    path = Path(path)
    name = display_name or path.name
    if kind is not None and kind not in KINDS:
        raise ImportFileError(f"Unknown kind “{kind}”; choose one of: {', '.join(KINDS)}.")
    try:
        check_size(path.stat().st_size, name)   # before reading: a 500 MB file is refused unread
        with open(path, "rb") as fh:
            head = fh.read(4)
        if head == XLSX_MAGIC or name.lower().endswith((".xlsx", ".xlsm")):
            return read_xlsx(path, name, kind)
        return [read_csv(path, name, kind, encoding)]
    except OSError as exc:
        raise ImportFileError(f"Cannot open {name}: {exc.strerror or exc}") from exc
    except LimitExceeded as exc:
        raise ImportFileError(str(exc)) from exc


def limited(rows: Rows) -> Rows:
    """A stream whose limit errors are file errors (a limit found while streaming stops the import)."""
    try:
        yield from rows
    except LimitExceeded as exc:
        raise ImportFileError(str(exc)) from exc


# --- CSV -------------------------------------------------------------------------------


def first_bad_byte(path: Path, codec: str, start: int = 0) -> tuple[int, int, bool] | None:
    """(offset, line, whether non-ASCII letters came before) of the first byte that is not
    `codec`, reading the file in chunks; None when it all decodes."""
    decoder = codecs.getincrementaldecoder(codec)()
    offset, line, non_ascii = start, 1, False
    with open(path, "rb") as fh:
        fh.seek(start)
        while True:
            chunk = fh.read(CHUNK)
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                before = exc.object[:exc.start]       # the decoder's pending bytes, then this chunk
                pending = len(exc.object) - len(chunk)
                non_ascii = non_ascii or bool(re.search(rb"[\xc2-\xf4][\x80-\xbf]", before))
                return offset - pending + exc.start, line + before.count(b"\n"), non_ascii
            if not chunk:
                return None
            line += chunk.count(b"\n")
            non_ascii = non_ascii or not chunk.isascii()
            offset += len(chunk)


def detect_encoding(path: Path, encoding: str | None = None) -> tuple[str, str]:
    """(the codec to read the file with, a label of it for the report)."""
    with open(path, "rb") as fh:
        sample = fh.read(SAMPLE)
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError as exc:
            raise ImportFileError(f"Unknown encoding “{encoding}”.") from exc
        bad = first_bad_byte(path, encoding)
        if bad:
            raise ImportFileError(
                f"The file is not {encoding}: line {bad[1]} holds bytes that are not {encoding} (byte {bad[0]}).")
        return encoding, encoding
    if sample.startswith(codecs.BOM_UTF8):
        bad = first_bad_byte(path, "utf-8", start=3)
        if bad:
            raise ImportFileError(
                f"The file starts as UTF-8 (it has a BOM) but line {bad[1]} holds "
                "bytes that are not UTF-8: save the whole file again as “CSV UTF-8”.")
        return "utf-8-sig", "UTF-8 with BOM"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        if first_bad_byte(path, "utf-16"):
            raise ImportFileError("The file says it is UTF-16 (it has a BOM) but is cut or damaged.")
        return "utf-16", "UTF-16"
    bad = first_bad_byte(path, "utf-8")
    if bad is None:
        return "utf-8", "UTF-8"
    # Mixed: valid UTF-8 letters before the first bad byte means someone pasted text of
    # another encoding into a UTF-8 file; guessing would garble one of the two parts.
    if bad[2]:
        raise ImportFileError(
            f"Mixed encodings: the file is UTF-8 up to line {bad[1]}, which holds "
            "bytes that are not UTF-8. Save the whole file again as “CSV UTF-8”.")
    if b"\x00" in sample and not re.search(rb"[^\x00]\x00[^\x00]\x00", sample[:4000]):
        raise ImportFileError("This is not a text file (it holds binary data). Upload a CSV or XLSX file.")
    from charset_normalizer import from_bytes

    best = from_bytes(sample, cp_isolation=LEGACY_ENCODINGS).best()
    if best is None:
        raise ImportFileError(
            "Cannot tell this file's encoding: it is not UTF-8, UTF-16 or Windows-1251/1252. "
            "Save it as “CSV UTF-8” and import it again.")
    bad = first_bad_byte(path, best.encoding)
    if bad:
        raise ImportFileError(
            f"The file looks like {best.encoding} but line {bad[1]} is not: save it as “CSV UTF-8”.")
    if "\x00" in sample.decode(best.encoding, errors="ignore"):
        raise ImportFileError("This is not a text file (it holds binary data). Upload a CSV or XLSX file.")
    labels = {"cp1251": "Windows-1251 (Cyrillic)", "cp1252": "Windows-1252 (Western)", "utf_16": "UTF-16"}
    return best.encoding, labels.get(best.encoding, best.encoding)


def sniff_delimiter(first_line: str) -> str:
    try:
        return csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        # One column, or a header the sniffer cannot decide on: the most frequent one wins.
        counts = {d: first_line.count(d) for d in ",;\t"}
        return max(counts, key=counts.get) if any(counts.values()) else ","


def first_line(path: Path, codec: str) -> str:
    with open(path, encoding=codec, newline="") as fh:
        for line in fh:
            if line.strip("\r\n"):
                return line
    return ""


def csv_records(path: Path, codec: str, delimiter: str) -> Rows:
    """Every record of the file, numbered from 1, read as a stream."""
    with open(path, encoding=codec, newline="") as fh:
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            yield from enumerate(reader, start=1)
        except csv.Error as exc:
            raise ImportFileError(f"Line {reader.line_num}: the CSV is malformed ({exc}).") from exc


def nonempty(records):
    return ((n, cells) for n, cells in records if any(str(c).strip() for c in cells))


def read_csv(path: Path, name: str, kind: str | None, encoding: str | None = None) -> Table:
    codec, label = detect_encoding(path, encoding)
    line = first_line(path, codec)
    if not line.strip():
        raise ImportFileError(f"{name} is empty.")
    delimiter = sniff_delimiter(line)
    # A long biography is one cell: the csv module's own limit stays above ours, which says more.
    csv.field_size_limit(max(csv.field_size_limit(), limits.setting("MEMORIA_IMPORT_MAX_CELL_CHARS") + 1))
    # First pass: the limits and the count, keeping nothing, before any work starts.
    check = limits.RowLimits(name)
    header, count = None, 0
    for number, cells in nonempty(csv_records(path, codec, delimiter)):
        check.check(number, cells)
        if header is None:
            header = (number, cells)
        else:
            count += 1
    if header is None:
        raise ImportFileError(f"{name} has no header row.")
    header_number = header[0]

    def rows() -> Rows:
        return ((n, cells) for n, cells in nonempty(csv_records(path, codec, delimiter)) if n > header_number)

    delimiter_name = {",": "comma", ";": "semicolon", "\t": "tab"}[delimiter]
    return _table(header[1], rows, name, kind, notes=[f"read as {label}, {delimiter_name}-separated"],
                  size=count, dialect=Dialect(delimiter, codec))


# --- XLSX --------------------------------------------------------------------------------


def cell_text(value) -> str:
    """A spreadsheet cell as the text an import reads; formulas stay their text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time(0) else value.isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


WORKBOOK_ERRORS = (zipfile.BadZipFile, KeyError, EOFError, OSError, ValueError)


def open_workbook(path: Path, name: str):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # data_only=False: a formula is read as its text (=SUM(…)), never as a computed value.
        return load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, *WORKBOOK_ERRORS) as exc:
        raise ImportFileError(
            f"{name} is not a readable XLSX workbook (damaged, cut short, or another format: {exc}). "
            "Save it again from the spreadsheet program.") from exc


def sheet_rows(path: Path, name: str, title: str) -> Rows:
    """The non-empty rows of one sheet as text, streamed from a workbook opened for this pass."""
    workbook = open_workbook(path, name)
    check = limits.RowLimits(f"{name} › {title}")
    try:
        ws = workbook[title]
        # Its declared size was checked (read_xlsx); read what is there, neither padded to it nor
        # cut at it (openpyxl stops at a declared last row, so a wrong one would drop rows).
        ws.reset_dimensions()
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = [cell_text(v) for v in values]
            check.check(number, cells)
            if any(c.strip() for c in cells):
                yield number, cells
    except WORKBOOK_ERRORS as exc:
        raise ImportFileError(f"{name}: sheet “{title}” is damaged ({exc}). Save the workbook again.") from exc
    finally:
        workbook.close()


def read_xlsx(path: Path, name: str, kind: str | None) -> list[Table]:
    try:
        limits.check_workbook(path, name)     # from the ZIP directory, before anything is unpacked
    except zipfile.BadZipFile as exc:
        raise ImportFileError(
            f"{name} is not a readable XLSX workbook (damaged, cut short, or another format: {exc}). "
            "Save it again from the spreadsheet program.") from exc
    workbook = open_workbook(path, name)
    try:
        sheets = workbook.worksheets
        by_kind = [(kind_from_name(ws.title), ws) for ws in sheets]
        named = [(k, ws) for k, ws in by_kind if k]
        if kind:
            chosen = [(kind, next((ws for k, ws in named if k == kind), sheets[0]))]
        elif len(named) > 1 or (named and len(sheets) > 1):
            chosen = named                      # a workbook with one sheet per kind
        else:
            chosen = [(None, sheets[0])]
        for _kind, ws in chosen:                # a declared size over the limits: refused unread
            limits.RowLimits(f"{name} › {ws.title}").check_declared(ws.max_row, ws.max_column)
        declared = {ws.title: ws.max_row for _k, ws in chosen}
    finally:
        workbook.close()
    tables = []
    for sheet_kind, ws in chosen:
        title = ws.title
        stream = limited(sheet_rows(path, name, title))
        header = next(stream, None)
        stream.close()                          # closes the workbook opened for the header
        if header is None:
            raise ImportFileError(f"{name} › {title} has no header row.")
        header_number = header[0]

        def rows(title=title, header_number=header_number) -> Rows:
            return ((n, c) for n, c in sheet_rows(path, name, title) if n > header_number)

        size = declared[title] - header_number if declared[title] else None
        tables.append(_table(header[1], rows, f"{name} › {title}", sheet_kind, sheet=title,
                             file_name=name, size=size))
    return tables


# --- both ------------------------------------------------------------------------------------


def _table(headers, rows, name: str, kind: str | None, notes=None, sheet: str = "", file_name: str = "",
           size: int | None = None, dialect: Dialect = Dialect()) -> Table:
    headers = list(headers)
    while headers and not str(headers[-1]).strip():
        headers = headers[:-1]
    if kind is None:
        kind = kind_from_name(Path(file_name or name).stem) or kind_from_headers(headers)
    if kind is None:
        raise ImportFileError(
            f"Cannot tell what {name} holds: name the file after its kind (people.csv, items.csv…), "
            f"or choose the kind ({', '.join(KINDS)}).")
    return Table(kind=kind, headers=[str(h) for h in headers], rows=lambda: limited(rows()), sheet=sheet,
                 notes=notes or [], size=size, dialect=dialect)
