"""Items: unique inventory numbers, checked across the file and the archive before anything is written."""

from __future__ import annotations

from memoria.archive.models import Item
from memoria.imports.rows import Row, chunks
from memoria.imports.writers.base import ADOPT_RE, RecordWriter


class ItemWriter(RecordWriter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.row_of_number: dict[str, int] = {}     # across the batches of the table

    def check(self, rows: list[Row]) -> None:
        header = self.header_of["inventory_number"]
        first: dict[str, Row] = {}
        for row in rows:
            number = row.values.get("inventory_number")
            if number and number in self.row_of_number:
                row.errors.append((header, (f"inventory number “{number}” is also on row "
                                            f"{self.row_of_number[number]}.")))
            elif number:
                first[number] = row
                self.row_of_number[number] = row.number
        for part in chunks(first):
            for number, ext in Item.objects.filter(inventory_number__in=part).values_list(
                    "inventory_number", "external_id"):
                row = first[number]
                if ext != row.external_id and not (ext is None and ADOPT_RE.match(row.external_id)):
                    row.errors.append((header, (
                        f"inventory number “{number}” belongs to another item in the archive "
                        f"(external id {ext or 'none'}).")))
