"""The full-text match, per database: the only SQL of the full-text search that differs.

- SQLite: the FTS5 table search_fulltext (external content over search_searchdocument.text,
  unicode61, prefix indexes), ranked by bm25;
- PostgreSQL: the stored tsvector search_searchdocument.search_vector with its GIN index,
  ranked by ts_rank.

Both see the same folded words (memoria.search.normalize), so both find the same
documents: every query word must occur, also as the beginning of a longer word ("радио" finds
"радиопередатчик"); a "quoted phrase" must occur whole and in order; a -word or -"phrase" must
not occur. Above this module (memoria/search/archive_search.py)
the search is the same on both.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from memoria.search.models import SearchDocument, SearchFacet
from memoria.search.normalize import Query

DOCUMENTS = SearchDocument._meta.db_table
FACETS = SearchFacet._meta.db_table
FILTER_INDEX = "search_document_filter_idx"
TYPE_INDEX = "search_document_type_idx"
#: Shorter words match only whole: "de" as a prefix would match half the archive.
MIN_PREFIX = 3


@dataclass(frozen=True)
class Match:
    """SQL pieces for "the documents that match": FROM (document table aliased d), WHERE, rank."""

    from_sql: str
    where_sql: str
    rank_sql: str  # smaller is better
    params: list  # the values of the FROM's and WHERE's %s, in that order
    newest_sql: str = "d.id DESC"  # ORDER BY newest first, in the form the database reads fastest
    typed_from_sql: str = ""  # FROM instead, when the chosen record type is filtered on too


def _prefix(term: str) -> bool:
    return len(term) >= MIN_PREFIX


def _fts5(query: Query) -> str:
    """FTS5 syntax; every word quoted, so nothing in it is read as syntax."""
    positive = [f'"{w}"' + ("*" if _prefix(w) else "") for w in query.words]
    positive += ['"' + " ".join(phrase) + '"' for phrase in query.phrases]
    return "(" + " AND ".join(positive) + ")" + "".join(f' NOT "{" ".join(p)}"' for p in query.excluded)


def _tsquery(query: Query) -> str:
    parts = [f"'{w}'" + (":*" if _prefix(w) else "") for w in query.words]
    parts += ["(" + " <-> ".join(f"'{w}'" for w in phrase) + ")" for phrase in query.phrases]
    parts += ["!(" + " <-> ".join(f"'{w}'" for w in phrase) + ")" for phrase in query.excluded]
    return " & ".join(parts)


def match(query: Query) -> Match:
    """The documents holding every word and phrase of `query` and none of its excluded ones."""
    if connection.vendor == "sqlite":
        if not query.positive:  # FTS5 has no "NOT x" alone: every document but those holding x
            fts = " OR ".join('"' + " ".join(p) + '"' for p in query.excluded)
            return Match(f"{DOCUMENTS} d INDEXED BY {FILTER_INDEX}",
                         "d.id NOT IN (SELECT rowid FROM search_fulltext WHERE search_fulltext MATCH %s)",
                         "d.id", [fts])
        # The filter columns come from their covering index, not from the wide rows
        # (migration 0005): a common word's matches are read four times faster.
        return Match(f"search_fulltext f JOIN {DOCUMENTS} d INDEXED BY {FILTER_INDEX} ON d.id = f.rowid",
                     "search_fulltext MATCH %s", "f.rank", [_fts5(query)], newest_sql="f.rowid DESC")
    if connection.vendor == "postgresql":
        return Match(f"{DOCUMENTS} d CROSS JOIN to_tsquery('simple', %s) q",
                     "d.search_vector @@ q", "-ts_rank(d.search_vector, q)", [_tsquery(query)])
    raise ImproperlyConfigured(f"the full-text search supports SQLite and PostgreSQL, not {connection.vendor}")


def everything(filters=None) -> Match:
    """Every document: a search by facets alone (the filters' conditions are added above).

    With a place, unit, event or kind chosen, the facet index names exactly those documents,
    so the search starts there (at a million documents: 10 ms instead of 2 s). With one record
    type chosen, that type's documents come newest first from search_document_type_idx.
    Otherwise every document is read newest first — on SQLite from the narrow covering index,
    not from the wide rows — until the counted ones are found.
    """
    sqlite = connection.vendor == "sqlite"
    documents = f"{DOCUMENTS} d" + (f" INDEXED BY {FILTER_INDEX}" if sqlite else "")
    chosen = filters.chosen_values() if filters else []
    if chosen:
        name, value = chosen[0]
        return Match(f"{FACETS} s0 CROSS JOIN {documents}",
                     "s0.name = %s AND s0.value = %s AND d.id = s0.document_id", "d.id", [name, value],
                     newest_sql="s0.document_id DESC")
    by_type = ""
    if filters and len(filters.types) == 1:
        by_type = f"{DOCUMENTS} d" + (f" INDEXED BY {TYPE_INDEX}" if sqlite else "")
    return Match(documents, "1 = 1", "d.id", [], typed_from_sql=by_type)
