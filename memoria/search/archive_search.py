"""Search the whole archive: the one API of the public search page.

`search_archive(query, filters, user, page)` runs, whatever the database:
1. the cross-script name search (memoria.search.people.find_people) when the query looks
   like a name, so "Бабаханов" finds the person spelled "Babakhanov"; the people the name
   engine is not confident about are kept apart ("less alike", first page, no filters);
2. one query for the result count and every facet's counts, each over a bounded number of
   matches (COUNT_LIMIT, FACET_SAMPLE);
3. one query for the page of results: the people found by name first (best first), then
   the documents that hold every word of the query (best first, bm25 / ts_rank);
4. one query naming the places, units and events offered as facets.
Titles, snippet text and thumbnails come from the index rows themselves, so a page of
results costs no query per result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString

from memoria.core.db_router import read_connection
from memoria.core.i18n import _lang_order
from memoria.core.read_cache import per_generation
from memoria.core.visibility import can_preview
from memoria.search import fulltext_backends as backends
from memoria.search.facets import FACETS, TYPE_NAMES, Facet, Filters, _url, build
from memoria.search.fulltext import NEUTRAL, RecordType
from memoria.search.models import SearchDocument
from memoria.search.normalize import parse as parse_query
from memoria.search.people import MAX_QUERY_LENGTH, PersonMatch, find_people
from memoria.search.snippets import snippet

PAGE_SIZE = 20
DOCUMENTS = SearchDocument._meta.db_table
#: A query that may be a person's name: one to five words of letters (hyphens, apostrophes,
#: initials with a dot allowed), no digits.
NAME_QUERY = re.compile(r"^[^\W\d_]+\.?(?:[\s'’‘`-]+[^\W\d_]+\.?){0,4}$")
#: People taken from the name search, at most.
NAME_MATCHES = 10
#: Relevance (bm25 / ts_rank) costs a little per matching document; past this many matches
#: (a very common word) the results come newest record first instead, and the facets are
#: the way to narrow them. Keeps every search fast at a million records.
RANK_LIMIT = 2000
#: Matches are counted up to this many: as many, and the page says "at least 10000 results",
#: offers as many, and counts the record types over them (the first, newest ones). A word found
#: in most of a million records would otherwise cost a second of counting (memoria search-bench).
COUNT_LIMIT = 10_000
#: The facets other than the record type are counted over the first (newest) this many
#: matches: each match's facet values are read one by one, the costliest part of a search.
#: The page then says the counts are of a sample.
FACET_SAMPLE = 2_000


@dataclass
class Result:
    record_type: str
    type_name: str
    title: str
    url: str
    snippet: SafeString
    thumbnail_url: str = ""
    person_match: PersonMatch | None = None  # set when the name search found this person


@dataclass
class SearchPage:
    query: str
    filters: Filters
    searched: bool = False  # False: nothing to search for yet (an empty box, no filters)
    results: list[Result] = field(default_factory=list)
    total: int = 0
    number: int = 1
    num_pages: int = 1
    facets: list[Facet] = field(default_factory=list)
    previous_url: str = ""
    next_url: str = ""
    capped: bool = False  # `total` is COUNT_LIMIT: at least as many results; as many are offered
    types_sampled: int = 0  # > 0: the record types are counted over the newest this many results only
    facets_sampled: int = 0  # > 0: the other facets are counted over the newest this many results only
    # People whose names are only like the query: listed apart, after the results, never among them
    less_alike: list[PersonMatch] = field(default_factory=list)

    def for_one_request(self) -> SearchPage:
        """Plain values that no request changes: shared as they are (memoria.core.read_cache)."""
        return self


def looks_like_a_name(query: str) -> bool:
    return bool(NAME_QUERY.match(query.strip()))


def _names_sql(person_ids: list[int]) -> tuple[str, list]:
    return (f"d.record_type = %s AND d.object_id IN ({', '.join(['%s'] * len(person_ids))})",
            [RecordType.PERSON, *person_ids])


def _parts(match, person_ids, filters, published_only, with_types, columns, rank: bool,
           relevance: bool = True, limit: int | None = None):
    """The SELECTs of "what matches": people found by name, then documents found by words.

    The two are disjoint. With `limit`, each keeps only its first `limit` rows in its own
    order (by score when ranked, else newest first), which the database reads without
    visiting the other matches: FTS5 walks its rowids backwards and stops.
    """
    where, params = filters.sql(published_only, with_types)
    parts, all_params = [], []

    def first(sql: str, order: str) -> str:
        if limit is None:
            return sql
        return f"SELECT * FROM ({sql} ORDER BY {order} LIMIT {int(limit)}) p{len(parts)}"

    if person_ids:
        names, names_params = _names_sql(person_ids)
        order = "CASE d.object_id " + " ".join(["WHEN %s THEN %s"] * len(person_ids)) + " END"
        order_params = [v for i, pk in enumerate(person_ids) for v in (pk, i)]
        extra = f", 0 AS tier, {order} AS score" if rank else ""
        parts.append(first(f"SELECT {columns}{extra} FROM {DOCUMENTS} d WHERE {names}{where}",
                           "score, d.id" if rank else "d.id DESC"))
        all_params += (order_params if rank else []) + names_params + params
    if match is not None:
        score = match.rank_sql if relevance else "-d.id"
        extra = f", 1 AS tier, {score} AS score" if rank else ""
        from_sql = match.typed_from_sql if with_types and match.typed_from_sql else match.from_sql
        sql = f"SELECT {columns}{extra} FROM {from_sql} WHERE {match.where_sql}{where}"
        all_params += match.params + params
        if person_ids:
            names, names_params = _names_sql(person_ids)
            sql += f" AND NOT ({names})"
            all_params += names_params
        # The same order as the page's ORDER BY (tier, score, id), ties included, so that
        # pages neither repeat nor skip a record; without relevance, score = -id: newest first.
        parts.append(first(sql, "score, d.id" if rank and relevance else match.newest_sql))
    return parts, all_params


def _sample(match, person_ids, filters, published_only, with_types: bool) -> tuple[str, list]:
    """The first COUNT_LIMIT matches (id, record_type, tier, score): the people found by name,
    then the newest documents. Bounded whatever the word: the database stops reading after
    them (see _parts); one part alone comes in its index's order, unsorted."""
    parts, params = _parts(match, person_ids, filters, published_only, with_types,
                           "d.id, d.record_type", rank=True, relevance=False, limit=COUNT_LIMIT)
    if len(parts) == 1:
        return parts[0], params
    return (f"SELECT u.id, u.record_type, u.tier, u.score FROM ({' UNION ALL '.join(parts)}) u"
            f" ORDER BY u.tier, u.score, u.id LIMIT {COUNT_LIMIT}"), params


