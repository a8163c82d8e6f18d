"""Imports tables of rows into the archive: checked, idempotent, in one transaction.

How an import flows: `reading` turns the file into tables of text cells; here each
table's headers are mapped to columns (unknown or missing ones refuse the file),
each row is parsed cell by cell (`cells`), rows naming other records are resolved
by external id (earlier tables of the same file are already written, so they
resolve too), and the good rows are compared with what is stored: new records are
bulk-created, changed ones bulk-updated — both with their history rows — and
unchanged ones are not touched at all. People's name-index rows are written for
exactly the people whose names changed. Everything runs in one transaction that
is rolled back for a dry run, and for a real run with rejected rows unless
`partial` is asked for.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone, translation
from modeltranslation.translator import NotRegistered, translator
from simple_history.utils import bulk_update_with_history

from memoria.archive import models as m
from memoria.imports import cells, fastinsert, search_sync
from memoria.imports import schema as s
from memoria.imports.models import ImportedRelation
from memoria.imports.reading import ImportFileError, Table
from memoria.imports.report import CREATED, REJECTED, UNCHANGED, UPDATED, Problem, Report
from memoria.search import name_index
from memoria.search.models import IndexedName
from memoria.sources.models import Citation

CHUNK = 2000
BATCH = 1000
VARIANT_HEADER = re.compile(r"^variant_?\d+$")
IGNORED_HEADERS = {"error"}           # the column a rejects file adds: ignored on re-import
EXAMPLE_PREFIX = "example:"
# An export gives records made in the back office (no external id) this one; importing it
# again adopts the record instead of adding a copy.
ADOPT_RE = re.compile(r"^memoria:([a-z_]+):(\d+)$")
CITE_COLUMNS = ("source", "locator", "quote")


@dataclass
class Row:
    number: int
    cells: list[str]
    external_id: str = ""
    values: dict = field(default_factory=dict)        # model field → value
    refs: dict = field(default_factory=dict)          # column → external id (or list of them)
    extra: dict = field(default_factory=dict)         # columns the engine handles itself
    errors: list[tuple[str, str]] = field(default_factory=list)   # (header, reason)
    status: str = UNCHANGED
    obj: object = None


def translated_fields(model) -> set[str]:
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def chunks(seq, size=CHUNK):
    seq = list(seq)
    for start in range(0, len(seq), size):
        yield seq[start:start + size]


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
                if any(index < len(c) and str(c[index]).strip() for _n, c in table.rows):
                    unknown.append(f"(column {index + 1} has no header)")
                columns.append(None)
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

    def parse_rows(self, table: Table, columns) -> list[Row]:
        kind = s.KINDS[table.kind]
        rows, first_row_of = [], {}
        for number, raw in table.rows:
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
            for part in chunks(ids):
                found[ref_kind].update(model.objects.filter(external_id__in=part)
                                       .values_list("external_id", "pk"))
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
        headers, rejected = self.report.rejected_rows.setdefault(table.kind, (table.headers, []))
        rejected.append((row.number, row.cells,
                         "; ".join(f"{header}: {reason}" if header else reason for header, reason in row.errors)))
        self.report.count(table.kind, REJECTED)

    def import_table(self, table: Table) -> None:
        columns = self.map_headers(table)
        rows = self.parse_rows(table, columns)
        self.resolve(table, rows, columns)
        if table.kind == "relations":
            handler = RelationWriter(self, table)
        else:
            handler = RecordWriter(self, table, columns)
        handler.check(rows)
        good = []
        for row in rows:
            if row.errors:
                self.reject(table, row)
            else:
                good.append(row)
        if self.progress:
            self.progress(len(rows) - len(good))
        for part in chunks(good, 5000):   # in steps, so that the progress bar moves
            handler.write(part)
            if self.progress:
                self.progress(len(part))
        for row in good:
            if not row.errors:            # a relation may still be refused while writing
                self.report.count(table.kind, row.status)


# --- citations (records and relations alike) ------------------------------------------------


def sync_citations(importer: Importer, model, rows: list[Row]) -> None:
    """The source named on each row cites its record; found again by source (and quote)."""
    rows = [r for r in rows if r.extra.get("source") and r.obj is not None]
    if not rows:
        return
    ct = ContentType.objects.get_for_model(model)
    existing: dict[tuple[int, int], list[Citation]] = defaultdict(list)
    for part in chunks([r.obj.pk for r in rows]):
        for c in Citation.objects.filter(content_type=ct, object_id__in=part, field=""):
            existing[(c.object_id, c.source_id)].append(c)
    creates, updates = [], []
    for row in rows:
        source_id = row.extra["source"]
        locator, quote = row.extra.get("locator"), row.extra.get("quote")
        found = existing[(row.obj.pk, source_id)]
        same_quote = [c for c in found if quote is None or c.quote == quote]
        target = same_quote[0] if same_quote else (found[0] if len(found) == 1 else None)
        if target is None:
            creates.append(Citation(source_id=source_id, content_type=ct, object_id=row.obj.pk,
                                    locator=locator or "", quote=quote or ""))
            existing[(row.obj.pk, source_id)].append(creates[-1])
        else:
            changed = False
            for name, value in (("locator", locator), ("quote", quote)):
                if value is not None and getattr(target, name) != value:
                    setattr(target, name, value)
                    changed = True
            if not changed:
                continue
            target.updated_at = importer.now
            updates.append(target)
        if row.status == UNCHANGED:
            row.status = UPDATED
    importer.insert(Citation, creates)
    if updates:
        bulk_update_with_history(updates, Citation, ["locator", "quote", "updated_at"], batch_size=BATCH,
                                 default_user=importer.user, default_change_reason=importer.reason)


def same(old, new) -> bool:
    if isinstance(new, str) or new is None and isinstance(old, str):
        return (old or "") == (new or "")
    return old == new


# --- records: sources, places, units, people, events, items ------------------------------------


class RecordWriter:
    def __init__(self, importer: Importer, table: Table, columns):
        self.importer = importer
        self.table = table
        self.kind = s.KINDS[table.kind]
        self.model = self.kind.model
        self.columns = [c for c in columns if c is not None]
        self.header_of = {c.name: table.headers[i] for i, c in enumerate(columns) if c is not None}

    def check(self, rows: list[Row]) -> None:
        """Rules that span rows or the database: unique inventory numbers."""
        if self.model is not m.Item:
            return
        header = self.header_of["inventory_number"]
        first: dict[str, Row] = {}
        for row in rows:
            number = row.values.get("inventory_number")
            if number and number in first:
                row.errors.append((header, f"inventory number “{number}” is also on row {first[number].number}."))
            elif number:
                first[number] = row
        for part in chunks(first):
            for number, ext in m.Item.objects.filter(inventory_number__in=part).values_list(
                    "inventory_number", "external_id"):
                row = first[number]
                if ext != row.external_id and not (ext is None and ADOPT_RE.match(row.external_id)):
                    row.errors.append((header, (
                        f"inventory number “{number}” belongs to another item in the archive "
                        f"(external id {ext or 'none'}).")))

    def existing(self, rows: list[Row]) -> dict[str, object]:
        by_ext = {}
        for part in chunks([r.external_id for r in rows]):
            by_ext.update({o.external_id: o for o in self.model.objects.filter(external_id__in=part)})
        adoptable = {}
        for row in rows:
            match = ADOPT_RE.match(row.external_id)
            if row.external_id not in by_ext and match and match.group(1) == self.kind.singular:
                adoptable[int(match.group(2))] = row.external_id
        for part in chunks(adoptable):
            for obj in self.model.objects.filter(pk__in=part, external_id__isnull=True):
                by_ext[adoptable[obj.pk]] = obj
        return by_ext

    def write(self, rows: list[Row]) -> None:
        if not rows:
            return
        importer = self.importer
        existing = self.existing(rows)
        bounds = getattr(self.model, "EDTF_BOUNDS", {})
        creates, updates, changed_fields, renamed = [], [], set(), []
        name_fields = {f"name_{lang}" for lang in s.LANGS}
        for row in rows:
            values = dict(row.values)
            for name, pk in row.refs.items():
                if self.kind.column(name).type == s.REF:
                    values[f"{name}_id"] = pk
            for date_field, (lower, upper) in bounds.items():
                if date_field in values:
                    _text, values[lower], values[upper] = cells.edtf(values[date_field]) if values[
                        date_field] else ("", None, None)
            obj = existing.get(row.external_id)
            if obj is None:
                obj = self.model(external_id=row.external_id, **values)
                creates.append(obj)
                row.status = CREATED
            else:
                changed = [k for k, v in values.items() if not same(getattr(obj, k), v)]
                if obj.external_id != row.external_id:
                    obj.external_id = row.external_id
                    changed.append("external_id")
                if changed:
                    for k in changed:
                        if k != "external_id":
                            setattr(obj, k, values[k])
                    obj.updated_at = importer.now
                    changed_fields.update(changed)
                    updates.append(obj)
                    row.status = UPDATED
                    if name_fields & set(changed):
                        renamed.append(obj)
            row.obj = obj
        importer.insert(self.model, creates)
        if updates:
            # modeltranslation keeps each original column equal to the default language's.
            bases = {f.rsplit("_", 1)[0] for f in changed_fields if f.rsplit("_", 1)[-1] in s.LANGS}
            fields = sorted(changed_fields | {"updated_at"} | (bases & translated_fields(self.model)))
            bulk_update_with_history(updates, self.model, fields, batch_size=BATCH,
                                     default_user=importer.user, default_change_reason=importer.reason)
        if self.model is m.Event and "places" in self.header_of:
            self.sync_places(rows)
        variants = []
        if self.model is m.Person and "variants" in rows[0].extra:
            variants = self.sync_variants(rows)
        if self.model is m.Person:
            self.index_names([r.obj for r in rows if r.status == CREATED], renamed, variants)
        sync_citations(importer, self.model, rows)
        created = [r.obj for r in rows if r.status == CREATED]
        spellings = None
        if self.model is m.Person:
            spellings = defaultdict(list)
            for variant in variants:
                spellings[variant.person_id].append(variant)
        search_sync.index_created(self.model, created, spellings)
        search_sync.reindex(self.model, [r.obj.pk for r in rows if r.status == UPDATED])

    def sync_places(self, rows: list[Row]) -> None:
        through = m.Event.places.through
        current = defaultdict(set)
        for part in chunks([r.obj.pk for r in rows]):
            for event_id, place_id in through.objects.filter(event_id__in=part).values_list(
                    "event_id", "place_id"):
                current[event_id].add(place_id)
        adds, removes = [], []
        for row in rows:
            wanted = set(row.refs.get("places") or [])
            have = current[row.obj.pk]
            if wanted != have:
                adds += [through(event_id=row.obj.pk, place_id=p) for p in wanted - have]
                removes += [(row.obj.pk, p) for p in have - wanted]
                if row.status == UNCHANGED:
                    row.status = UPDATED
        through.objects.bulk_create(adds, batch_size=BATCH)
        for event_id, place_id in removes:
            through.objects.filter(event_id=event_id, place_id=place_id).delete()
        # Each place's document lists its events (the events' own are rebuilt with the rows).
        search_sync.reindex(m.Place, [a.place_id for a in adds] + [p for _e, p in removes])

    def sync_variants(self, rows: list[Row]) -> list[m.NameVariant]:
        """Add the spellings not yet stored, correct their kind; never delete (a curator's may be there)."""
        current = {}
        for part in chunks([r.obj.pk for r in rows if r.status != CREATED]):
            for v in m.NameVariant.objects.filter(person_id__in=part):
                current[(v.person_id, v.text, v.language)] = v
        creates, updates = [], []
        for row in rows:
            for text, lang, kind in row.extra["variants"]:
                key = (row.obj.pk, text, lang)
                variant = current.get(key)
                if variant is None:
                    variant = m.NameVariant(person_id=row.obj.pk, text=text, language=lang, kind=kind,
                                            script=cells.script_of(text))
                    creates.append(variant)
                    current[key] = variant
                elif variant.kind != kind and variant.pk:
                    variant.kind = kind
                    variant.updated_at = self.importer.now
                    updates.append(variant)
                else:
                    continue
                if row.status == UNCHANGED:
                    row.status = UPDATED
        self.importer.insert(m.NameVariant, creates)
        if updates:
            bulk_update_with_history(updates, m.NameVariant, ["kind", "updated_at"], batch_size=BATCH,
                                     default_user=self.importer.user,
                                     default_change_reason=self.importer.reason)
        return creates

    @staticmethod
    def index_names(created, renamed, variants) -> None:
        """What the save signals would have written, for exactly the touched names, in bulk."""
        for part in chunks([p.pk for p in renamed]):
            IndexedName.objects.filter(person_id__in=part, variant__isnull=True).delete()
        fastinsert.index_rows(
            [(person.pk, None, text) for person in [*created, *renamed]
             for text in name_index.display_names(person)]
            + [(variant.person_id, variant.pk, variant.text) for variant in variants])


# --- relations ---------------------------------------------------------------------------------


class RelationWriter:
    def __init__(self, importer: Importer, table: Table):
        self.importer = importer
        self.table = table
        self.present = set()
        mapping = s.header_map(s.KINDS["relations"])
        for header in table.headers:
            name = s.normalize_header(header)
            if name in mapping:
                self.present.add(mapping[name])
        self.header_of = {mapping[s.normalize_header(h)]: h for h in table.headers
                          if s.normalize_header(h) in mapping}

    def check(self, rows: list[Row]) -> None:
        for row in rows:
            relation = row.extra.get("relation")
            if relation is None:
                continue
            _model, needed, allowed = s.RELATION_TYPES[relation]
            for name in needed:
                if row.extra.get(name) in (None, ""):
                    row.errors.append((self.header_of.get(name, name), f"a {relation} needs a {name}."))
            for name in ("person", "unit", "event", "item", "place", "date"):
                if name not in allowed and row.extra.get(name):
                    row.errors.append((self.header_of[name], f"a {relation} has no {name}: leave it empty."))
            if relation == "participation" and bool(row.extra.get("person")) == bool(row.extra.get("unit")):
                row.errors.append((self.header_of.get("person", "person"),
                                   "a participation names either a person or a unit (one of the two)."))
            if relation.startswith("item_") and row.extra.get("role"):
                try:
                    row.extra["role"] = cells.choice(row.extra["role"], s.ITEM_ROLES[relation])
                except cells.CellError as exc:
                    row.errors.append((self.header_of["role"], str(exc)))
            if relation.startswith("item_"):
                for lang in s.LANGS:
                    if lang != "en" and row.extra.get(f"role_{lang}"):
                        row.errors.append((self.header_of[f"role_{lang}"],
                                           "item links have one role code, in the role column."))

    def values(self, relation: str, row: Row) -> dict:
        extra = row.extra
        _model, _needed, allowed = s.RELATION_TYPES[relation]
        values = {f"{name}_id": extra.get(name) for name in ("person", "unit", "event", "item", "place")
                  if name in allowed}
        if relation.startswith("item_"):
            values["role"] = extra.get("role") or ""
            return values
        roles = {"en": "role"} | {lang: f"role_{lang}" for lang in s.LANGS if lang != "en"}
        for lang, column in roles.items():
            if column in self.present:
                values[f"role_{lang}"] = extra.get(column) or ""
        if relation == "membership" and "date" in self.present:
            values["date"] = extra.get("date") or ""
        return values

    def write(self, rows: list[Row]) -> None:
        keys = {}
        for part in chunks([r.external_id for r in rows]):
            keys.update({k.external_id: k for k in ImportedRelation.objects.filter(external_id__in=part)})
        by_model = defaultdict(list)
        for row in rows:
            relation = row.extra["relation"]
            model = s.RELATION_TYPES[relation][0]
            ct = ContentType.objects.get_for_model(model)
            values = self.values(relation, row)
            key = keys.get(row.external_id)
            obj = None
            if key is not None:
                if key.content_type_id != ct.pk:
                    other = key.content_type.model_class()._meta.verbose_name
                    row.errors.append((self.header_of["relation"], (
                        f"external id “{row.external_id}” is already a {other} in the archive.")))
                    self.importer.reject(self.table, row)
                    continue
                obj = model.objects.filter(pk=key.object_id).first()
            if obj is None:
                natural = {k: v for k, v in values.items() if k.endswith("_id") or k in ("role", "date")}
                obj = (model.objects.filter(**natural)
                       .exclude(pk__in=ImportedRelation.objects.filter(content_type=ct).values("object_id"))
                       .order_by("pk").first())
                if obj is None:
                    obj = model(**values)
                    obj.save()
                    row.status = CREATED
                if key is None:
                    key = ImportedRelation.objects.create(external_id=row.external_id, content_type=ct,
                                                          object_id=obj.pk)
                    keys[row.external_id] = key
                elif key.object_id != obj.pk:
                    key.object_id = obj.pk
                    key.save(update_fields=["object_id"])
            if row.status != CREATED:
                changed = [k for k, v in values.items() if not same(getattr(obj, k), v)]
                if changed:
                    for k in changed:
                        setattr(obj, k, values[k])
                    obj._change_reason = self.importer.reason
                    obj.save()
                    row.status = UPDATED
            row.obj = obj
            by_model[model].append(row)
        for model, model_rows in by_model.items():
            sync_citations(self.importer, model, model_rows)


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
    total = sum(len(t.rows) for t in tables)
    bar = progress(total) if progress else None
    try:
        return Importer(report, dry_run=dry_run, partial=partial, user=user,
                        progress=bar.update if bar else None).run(tables)
    finally:
        if bar:
            bar.close()
