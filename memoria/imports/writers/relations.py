"""Relations between records (memberships, participations, item links), each found again by
its external id (ImportedRelation) or, the first time, by what it links."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType

from memoria.imports import cells
from memoria.imports import schema as s
from memoria.imports.models import ImportedRelation
from memoria.imports.report import CREATED, UPDATED
from memoria.imports.rows import Row, chunks, same
from memoria.imports.writers.base import Writer
from memoria.imports.writers.citations import sync_citations


class RelationWriter(Writer):
    """Few rows and many kinds: each relation is saved by the ORM, so its signals index it."""

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
            if column in self.header_of:
                values[f"role_{lang}"] = extra.get(column) or ""
        if relation == "membership" and "date" in self.header_of:
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
