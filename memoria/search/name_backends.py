"""Candidate look-up in the name index, per database.

Everything SQL-specific about the name search lives here:
- SQLite: an FTS5 table over search_indexedname.keys (external content, kept
  in step by triggers); rare keys first, common keys only when needed;
- PostgreSQL: a GIN index over to_tsvector('simple', keys), ranked by ts_rank.

Above this module the search is the same on both.
"""

from __future__ import annotations

import heapq
from collections import Counter
from operator import itemgetter

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from memoria.names.matching import MAX_CANDIDATES, PAIR_KEY_WEIGHT

#: memoria.names marks keys that stand for a pair of tokens with this first letter.
PAIR_KEY_PREFIX = "n"
#: Spellings scored per query: as many as memoria.names' own index scores.
CANDIDATES = MAX_CANDIDATES
#: SQLite: a key carried by at most this many spellings is "rare" (see _sqlite_candidates);
#: common keys are read, at most POSTINGS_BUDGET postings in all, only while the rare ones
#: found fewer than CANDIDATES spellings — the policy of memoria.names.NameIndex.
RARE_KEY = 1000
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


def _weight(token: str) -> int:
    return PAIR_KEY_WEIGHT if token.startswith(encode_key(PAIR_KEY_PREFIX)) else 1


def _sqlite_postings(cursor, tokens: list[str], cap: int) -> dict[str, list[int]]:
    """Up to `cap` spelling ids per key, all keys in one query (each an index seek)."""
    parts = " UNION ALL ".join(
        f"SELECT {i}, rowid FROM (SELECT rowid FROM search_namekeys WHERE search_namekeys MATCH %s LIMIT %s)"
        for i in range(len(tokens))
    )
    params = [value for token in tokens for value in (f'"{token}"', cap)]
    cursor.execute(parts, params)
    postings: dict[str, list[int]] = {token: [] for token in tokens}
    for index, rowid in cursor.fetchall():
        postings[tokens[index]].append(rowid)
    return postings


def _sqlite_candidates(cursor, tokens: list[str], limit: int) -> list[int]:
    """Spelling ids sharing the most (rare) keys with the query.

    As in memoria.names.NameIndex, a spelling scores one per shared key and
    PAIR_KEY_WEIGHT per shared pair key. Each key's posting list is read up to
    RARE_KEY + 1 rows: a key on at most RARE_KEY spellings is rare and all of
    them count. Common keys (a frequent given name's) are read, POSTINGS_BUDGET
    rows at most, only when the rare ones found fewer than `limit` spellings.
    (Asking FTS5 for exact key frequencies would scan each posting list.)
    """
    scores: Counter = Counter()
    common = []
    for token, rowids in _sqlite_postings(cursor, tokens, RARE_KEY + 1).items():
        if len(rowids) > RARE_KEY:
            common.append(token)
            continue
        for rowid in rowids:
            scores[rowid] += _weight(token)
    if common and len(scores) < limit:
        per_key = max(POSTINGS_BUDGET // len(common), RARE_KEY)
        for token, rowids in _sqlite_postings(cursor, common, per_key).items():
            for rowid in rowids:
                scores[rowid] += _weight(token)
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

