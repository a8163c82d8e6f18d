"""What every writer shares, and the writer of plain records (sources, places, units).

A writer takes the good rows of one table — parsed, their references resolved
(memoria.imports.engine) — and stores them: it compares each row with the record
found by its external id, inserts the new records with their history rows
(imports/fastinsert.py), updates the changed ones with simple_history's
bulk_update_with_history and leaves the unchanged ones alone. Then what the
records carry besides their own columns (a subclass's `write_related`: spellings,
places), their citations, and last their search entries through search's own
bulk interface (memoria.search.indexing): new records with index_bulk, changed
ones with index_records.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod

from simple_history.utils import bulk_update_with_history

from memoria.core import dates
from memoria.core.i18n import translated_fields
from memoria.imports import schema as s
from memoria.imports.report import CREATED, UPDATED
from memoria.imports.rows import BATCH, Row, chunks, same
from memoria.imports.writers.citations import sync_citations
from memoria.search import indexing

# An export gives records made in the back office (no external id) this one; importing it
# again adopts the record instead of adding a copy.
ADOPT_RE = re.compile(r"^memoria:([a-z_]+):(\d+)$")


class Writer(ABC):
    """Stores the rows of one table; `check` adds errors that span rows or the database."""

    def __init__(self, importer, table, columns):
        self.importer = importer
        self.table = table
        self.kind = s.KINDS[table.kind]
        self.model = self.kind.model
        self.header_of = {c.name: table.headers[i] for i, c in enumerate(columns) if c is not None}

    def check(self, rows: list[Row]) -> None:
        pass

    @abstractmethod
    def write(self, rows: list[Row]) -> None:
        """Store the good rows of the table (each kind's writer says how)."""


class RecordWriter(Writer):
    """Records found again by their external id: sources, places, units (and, with more, the rest)."""

    #: external ids of the rows whose record was merged into another (found as the survivor)
    merged_away: frozenset[str] = frozenset()

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
        return self.follow_merges(by_ext)

    def follow_merges(self, by_ext: dict[str, object]) -> dict[str, object]:
        """A record merged into another (memoria.duplicates) is found again as its survivor:
        importing the same spreadsheet again must not bring the merged-away copy back."""
        survivor_of = {ext: obj.merged_into_id for ext, obj in by_ext.items()
                       if getattr(obj, "merged_into_id", None)}
        self.merged_away = set(survivor_of)
        if not survivor_of:
            return by_ext
        survivors = {}
        for part in chunks(sorted(set(survivor_of.values()))):
            survivors.update(self.model.objects.in_bulk(part))
        # one object per survivor, shared by its own row and its merged-away ones' rows
        own = {obj.pk: obj for obj in by_ext.values()}
        survivors = {pk: own.get(pk, obj) for pk, obj in survivors.items()}
        for ext, pk in survivor_of.items():
            by_ext[ext] = survivors[pk]
        return by_ext

    def _apply(self, obj, changed: list[str], values: dict, updates: list, updated: set, changed_fields: set) -> None:
        """Set the changed values on `obj` and queue it (once) for the bulk update."""
        for k in changed:
            if k != "external_id":
                setattr(obj, k, values[k])
        dates.set_bounds(obj)
        self.derive(obj)
        obj.updated_at = self.importer.now
        changed_fields.update(changed)
        if obj.pk not in updated:
            updated.add(obj.pk)
            updates.append(obj)

    def write(self, rows: list[Row]) -> None:
        if not rows:
            return
        importer = self.importer
        existing = self.existing(rows)
        creates, updates, changed_fields, updated = [], [], set(), set()
        for row in rows:
            values = dict(row.values)
            for name, pk in row.refs.items():
                if self.kind.column(name).type == s.REF:
                    values[f"{name}_id"] = pk
            obj = existing.get(row.external_id)
            if obj is None:
                obj = self.model(external_id=row.external_id, **values)
                dates.set_bounds(obj)
                self.derive(obj)
                creates.append(obj)
                row.status = CREATED
            elif row.external_id in self.merged_away:
                # the row of a record merged into `obj`: the survivor's values were chosen by a
                # curator, so this row only fills what the survivor lacks
                changed = [k for k, v in values.items() if v not in (None, "") and
                           getattr(obj, k) in (None, "") and not same(getattr(obj, k), v)]
                if changed:
                    self._apply(obj, changed, values, updates, updated, changed_fields)
                    row.status = UPDATED
            else:
                changed = [k for k, v in values.items() if not same(getattr(obj, k), v)]
                if obj.external_id != row.external_id:
                    obj.external_id = row.external_id
                    changed.append("external_id")
                if changed:
                    self._apply(obj, changed, values, updates, updated, changed_fields)
                    row.status = UPDATED
            row.obj = obj
        importer.insert(self.model, creates)
        if updates:
            bulk_update_with_history(updates, self.model, self.update_fields(changed_fields), batch_size=BATCH,
                                     default_user=importer.user, default_change_reason=importer.reason)
        self.write_related(rows)
        sync_citations(importer, self.model, rows)
        indexing.index_bulk(self.model, [r.obj for r in rows if r.status == CREATED])
        indexing.index_records(self.model, [r.obj.pk for r in rows if r.status == UPDATED])

    def derive(self, obj) -> None:
        """Fill the fields a kind computes from others (Model.save does it for a single save)."""

    def update_fields(self, changed: set[str]) -> list[str]:
        """The columns an update writes: the changed ones, and what derives from them."""
        fields = changed | {"updated_at"}
        # modeltranslation keeps each original column equal to the default language's.
        bases = {f.rsplit("_", 1)[0] for f in changed if f.rsplit("_", 1)[-1] in s.LANGS}
        fields |= bases & translated_fields(self.model)
        for date_field, bounds in getattr(self.model, "EDTF_BOUNDS", {}).items():
            if date_field in changed:
                fields |= set(bounds)
        return sorted(fields)

    def write_related(self, rows: list[Row]) -> None:
        """What the records carry besides their own columns; a row it changes becomes UPDATED."""