def _counts(match, person_ids, filters, published_only, offset: int, page_size: int) -> dict[str, dict[str, int]]:
    """{facet: {value: count}}, and "total": {"": the matches of the chosen types, "every
    type": of all types}, each counted up to COUNT_LIMIT (as many means "at least").

    The first COUNT_LIMIT matches are read once, each one's id and type; the record types are
    counted over those of every type (the type facet offers the others too), the other facets
    over the first FACET_SAMPLE of the chosen types. A word found in most of a million
    records would otherwise cost a second of counting (memoria search-bench).
    Besides, "page": {id: position} of the matches from `offset` on, in the sample's order:
    the page of results when they are too many to rank (RANK_LIMIT), read without a second
    search.
    """
    every_type, params = _sample(match, person_ids, filters, published_only, False)
    ctes = [f"a AS MATERIALIZED ({every_type})"]
    if filters.types:
        chosen, chosen_params = _sample(match, person_ids, filters, published_only, True)
        ctes.append(f"t AS MATERIALIZED ({chosen})")
        params += chosen_params
    shown = "t" if filters.types else "a"
    # CROSS JOIN: SQLite reads the sample first, then each one's facets by the covering index
    # (left to itself it would scan every facet row); PostgreSQL plans it as any join.
    sql = (f"WITH {', '.join(ctes)}"
           " SELECT 'type', a.record_type, count(*) FROM a GROUP BY a.record_type"
           f"{' UNION ALL SELECT %s, %s, count(*) FROM t' if filters.types else ''}"
           f" UNION ALL SELECT s.name, s.value, count(*) FROM (SELECT {shown}.id FROM {shown}"
           f" ORDER BY {shown}.tier, {shown}.score, {shown}.id LIMIT {FACET_SAMPLE}) m"
           f" CROSS JOIN {FACETS} s WHERE s.document_id = m.id GROUP BY s.name, s.value"
           " UNION ALL SELECT 'page', CAST(p.id AS VARCHAR(20)), row_number() OVER (ORDER BY p.tier, p.score, p.id)"
           f" FROM (SELECT * FROM {shown} ORDER BY {shown}.tier, {shown}.score, {shown}.id"
           f" LIMIT {int(page_size)} OFFSET {int(offset)}) p")
    counts: dict[str, dict[str, int]] = {}
    with read_connection(SearchDocument).cursor() as cursor:  # a visitor's: from a replica
        cursor.execute(sql, params + (["total", "chosen"] if filters.types else []))
        for name, value, count in cursor.fetchall():
            counts.setdefault(name, {})[str(value)] = count
    every_type = sum(counts.get("type", {}).values())
    counts["total"] = {"every type": every_type,
                       "": counts.pop("total", {}).get("chosen", 0) if filters.types else every_type}
    return counts


