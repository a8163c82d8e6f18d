"""Items: unique inventory numbers, checked across the file and the archive before anything is written."""

from __future__ import annotations

from memoria.archive.models import Item, inventory_key
from memoria.imports.rows import Row, chunks
from memoria.imports.writers.base import ADOPT_RE, RecordWriter


class ItemWriter(RecordWriter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.row_of_key: dict[str, tuple[int, str]] = {}     # across the batches of the table

    def check(self, rows: list[Row]) -> None:
        """Inventory numbers are one number whatever their case (archive.models.inventory_key)."""
        header = self.header_of["inventory_number"]
        first: dict[str, Row] = {}
        for row in rows:
            number = row.values.get("inventory_number")
            if not number:
                continue
            key = inventory_key(number)
            if key in self.row_of_key:
                other_row, other = self.row_of_key[key]
                written = "" if other == number else f" (written “{other}”)"
                row.errors.append((header, f"inventory number “{number}” is also on row {other_row}{written}."))
            else:
                first[key] = row
                self.row_of_key[key] = (row.number, number)
        for part in chunks(first):
            for key, number, ext in Item.objects.filter(inventory_key__in=part).values_list(
                    "inventory_key", "inventory_number", "external_id"):
                row = first[key]
                if ext != row.external_id and not (ext is None and ADOPT_RE.match(row.external_id)):
                    row.errors.append((header, (
                        f"inventory number “{row.values['inventory_number']}” belongs to another item in the "
                        f"archive, written “{number}” (external id {ext or 'none'}).")))

    def derive(self, obj) -> None:
        obj.inventory_key = inventory_key(obj.inventory_number)

    def update_fields(self, changed: set[str]) -> list[str]:
        fields = super().update_fields(changed)
        return sorted({*fields, "inventory_key"}) if "inventory_number" in changed else fields
