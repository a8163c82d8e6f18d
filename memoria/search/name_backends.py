"""Candidate look-up in the name index, per database.

Everything SQL-specific about the name search lives here:
- SQLite: an FTS5 table over search_indexedname.keys (external content, kept
  in step by triggers); rare keys first, common keys only when needed;
- PostgreSQL: a GIN index over to_tsvector('simple', keys), ranked by ts_rank.

Above this module the search is the same on both.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from operator import itemgetter

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

#: Spellings scored per query, best first by the index's own ranking.
CANDIDATES = 150
#: SQLite: a key carried by at most this many spellings is "rare" (see _sqlite_candidates).
RARE_KEY = 1000
#: ...and common keys are read only while rare ones found fewer candidates than this,
ENOUGH = 100
#: ...reading at most this many postings in all.
POSTINGS_BUDGET = 10_000


def encode_key(key: str) -> str:
    """A key as a token no text index folds or splits: a-z stay, A-Z become 9+letter,
    anything else 7+four hex digits. Injective, and made of [a-z0-9] only."""
    out = []
    for ch in key:
        if "a" <= ch <= "z":
            out.append(ch)
        elif "A" <= ch <= "Z":
            out.append("9" + ch.lower())
        else:
            out.append(f"7{ord(ch) & 0xFFFF:04x}")
    return "".join(out)


def encode_keys(keys) -> str:
    return " ".join(encode_key(k) for k in keys)


def _filters(published_only: bool, exclude_person: int | None) -> tuple[str, list]:
    sql, params = "", []
    if published_only:
        sql += " AND p.is_published = %s"
        params.append(True)
    if exclude_person:
        sql += " AND n.person_id <> %s"
        params.append(exclude_person)
    return sql, params


def _sqlite_candidates(cursor, tokens: list[str], limit: int) -> list[int]:
    """Spelling ids sharing the most (rare) keys with the query.

    Each key's posting list is read up to RARE_KEY + 1 rows (an index seek):
    a key on at most RARE_KEY spellings is rare and all of its spellings count,
    weighted by inverse frequency. Common keys (a frequent given name's) are read,
    at most POSTINGS_BUDGET rows in all, only when the rare ones found fewer than
    ENOUGH spellings. Asking FTS5 for exact frequencies would cost a scan of each
    posting list, common ones included.
    """
    scores: Counter = Counter()
    common = []
    for token in tokens:
        cursor.execute("SELECT rowid FROM search_namekeys WHERE search_namekeys MATCH %s LIMIT %s",
                       [f'"{token}"', RARE_KEY + 1])
        rowids = cursor.fetchall()
        if len(rowids) > RARE_KEY:
            common.append(token)
            continue
        weight = 1.0 / math.log(2 + len(rowids))
        for (rowid,) in rowids:
            scores[rowid] += weight
    budget = POSTINGS_BUDGET
    for token in sorted(common, key=len, reverse=True):  # longer keys are the more specific
        if len(scores) >= ENOUGH or budget <= 0:
            break
        cursor.execute("SELECT rowid FROM search_namekeys WHERE search_namekeys MATCH %s LIMIT %s",
                       [f'"{token}"', budget])
        rowids = cursor.fetchall()
        budget -= len(rowids)
        weight = 1.0 / math.log(2 + POSTINGS_BUDGET)
        for (rowid,) in rowids:
            scores[rowid] += weight
    return [rowid for rowid, _score in heapq.nlargest(limit, scores.items(), key=itemgetter(1))]


def candidates(keys: list[str], published_only: bool, exclude_person: int | None = None,
               limit: int = CANDIDATES) -> list[tuple[int, int, str]]:
    """(indexed name id, person id, text) of the spellings sharing most (rare) keys."""
    tokens = sorted({encode_key(k) for k in keys})
    if not tokens:
        return []
    extra, params = _filters(published_only, exclude_person)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            ids = _sqlite_candidates(cursor, tokens, limit)
            if not ids:
                return []
            cursor.execute(
                "SELECT n.id, n.person_id, n.text FROM search_indexedname n"
                " JOIN archive_person p ON p.id = n.person_id"
                f" WHERE n.id IN ({','.join(['%s'] * len(ids))}){extra}",
                [*ids, *params],
            )
        elif connection.vendor == "postgresql":
            query = " | ".join(tokens)
            cursor.execute(
                "SELECT n.id, n.person_id, n.text FROM search_indexedname n"
                " JOIN archive_person p ON p.id = n.person_id,"
                " to_tsquery('simple', %s) q"
                f" WHERE to_tsvector('simple', n.keys) @@ q{extra}"
                " ORDER BY ts_rank(to_tsvector('simple', n.keys), q) DESC LIMIT %s",
                [query, *params, limit],
            )
        else:
            raise ImproperlyConfigured(f"the name search supports SQLite and PostgreSQL, not {connection.vendor}")
        return cursor.fetchall()

