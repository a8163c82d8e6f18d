"""Facet filters of the archive search: what the visitor chose, as SQL, and what to offer next.

The choices come from the page's query string (a plain GET form, so links and the back
button work without JavaScript):

    type=item&type=person   record types, either one (OR); counts ignore this choice, so every
                            type shows how many results it would give
    kind=photograph         item kind      } each chosen value narrows the results (AND);
    place=3  unit=2  event=5               } their counts are "results if you add this"
    from=1941&to=1945       years: records whose dates overlap the range
    images=1                only records with a picture

Bad values are dropped, never an error: the query string is the visitor's to edit.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from memoria.archive.models import Event, Item, Place, Unit
from memoria.core.db_router import read_connection
from memoria.core.i18n import _lang_order
from memoria.core.visibility import flag_column
from memoria.search.models import SearchDocument, SearchFacet

RecordType = SearchDocument.RecordType
FACETS = SearchFacet._meta.db_table
#: How many values a multi-valued facet may hold in one query string.
MAX_VALUES = 5
#: Values shown per facet (the chosen ones always are).
SHOWN_VALUES = 12
YEAR_MIN, YEAR_MAX = 1, 2999

TYPE_LABELS = {
    RecordType.ITEM: _("Objects and documents"),
    RecordType.PERSON: _("People"),
    RecordType.EVENT: _("Events"),
    RecordType.PLACE: _("Places"),
    RecordType.UNIT: _("Units and organisations"),
    RecordType.SOURCE: _("Sources"),
    RecordType.EXHIBITION: _("Exhibitions"),
    RecordType.SECTION: _("Exhibition sections"),
}
#: Singular labels shown beside each result.
TYPE_NAMES = {
    RecordType.ITEM: _("Object or document"),
    RecordType.PERSON: _("Person"),
    RecordType.EVENT: _("Event"),
    RecordType.PLACE: _("Place"),
    RecordType.UNIT: _("Unit or organisation"),
    RecordType.SOURCE: _("Source"),
    RecordType.EXHIBITION: _("Exhibition"),
    RecordType.SECTION: _("Exhibition section"),
}
#: Facets whose values are record ids, with the table and column that name them.
RECORD_FACETS = {"place": (Place, "name"), "unit": (Unit, "name"), "event": (Event, "title")}


def _ints(values: list[str]) -> list[int]:
    out = []
    for value in values:
        if value.isdigit() and 0 < int(value) < 2**63 and int(value) not in out:
            out.append(int(value))
    return out[:MAX_VALUES]


def _year(value: str | None) -> int | None:
    value = (value or "").strip()
    if value.lstrip("-").isdigit() and len(value) <= 5:
        return min(max(int(value), YEAR_MIN), YEAR_MAX)
    return None


@dataclass
class Filters:
    types: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    place: list[int] = field(default_factory=list)
    unit: list[int] = field(default_factory=list)
    event: list[int] = field(default_factory=list)
    year_from: int | None = None
    year_to: int | None = None
    images: bool = False

    @classmethod
    def from_query(cls, get) -> Filters:
        kinds = [k for k in dict.fromkeys(get.getlist("kind")) if k in Item.Kind.values]
        filters = cls(
            types=[t for t in dict.fromkeys(get.getlist("type")) if t in RecordType.values],
            kinds=kinds[:MAX_VALUES],
            place=_ints(get.getlist("place")), unit=_ints(get.getlist("unit")),
            event=_ints(get.getlist("event")),
            year_from=_year(get.get("from")), year_to=_year(get.get("to")),
            images=get.get("images") == "1",
        )
        if filters.year_from and filters.year_to and filters.year_from > filters.year_to:
            filters.year_from, filters.year_to = filters.year_to, filters.year_from
        return filters

    def __bool__(self) -> bool:
        return bool(self.types or self.kinds or self.place or self.unit or self.event
                    or self.year_from or self.year_to or self.images)

    def params(self) -> list[tuple[str, str]]:
        """The filters as query-string pairs (the inverse of from_query)."""
        pairs = [("type", t) for t in self.types] + [("kind", k) for k in self.kinds]
        for name in RECORD_FACETS:
            pairs += [(name, str(v)) for v in getattr(self, name)]
        if self.year_from:
            pairs.append(("from", str(self.year_from)))
        if self.year_to:
            pairs.append(("to", str(self.year_to)))
        if self.images:
            pairs.append(("images", "1"))
        return pairs

    def chosen_values(self) -> list[tuple[str, str]]:
        """The (facet, value) pairs a document must carry in search_searchfacet."""
        chosen = [("kind", k) for k in self.kinds]
        for name in RECORD_FACETS:
            chosen += [(name, str(v)) for v in getattr(self, name)]
        return chosen

    def sql(self, published_only: bool, with_types: bool = True) -> tuple[str, list]:
        """" AND …" conditions on the document table `d`, and their parameters."""
        sql, params = "", []
        if published_only:
            sql += " AND d.is_public = %s"
            params.append(True)
        if with_types and self.types:
            sql += f" AND d.record_type IN ({', '.join(['%s'] * len(self.types))})"
            params += self.types
        for name, value in self.chosen_values():
            sql += (f" AND EXISTS (SELECT 1 FROM {FACETS} s WHERE s.document_id = d.id"
                    " AND s.name = %s AND s.value = %s)")
            params += [name, value]
        if self.year_from:
            sql += " AND d.year_upper >= %s"
            params.append(self.year_from)
        if self.year_to:
            sql += " AND d.year_lower <= %s"
            params.append(self.year_to)
        if self.images:
            sql += " AND d.has_images = %s"
            params.append(True)
        return sql, params


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    url: str = ""  # the results with this value toggled (links for the date facet)


@dataclass
class Facet:
    name: str  # the query-string parameter
    label: str
    values: list[FacetValue]


def _url(query: str, pairs: list[tuple[str, str]]) -> str:
    return "?" + urlencode([("q", query)] + pairs) if query else "?" + urlencode(pairs)


def record_labels(counts: dict[str, dict[str, int]], filters: Filters, published_only: bool) -> dict:
    """{(facet, id): {lang: name}} of the places, units and events to show: one query."""
    parts, params = [], []
    langs = _lang_order(None)
    for name, (model, column) in RECORD_FACETS.items():
        ids = [int(v) for v in _top(counts.get(name, {}), getattr(filters, name))]
        if not ids:
            continue
        columns = ", ".join(f"{column}_{lang}" for lang in langs)
        where = f"id IN ({', '.join(['%s'] * len(ids))})"
        if published_only:
            where += f" AND {flag_column(model)} = %s"
            ids.append(True)
        parts.append(f"SELECT %s, id, {columns} FROM {model._meta.db_table} WHERE {where}")
        params += [name, *ids]
    if not parts:
        return {}
    with read_connection(SearchFacet).cursor() as cursor:  # a visitor's: from a replica
        cursor.execute(" UNION ALL ".join(parts), params)
        return {(row[0], str(row[1])): next((t for t in row[2:] if t), f"#{row[1]}")
                for row in cursor.fetchall()}


def _top(counts: dict[str, int], chosen: list) -> list[str]:
    chosen = [str(c) for c in chosen]
    # The SHOWN_VALUES commonest of up to thousands of values (places): no need to sort them all.
    best = heapq.nsmallest(SHOWN_VALUES + len(chosen), counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return chosen + [v for v, _n in best if v not in chosen][:SHOWN_VALUES]


def build(query: str, filters: Filters, counts: dict[str, dict[str, int]], published_only: bool) -> list[Facet]:
    """The facets to show, values with counts; chosen values first and always shown."""
    labels = record_labels(counts, filters, published_only)
    facets = [Facet("type", str(_("Type of record")), [
        FacetValue(t, str(TYPE_LABELS[t]), counts.get("type", {}).get(t, 0), t in filters.types)
        for t in RecordType.values if counts.get("type", {}).get(t) or t in filters.types
    ])]
    kind_labels = dict(Item.Kind.choices)
    facets.append(Facet("kind", str(_("Kind of object")), [
        FacetValue(k, str(kind_labels[k]), counts.get("kind", {}).get(k, 0), k in filters.kinds)
        for k in _top(counts.get("kind", {}), filters.kinds)
    ]))
    for name, label in (("place", _("Place")), ("unit", _("Unit or organisation")), ("event", _("Event"))):
        chosen = getattr(filters, name)
        values = [FacetValue(v, labels[(name, v)], counts.get(name, {}).get(v, 0), int(v) in chosen)
                  for v in _top(counts.get(name, {}), chosen) if (name, v) in labels]
        facets.append(Facet(name, str(label), values))
    others = [p for p in filters.params() if p[0] not in ("from", "to")]
    decades = []
    for value, count in sorted(counts.get("decade", {}).items(), key=lambda kv: int(kv[0])):
        start = int(value)
        selected = filters.year_from == start and filters.year_to == start + 9
        decades.append(FacetValue(value, f"{start}–{start + 9}", count, selected,
                                  _url(query, others + [("from", str(start)), ("to", str(start + 9))])))
    facets.append(Facet("decade", str(_("Dates")), decades))
    images = counts.get("images", {}).get("1", 0)
    facets.append(Facet("images", str(_("Pictures")), [
        FacetValue("1", str(_("Only with pictures")), images, filters.images)] if images or filters.images else []))
    return [f for f in facets if f.values]
