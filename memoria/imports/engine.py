"""Imports tables of rows into the archive: checked, idempotent, in one transaction.

How an import flows: `reading` turns the file into tables whose rows stream from the
file; here the tables are put in dependency order (schema.ORDER), each table's headers
are mapped to columns (unknown or missing ones refuse the file), and its rows are read
a batch at a time (rows.STREAM_BATCH: the import's memory holds one batch): each row is
parsed cell by cell (`cells`), and rows naming other records are resolved by external
id (earlier tables and batches of the same file are already written, so they resolve
too). The good rows then go to the writer of the table's kind (imports/writers/), which stores them
with their history rows, citations and search entries. Everything runs in one
transaction that is rolled back for a dry run, and for a real run with rejected
rows unless `partial` is asked for.
"""

from __future__ import annotations

import re
from collections import defaultdict

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone, translation

from memoria import names
from memoria.core import services
from memoria.imports import cells, fastinsert
from memoria.imports import schema as s
from memoria.imports.reading import ImportFileError, Table
from memoria.imports.report import REJECTED, Problem, Rejected, Report
from memoria.imports.rows import STREAM_BATCH, Row, batches, chunks
from memoria.imports.writers import WRITERS

VARIANT_HEADER = re.compile(r"^variant_?\d+$")
IGNORED_HEADERS = {"error"}           # the column a rejects file adds: ignored on re-import
EXAMPLE_PREFIX = "example:"
CITE_COLUMNS = ("source", "locator", "quote")


def model_of(kind: str):
    return s.KINDS[kind].model