def _rows(match, person_ids, filters, published_only, offset: int, limit: int,
          relevance: bool) -> list[SearchDocument]:
    parts, params = _parts(match, person_ids, filters, published_only, True, "d.id", rank=True,
                           relevance=relevance, limit=offset + limit)
    # Rank ids only, then read the page's rows: the sort never carries the texts.
    sql = ("SELECT d.id, d.record_type, d.object_id, d.titles, d.texts, d.url_args, d.thumbnail"
           f" FROM (SELECT * FROM ({' UNION ALL '.join(parts)}) u"
           " ORDER BY u.tier, u.score, u.id LIMIT %s OFFSET %s) r"
           f" JOIN {DOCUMENTS} d ON d.id = r.id ORDER BY r.tier, r.score, r.id")
    return list(SearchDocument.objects.raw(sql, [*params, limit, offset]))


def _rows_by_id(positions: dict[str, int]) -> list[SearchDocument]:
    """The documents of these ids ({id: position}), in their positions' order."""
    docs = SearchDocument.objects.filter(pk__in=[int(pk) for pk in positions]).only(
        "record_type", "object_id", "titles", "texts", "url_args", "thumbnail")
    return sorted(docs, key=lambda doc: positions[str(doc.pk)])


def _result(doc: SearchDocument, terms: list[str], langs: list[str], person_match) -> Result:
    title = next((doc.titles[lang] for lang in langs if doc.titles.get(lang)), f"#{doc.object_id}")
    texts = [doc.texts[lang] for lang in [*langs, NEUTRAL] if doc.texts.get(lang)]
    try:
        url = reverse(f"public:{doc.record_type}", args=doc.url_args)
    except NoReverseMatch:  # a record whose address no longer resolves: still listed, not linked
        url = ""
    return Result(
        record_type=doc.record_type, type_name=str(TYPE_NAMES.get(doc.record_type, doc.record_type)),
        title=title, url=url, snippet=snippet(texts, terms),
        thumbnail_url=default_storage.url(doc.thumbnail) if doc.thumbnail else "",
        person_match=person_match,
    )


@per_generation
def search_archive(query: str, filters: Filters, user=None, page: int | str | None = 1,
                   page_size: int = PAGE_SIZE) -> SearchPage:
    """One page of results for `query` under `filters`, as `user` may see them."""
    query = " ".join(query.split())[:MAX_QUERY_LENGTH]
    result = SearchPage(query=query, filters=filters)
    parsed = parse_query(query)
    terms = parsed.terms
    published_only = not can_preview(user)
    matches: list[PersonMatch] = []
    if looks_like_a_name(query) and (not filters.types or RecordType.PERSON in filters.types):
        found = find_people(query, user, limit=NAME_MATCHES)
        matches = [m for m in found if m.confident]
        if not filters and str(page or 1) == "1":  # the facets and pages are the matches'
            result.less_alike = [m for m in found if not m.confident]
    person_ids = [m.person.pk for m in matches]
    match = backends.match(parsed) if parsed else (backends.everything(filters) if filters and not query else None)
    if match is None and not person_ids:
        result.searched = bool(query or filters)
        return result
    result.searched = True
    try:
        number = max(int(page or 1), 1)
    except (TypeError, ValueError):
        number = 1
    # The page asked for, as far as the counted matches go (past them: the last page, below).
    offset = (min(number, COUNT_LIMIT // page_size) - 1) * page_size
    counts = _counts(match, person_ids, filters, published_only, offset, page_size)
    page_ids = counts.pop("page", {})
    totals = counts.pop("total")
    result.total = totals[""]
    result.capped = result.total >= COUNT_LIMIT
    if totals["every type"] >= COUNT_LIMIT:
        result.types_sampled = COUNT_LIMIT
    if result.total > FACET_SAMPLE:
        result.facets_sampled = FACET_SAMPLE
    result.num_pages = max(1, -(-result.total // page_size))
    result.number = min(number, result.num_pages)
    pairs = filters.params()
    if result.number > 1:
        result.previous_url = _url(query, pairs + [("page", str(result.number - 1))])
    if result.number < result.num_pages:
        result.next_url = _url(query, pairs + [("page", str(result.number + 1))])
    if result.total:
        langs = _lang_order(None)
        by_person = {m.person.pk: m for m in matches}
        relevance = result.total <= RANK_LIMIT
        if not relevance and (result.number - 1) * page_size == offset:
            docs = _rows_by_id(page_ids)  # newest first: the sample's order, already read
        else:
            docs = _rows(match, person_ids, filters, published_only,
                         (result.number - 1) * page_size, page_size, relevance=relevance)
        result.results = [
            _result(doc, terms, langs,
                    by_person.get(doc.object_id) if doc.record_type == RecordType.PERSON else None)
            for doc in docs
        ]
    result.facets = build(query, filters, counts, published_only)
    return result
