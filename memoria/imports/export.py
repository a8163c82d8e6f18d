"""CSV export with the import's columns, and the downloadable templates.

Export → edit → import round-trips: the same columns, and records without an
external id get "memoria:<kind>:<pk>", which an import adopts instead of copying.
Cells a spreadsheet would run as a formula (= + - @ tab CR at the start) get a
leading ' (OWASP); the importer takes that ' away again. Numbers in numeric
columns (a latitude of -12.5) are left as they are.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from memoria.archive import models as m
from memoria.imports import cells
from memoria.imports import schema as s
from memoria.imports.models import ImportedRelation
from memoria.sources.models import Citation

NEUTRALISE = cells.FORMULA_STARTS


def neutralise(value: str, numeric: bool = False) -> str:
    if not value or value[0] not in NEUTRALISE:
        return value
    if numeric:
        try:
            Decimal(value)
            return value
        except ArithmeticError:
            pass
    return "'" + value


def number(value) -> str:
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def ext_map(kind: str) -> dict[int, str]:
    model = s.KINDS[kind].model
    singular = s.KINDS[kind].singular
    return {pk: ext or f"memoria:{singular}:{pk}"
            for pk, ext in model.objects.values_list("pk", "external_id").iterator(chunk_size=5000)}


def first_citations(model) -> dict[int, Citation]:
    ct = ContentType.objects.get_for_model(model)
    found = {}
    for c in Citation.objects.filter(content_type=ct, field="").order_by("pk").iterator(chunk_size=5000):
        found.setdefault(c.object_id, c)
    return found


def record_rows(kind_name: str):
    kind = s.KINDS[kind_name]
    model = kind.model
    refs = {c.ref_kind for c in kind.columns if c.type in (s.REF, s.REFS)}
    ext_of = {ref: ext_map(ref) for ref in refs}
    cites = first_citations(model)
    places = defaultdict(list)
    if model is m.Event:
        for event_id, place_id in m.Event.places.through.objects.values_list("event_id", "place_id"):
            places[event_id].append(place_id)
    variants = defaultdict(list)
    if model is m.Person:
        for person_id, text, lang, vkind in m.NameVariant.objects.order_by("pk").values_list(
                "person_id", "text", "language", "kind").iterator(chunk_size=5000):
            variants[person_id].append((text, lang, vkind))
    for obj in model.objects.order_by("pk").iterator(chunk_size=2000):
        row = {}
        cite = cites.get(obj.pk)
        for c in kind.columns:
            if c.name == "external_id":
                value = obj.external_id or f"memoria:{kind.singular}:{obj.pk}"
            elif c.name == "source":
                value = ext_of["sources"].get(cite.source_id, "") if cite else ""
            elif c.name in ("locator", "quote"):
                value = getattr(cite, c.name) if cite else ""
            elif c.type == s.VARIANTS:
                value = cells.format_variants(variants[obj.pk])
            elif c.type == s.REFS:
                value = "; ".join(ext_of[c.ref_kind][p] for p in places[obj.pk])
            elif c.type == s.REF:
                pk = getattr(obj, f"{c.field}_id")
                value = ext_of[c.ref_kind][pk] if pk else ""
            else:
                value = getattr(obj, c.field)
            row[c.name] = value
        yield row


def relation_rows():
    ext_of = {k: ext_map(k) for k in ("people", "units", "events", "items", "places", "sources")}
    for relation, (model, _needed, allowed) in s.RELATION_TYPES.items():
        ct = ContentType.objects.get_for_model(model)
        keys = dict(ImportedRelation.objects.filter(content_type=ct).values_list("object_id", "external_id"))
        cites = first_citations(model)
        for obj in model.objects.order_by("pk").iterator(chunk_size=2000):
            cite = cites.get(obj.pk)
            row = {"external_id": keys.get(obj.pk, f"memoria:{relation}:{obj.pk}"), "relation": relation}
            for name, ref in (("person", "people"), ("unit", "units"), ("event", "events"),
                              ("item", "items"), ("place", "places")):
                pk = getattr(obj, f"{name}_id", None) if name in allowed else None
                row[name] = ext_of[ref][pk] if pk else ""
            if relation.startswith("item_"):
                row["role"] = obj.role
            else:
                row["role"] = obj.role_en or ""
                for lang in s.LANGS:
                    if lang != "en":
                        row[f"role_{lang}"] = getattr(obj, f"role_{lang}") or ""
            row["date"] = getattr(obj, "date", "")
            row["source"] = ext_of["sources"].get(cite.source_id, "") if cite else ""
            row["locator"] = cite.locator if cite else ""
            row["quote"] = cite.quote if cite else ""
            yield row


def text_of(column: s.Column, value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return number(value)
    return str(value)


def rows_for(kind: str):
    """Each record of a kind as {column: text}, neutralised for a spreadsheet."""
    columns = s.KINDS[kind].columns
    with translation.override(None):
        source = relation_rows() if kind == "relations" else record_rows(kind)
        for row in source:
            yield [neutralise(text_of(c, row.get(c.name)), c.type in s.NUMERIC_TYPES) for c in columns]


def export_csv(kind: str, out) -> int:
    writer = csv.writer(out)
    writer.writerow([c.name for c in s.KINDS[kind].columns])
    count = 0
    for row in rows_for(kind):
        writer.writerow(row)
        count += 1
    return count


# --- templates ----------------------------------------------------------------------------------


def template_rows(kind: str) -> tuple[list[str], list[str]]:
    """The header and one example row (external id "example:…", skipped if imported as is)."""
    columns = s.KINDS[kind].columns
    return [c.name for c in columns], [neutralise(c.example, c.type in s.NUMERIC_TYPES) for c in columns]


def template_csv(kind: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in template_rows(kind):
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(kind: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = kind
    header, example = template_rows(kind)
    sheet.append(header)
    sheet.append(example)
    for cell in sheet[2]:
        cell.data_type = "s"           # text, never a formula
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
