"""People: their records, and the spellings of their names (the `variants` column)."""

from __future__ import annotations

from django.conf import settings
from simple_history.utils import bulk_update_with_history

from memoria.archive.models import NameVariant
from memoria.duplicates.arrival import check_arrivals, looks_like
from memoria.imports import cells
from memoria.imports.report import CREATED, UNCHANGED, UPDATED, Problem
from memoria.imports.rows import BATCH, Row, chunks
from memoria.imports.writers.base import RecordWriter


class PersonWriter(RecordWriter):
    def write(self, rows: list[Row]) -> None:
        super().write(rows)
        self.warn_duplicates([row for row in rows if row.status == CREATED])

    def warn_duplicates(self, created: list[Row]) -> None:
        """New people are checked against the archive as they arrive (the import sends no
        signals); a row that looks like a person already there is a warning, in a dry run too.
        The whole batch is checked at once (finding._arrival_candidates)."""
        if not created or not settings.MEMORIA_DUPLICATE_CHECK_IMPORTS:
            return
        found = check_arrivals([row.obj.pk for row in created])
        label = self.importer.label(self.table)
        for row in created:
            for other in looks_like(found, row.obj.pk):
                self.importer.report.warnings.append(Problem(label, row.number, "", f"looks like {other}"))

    def write_related(self, rows: list[Row]) -> None:
        """Add the spellings not yet stored, correct their kind; never delete (a curator's may be there).

        Before the search entries are written: a person's document and name-index rows list them.
        """
        if "variants" not in rows[0].extra:
            return
        current = {}
        for part in chunks([r.obj.pk for r in rows if r.status != CREATED]):
            for v in NameVariant.objects.filter(person_id__in=part):
                current[(v.person_id, v.text, v.language)] = v
        creates, updates = [], []
        for row in rows:
            for text, lang, kind in row.extra["variants"]:
                key = (row.obj.pk, text, lang)
                variant = current.get(key)
                if variant is None:
                    variant = NameVariant(person_id=row.obj.pk, text=text, language=lang, kind=kind,
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
        self.importer.insert(NameVariant, creates)
        if updates:
            bulk_update_with_history(updates, NameVariant, ["kind", "updated_at"], batch_size=BATCH,
                                     default_user=self.importer.user,
                                     default_change_reason=self.importer.reason)
