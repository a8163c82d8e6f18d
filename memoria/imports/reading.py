"""Turns an uploaded CSV or XLSX file into tables of text cells, or says precisely why not.

Nothing here touches the database. The size is checked before a byte is read;
CSV encodings are recognised (UTF-8 with or without BOM, UTF-16 from Excel's
"Unicode text", Windows-1251 from Russian Excel) and so are ; , and tab
delimiters. XLSX is streamed (openpyxl read_only) and formulas are read as
their text — nothing is ever evaluated.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from memoria.imports.schema import KINDS, kind_from_headers, kind_from_name

XLSX_MAGIC = b"PK\x03\x04"
# Encodings a spreadsheet program realistically writes besides UTF-8.
LEGACY_ENCODINGS = ["cp1251", "cp1252", "utf_16"]


class ImportFileError(Exception):
    """The file as a whole cannot be imported (its message says why and what to do)."""


@dataclass
class Table:
    kind: str
    headers: list[str]
    rows: list[tuple[int, list[str]]]          # (row number as a spreadsheet shows it, cells)
    sheet: str = ""
    notes: list[str] = field(default_factory=list)   # how the file was read (encoding, delimiter)


def max_bytes() -> int:
    return int(getattr(settings, "MEMORIA_IMPORT_MAX_BYTES", 50 * 1024 * 1024))


def check_size(size: int) -> None:
    limit = max_bytes()
    if size > limit:
        raise ImportFileError(
            f"The file is {size / 1024 / 1024:.1f} MB; imports take at most {limit // (1024 * 1024)} MB "
            "(setting MEMORIA_IMPORT_MAX_MB). Split it into several files.")


def read_file(path: str | os.PathLike, kind: str | None = None, encoding: str | None = None,
              display_name: str | None = None) -> list[Table]:
    """The tables of a CSV or XLSX file; raises ImportFileError when it cannot be read."""
    path = Path(path)
    name = display_name or path.name
    try:
        check_size(path.stat().st_size)   # before reading: a 500 MB file is refused unread
        with open(path, "rb") as fh:
            head = fh.read(4)
    except OSError as exc:
        raise ImportFileError(f"Cannot open {name}: {exc.strerror or exc}") from exc
    if kind is not None and kind not in KINDS:
        raise ImportFileError(f"Unknown kind “{kind}”; choose one of: {', '.join(KINDS)}.")
    if head == XLSX_MAGIC or name.lower().endswith((".xlsx", ".xlsm")):
        return read_xlsx(path, name, kind)
    return [read_csv(path.read_bytes(), name, kind, encoding)]


# --- CSV -------------------------------------------------------------------------------


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """(text, a label of the encoding used)."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except LookupError as exc:
            raise ImportFileError(f"Unknown encoding “{encoding}”.") from exc
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                f"The file is not {encoding}: line {_line_of(data, exc.start)} holds bytes that are not "
                f"{encoding} (byte {exc.start}).") from exc
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), "UTF-8 with BOM"
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                f"The file starts as UTF-8 (it has a BOM) but line {_line_of(data, exc.start)} holds "
                "bytes that are not UTF-8: save the whole file again as “CSV UTF-8”.") from exc
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as exc:
            raise ImportFileError("The file says it is UTF-16 (it has a BOM) but is cut or damaged.") from exc
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    # Mixed: valid UTF-8 letters before the first bad byte means someone pasted text of
    # another encoding into a UTF-8 file; guessing would garble one of the two parts.
    prefix = data[:utf8_error.start]
    if re.search(rb"[\xc2-\xf4][\x80-\xbf]", prefix):
        raise ImportFileError(
            f"Mixed encodings: the file is UTF-8 up to line {_line_of(data, utf8_error.start)}, which holds "
            "bytes that are not UTF-8. Save the whole file again as “CSV UTF-8”.")
    if b"\x00" in data and not re.search(rb"[^\x00]\x00[^\x00]\x00", data[:4000]):
        raise ImportFileError("This is not a text file (it holds binary data). Upload a CSV or XLSX file.")
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000], cp_isolation=LEGACY_ENCODINGS).best()
    if best is None:
        raise ImportFileError(
            "Cannot tell this file's encoding: it is not UTF-8, UTF-16 or Windows-1251/1252. "
            "Save it as “CSV UTF-8” and import it again.")
    try:
        text = data.decode(best.encoding)
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            f"The file looks like {best.encoding} but line {_line_of(data, exc.start)} is not: "
            "save it as “CSV UTF-8”.") from exc
    if "\x00" in text:
        raise ImportFileError("This is not a text file (it holds binary data). Upload a CSV or XLSX file.")
    labels = {"cp1251": "Windows-1251 (Cyrillic)", "cp1252": "Windows-1252 (Western)", "utf_16": "UTF-16"}
    return text, labels.get(best.encoding, best.encoding)


def sniff_delimiter(text: str) -> str:
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        # One column, or a header the sniffer cannot decide on: the most frequent one wins.
        counts = {d: first_line.count(d) for d in ",;\t"}
        return max(counts, key=counts.get) if any(counts.values()) else ","


def read_csv(data: bytes, name: str, kind: str | None, encoding: str | None = None) -> Table:
    check_size(len(data))
    text, label = decode(data, encoding)
    if not text.strip():
        raise ImportFileError(f"{name} is empty.")
    delimiter = sniff_delimiter(text)
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))   # a long biography is one cell
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, cells in enumerate(reader, start=1):
            rows.append((number, cells))
    except csv.Error as exc:
        raise ImportFileError(f"Line {reader.line_num}: the CSV is malformed ({exc}).") from exc
    delimiter_name = {",": "comma", ";": "semicolon", "\t": "tab"}[delimiter]
    return _table(rows, name, kind, notes=[f"read as {label}, {delimiter_name}-separated"])


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


def read_xlsx(path: Path, name: str, kind: str | None) -> list[Table]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # data_only=False: a formula is read as its text (=SUM(…)), never as a computed value.
        workbook = load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, EOFError, OSError, ValueError) as exc:
        raise ImportFileError(
            f"{name} is not a readable XLSX workbook (damaged, cut short, or another format: {exc}). "
            "Save it again from the spreadsheet program.") from exc
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
        tables = []
        for sheet_kind, ws in chosen:
            rows = []
            try:
                for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
                    rows.append((number, [cell_text(v) for v in values]))
            except (zipfile.BadZipFile, KeyError, EOFError, OSError, ValueError) as exc:
                raise ImportFileError(
                    f"{name}: sheet “{ws.title}” is damaged ({exc}). Save the workbook again.") from exc
            tables.append(_table(rows, f"{name} › {ws.title}", sheet_kind, sheet=ws.title,
                                 file_name=name))
        return tables
    finally:
        workbook.close()


# --- both ------------------------------------------------------------------------------------


def _table(rows, name: str, kind: str | None, notes=None, sheet: str = "", file_name: str = "") -> Table:
    rows = [(n, cells) for n, cells in rows if any(str(c).strip() for c in cells)]
    if not rows:
        raise ImportFileError(f"{name} has no header row.")
    _number, headers = rows[0]
    while headers and not str(headers[-1]).strip():
        headers = headers[:-1]
    if kind is None:
        kind = kind_from_name(Path(file_name or name).stem) or kind_from_headers(headers)
    if kind is None:
        raise ImportFileError(
            f"Cannot tell what {name} holds: name the file after its kind (people.csv, items.csv…), "
            f"or choose the kind ({', '.join(KINDS)}).")
    return Table(kind=kind, headers=[str(h) for h in headers], rows=rows[1:], sheet=sheet,
                 notes=notes or [])