class Importer:
    def __init__(self, report: Report, *, dry_run=False, partial=False, user=None, progress=None):
        self.report = report
        self.dry_run = dry_run
        self.partial = partial
        self.user = user if getattr(user, "pk", None) else None
        self.progress = progress
        self.reason = f"import {report.file}"[:100]
        self.now = timezone.now()

    # --- the run ---------------------------------------------------------------------------

    def run(self, tables: list[Table]) -> Report:
        report = self.report
        report.dry_run, report.partial = self.dry_run, self.partial
        tables = sorted(tables, key=lambda t: s.ORDER.index(t.kind))
        for table in tables:
            report.notes += table.notes
        try:
            # The default language: modeltranslation fills the untranslated column from it.
            with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE), transaction.atomic():
                for table in tables:
                    self.import_table(table)
                keep = not self.dry_run and (report.clean or self.partial)
                if keep:
                    report.stored = True
                else:
                    transaction.set_rollback(True)
        except ImportFileError as exc:
            report.file_error = str(exc)
            report.stored = False
        except (IntegrityError, DatabaseError) as exc:
            report.file_error = f"the database refused the import ({exc}); nothing was stored."
            report.stored = False
        return report

    def insert(self, model, objs) -> None:
        fastinsert.insert(model, objs, now=self.now, user_id=self.user.pk if self.user else None,
                          reason=self.reason)

    def label(self, table: Table) -> str:
        return f"{table.kind} (sheet {table.sheet})" if table.sheet else table.kind

    # --- one table -------------------------------------------------------------------------

    def map_headers(self, table: Table) -> list[s.Column | None]:
        kind = s.KINDS[table.kind]
        mapping = s.header_map(kind)
        columns, unknown, seen = [], [], {}
        for index, header in enumerate(table.headers):
            name = s.normalize_header(header)
            if not name:
                columns.append(None)     # data under it refuses the file (parse_rows)
                continue
            if name in IGNORED_HEADERS:
                columns.append(None)
                continue
            if kind.name == "people" and VARIANT_HEADER.match(name):
                column = s.Column(name, s.VARIANTS, None)
            elif name in mapping:
                column = kind.column(mapping[name])
            else:
                unknown.append(header)
                columns.append(None)
                continue
            if column.name in seen:
                raise ImportFileError(
                    f"{self.label(table)}: the columns “{seen[column.name]}” and “{header}” both mean "
                    f"{column.name}; keep one.")
            seen[column.name] = header
            columns.append(column)
        expected = ", ".join(c.name for c in kind.columns)
        if unknown:
            raise ImportFileError(
                f"{self.label(table)}: unknown column(s) {', '.join(map(str, unknown))}. "
                f"The columns of {kind.name} are: {expected}.")
        missing = [name for name in kind.required if name not in seen]
        if kind.one_of:
            for base in kind.one_of:
                if not any(f"{base}_{lang}" in seen for lang in s.LANGS):
                    missing.append(f"{base}_en (or {base}_kk, {base}_ru, {base}_fr)")
        if missing:
            raise ImportFileError(
                f"{self.label(table)}: missing column(s) {', '.join(missing)}. "
                f"The columns of {kind.name} are: {expected}.")
        return columns

    def unlabelled_data(self, table: Table, blank: list[int], number: int, raw: list[str]) -> None:
        """Data in a column without a header (`blank`, or beyond the last header) refuses the file."""
        width = len(table.headers)
        for index in [*blank, *range(width, len(raw))]:
            text = raw[index] if index < len(raw) else ""
            if str(text).strip():
                raise ImportFileError(
                    f"{self.label(table)}: unknown column(s) (column {index + 1} has no header; row {number} "
                    f"has “{str(text)[:40]}” in it). The columns of {table.kind} are: "
                    f"{', '.join(c.name for c in s.KINDS[table.kind].columns)}.")

    def parse_rows(self, table: Table, columns, batch, first_row_of: dict[str, int]) -> list[Row]:
        """One batch of rows, parsed; `first_row_of` (external id → row) spans the batches."""
        kind = s.KINDS[table.kind]
        blank = [i for i, h in enumerate(table.headers) if not s.normalize_header(h)]
        rows = []
        for number, raw in batch:
            self.unlabelled_data(table, blank, number, raw)
            row = Row(number, raw)
            variants = []
            for index, column in enumerate(columns):
                if column is None:
                    continue
                text = raw[index] if index < len(raw) else ""
                text = "" if text is None else str(text)
                header = table.headers[index]
                try:
                    value = cells.parse(column, text)
                except cells.CellError as exc:
                    row.errors.append((header, str(exc)))
                    continue
                if column.type == s.CHOICE and value is None and kind.model is not None:
                    value = kind.model._meta.get_field(column.field).default   # empty = the usual kind
                if column.type == s.TEXT and (cells.looks_like_formula(value) or text[:1] in ("\t", "\r")):
                    self.report.warnings.append(Problem(
                        self.label(table), number, header,
                        "starts with = + - @ (a spreadsheet formula?): stored as text, never run"))
                if column.name == "external_id":
                    row.external_id = value
                elif column.type == s.VARIANTS:
                    variants += value
                elif column.name in CITE_COLUMNS or kind.model is None:
                    row.extra[column.name] = value
                elif column.type in (s.REF, s.REFS):
                    row.refs[column.name] = value
                else:
                    row.values[column.field] = value
            if any(c is not None and c.type == s.VARIANTS for c in columns):
                row.extra["variants"] = variants
            if row.external_id.lower().startswith(EXAMPLE_PREFIX):
                self.report.warnings.append(Problem(self.label(table), number, "external_id",
                                                    "the template's example row: skipped"))
                continue
            for base in kind.one_of:
                present = [f"{base}_{lang}" for lang in s.LANGS if f"{base}_{lang}" in row.values]
                if present and not any(row.values[f] for f in present):
                    row.errors.append((present[0], f"a {base} is needed in at least one language."))
            if row.external_id:
                if row.external_id in first_row_of:
                    row.errors.append(("external_id", f"“{row.external_id}” is also the external id of "
                                                      f"row {first_row_of[row.external_id]}."))
                else:
                    first_row_of[row.external_id] = number
            if kind.model is not None and row.extra.get("source") is None and (
                    row.extra.get("locator") or row.extra.get("quote")):
                row.errors.append(("source", "a locator or quote needs the source it comes from."))
            rows.append(row)
        return rows

    def resolve(self, table: Table, rows: list[Row], columns) -> None:
        """Replace external ids of other records by their primary keys, or reject the row."""
        kind = s.KINDS[table.kind]
        header_of = {c.name: table.headers[i] for i, c in enumerate(columns) if c is not None}
        wanted: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            for name, value in self._ref_cells(kind, row):
                for ext in (value if isinstance(value, list) else [value]):
                    wanted[kind.column(name).ref_kind].add(ext)
        found: dict[str, dict[str, int]] = {}
        for ref_kind, ids in wanted.items():
            model = model_of(ref_kind)
            found[ref_kind] = {}
            # a reference to a record merged into another (memoria.duplicates) is to the survivor
            columns = ["external_id", "pk"]
            if "merged_into" in {f.name for f in model._meta.get_fields()}:
                columns.append("merged_into_id")
            for part in chunks(ids):
                for ext, pk, *survivor in model.objects.filter(external_id__in=part).values_list(*columns):
                    found[ref_kind][ext] = survivor[0] if survivor and survivor[0] else pk
        for row in rows:
            for name, value in self._ref_cells(kind, row):
                ref_kind = kind.column(name).ref_kind
                missing = [ext for ext in (value if isinstance(value, list) else [value])
                           if ext not in found[ref_kind]]
                for ext in missing:
                    row.errors.append((header_of[name], (
                        f"no {s.KINDS[ref_kind].singular} with external id “{ext}” in this file or in the "
                        "archive.")))
                if not missing:
                    pks = ([found[ref_kind][e] for e in value] if isinstance(value, list)
                           else found[ref_kind][value])
                    (row.extra if name in row.extra else row.refs)[name] = pks

    @staticmethod
    def _ref_cells(kind, row):
        for name, value in list(row.refs.items()) + [(k, v) for k, v in row.extra.items()
                                                     if k in kind.by_name and kind.column(k).type in
                                                     (s.REF, s.REFS)]:
            if value not in (None, [], ""):
                yield name, value

    def reject(self, table: Table, row: Row) -> None:
        label = self.label(table)
        for header, reason in row.errors:
            self.report.rejections.append(Problem(label, row.number, header, reason))
        rejected = self.report.rejected_rows.setdefault(table.kind, Rejected(
            table.headers, [], table.dialect.delimiter, table.dialect.encoding))
        rejected.rows.append((row.number, row.cells,
                              "; ".join(f"{header}: {reason}" if header else reason for header, reason in row.errors)))
        self.report.count(table.kind, REJECTED)

    def import_table(self, table: Table) -> None:
        # The same permission rule as every action: the acting user adds and changes records
        # of this kind (a command run on the server acts as services.COMMAND_LINE).
        for model in s.models_of(table.kind):
            for action in ("add", "change"):
                services.require_permission(self.user or services.COMMAND_LINE, model, action)
        columns = self.map_headers(table)
        writer = WRITERS[table.kind](self, table, columns)
        first_row_of: dict[str, int] = {}
        # A batch at a time, read again from the file: memory holds one batch, whatever the file's
        # size. Rows of earlier batches are written (in this transaction), so later ones find them.
        for batch in batches(table.rows(), STREAM_BATCH):
            rows = self.parse_rows(table, columns, batch, first_row_of)
            self.resolve(table, rows, columns)
            writer.check(rows)
            good = []
            for row in rows:
                if row.errors:
                    self.reject(table, row)
                else:
                    good.append(row)
            if good:
                writer.write(good)
            if self.progress:
                self.progress(len(rows))
            for row in good:
                if not row.errors:            # a relation may still be refused while writing
                    self.report.count(table.kind, row.status)
            # The name parser keeps parsed spellings for searches (up to 200,000); an import's are
            # each seen once and would fill it with ~200 MB that the import must not hold.
            names.parse.cache_clear()


# --- entry point ---------------------------------------------------------------------------


def import_file(path, *, kind=None, encoding=None, dry_run=False, partial=False, user=None,
                progress=None, display_name=None) -> Report:
    """Read and import one file; the report says what happened (a file error stores nothing)."""
    from memoria.imports.reading import read_file

    report = Report(file=display_name or str(path))
    try:
        tables = read_file(path, kind=kind, encoding=encoding, display_name=display_name)
    except ImportFileError as exc:
        report.file_error = str(exc)
        report.dry_run, report.partial = dry_run, partial
        return report
    total = sum(t.size or 0 for t in tables) or None
    bar = progress(total) if progress else None
    try:
        return Importer(report, dry_run=dry_run, partial=partial, user=user,
                        progress=bar.update if bar else None).run(tables)
    finally:
        if bar:
            bar.close()
