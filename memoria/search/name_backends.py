"""Candidate look-up in the name index, per database.

Everything SQL-specific about the name search lives here:
- SQLite: an FTS5 table over search_indexedname.keys (external content, kept
  in step by triggers); rare keys first, common keys only when needed;
- PostgreSQL: a GIN index over to_tsvector('simple', keys), ranked by ts_rank.

Above this module the search is the same on both.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router

from memoria.archive.models import Person
from memoria.core.db_router import read_connection
from memoria.core.visibility import flag_column
from memoria.names.matching import MAX_CANDIDATES, PAIR_KEY_WEIGHT

#: memoria.names marks keys that stand for a pair of tokens with this first letter.
PAIR_KEY_PREFIX = "n"
#: Spellings scored per query: as many as memoria.names' own index scores.
CANDIDATES = MAX_CANDIDATES
#: SQLite: a key carried by at most this many spellings is "rare" (see _sqlite_candidates);
#: common keys are read, at most POSTINGS_BUDGET postings in all, only while the rare ones
#: found fewer than CANDIDATES spellings — the policy of memoria.names.NameIndex.
RARE_KEY = 1500
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
        sql += f" AND p.{flag_column(Person)} = %s"
        params.append(True)
    if exclude_person:
        sql += " AND n.person_id <> %s"
        params.append(exclude_person)
    return sql, params


def _weight(token: str) -> int:
    return PAIR_KEY_WEIGHT if token.startswith(encode_key(PAIR_KEY_PREFIX)) else 1


def _postings_sql(tokens: list[str], caps: list[int], weights: list[int] | None = None) -> tuple[str, list]:
    """UNION ALL of each key's posting list, read up to its cap (each an FTS5 index seek)."""
    parts, params = [], []
    for i, (token, cap) in enumerate(zip(tokens, caps)):
        column = weights[i] if weights else i
        parts.append(f"SELECT {column} AS k, rowid AS id FROM (SELECT rowid FROM search_namekeys"
                     " WHERE search_namekeys MATCH %s LIMIT %s)")
        params += [f'"{token}"', cap]
    return " UNION ALL ".join(parts), params


def _sqlite_candidates(cursor, tokens: list[str], limit: int) -> list[int]:
    """Spelling ids sharing the most (rare) keys with the query, counted by SQLite.

    As in memoria.names.NameIndex, a spelling scores one per shared key and
    PAIR_KEY_WEIGHT per shared pair key. First, how many spellings carry each
    key, counting at most RARE_KEY + 1: a key on at most RARE_KEY spellings is
    rare and all of them count; the common keys (a frequent given name's) share
    POSTINGS_BUDGET postings only while the rare ones found fewer than `limit`
    spellings. (FTS5's own key statistics would scan each posting list whole.)
    """
    union, params = _postings_sql(tokens, [RARE_KEY + 1] * len(tokens))
    cursor.execute(f"SELECT k, count(*) FROM ({union}) GROUP BY k", params)
    sizes = dict(cursor.fetchall())
    rare = [t for i, t in enumerate(tokens) if 0 < sizes.get(i, 0) <= RARE_KEY]
    common = [t for i, t in enumerate(tokens) if sizes.get(i, 0) > RARE_KEY]
    rare_spellings = sum(sizes[tokens.index(t)] for t in rare)
    chosen, caps = rare, [RARE_KEY] * len(rare)
    if common and rare_spellings < limit:
        per_key = max(POSTINGS_BUDGET // len(common), RARE_KEY)
        chosen, caps = rare + common, caps + [per_key] * len(common)
    if not chosen:
        return []
    union, params = _postings_sql(chosen, caps, [_weight(t) for t in chosen])
    cursor.execute(f"SELECT id FROM ({union}) GROUP BY id ORDER BY sum(k) DESC, id LIMIT %s",
                   [*params, limit])
    return [row[0] for row in cursor.fetchall()]


def candidates(keys: list[str], published_only: bool, exclude_person: int | None = None,
               limit: int = CANDIDATES) -> list[tuple[int, int, str]]:
    """(indexed name id, person id, text) of the spellings sharing most (rare) keys."""
    tokens = sorted({encode_key(k) for k in keys})
    if not tokens:
        return []
    extra, params = _filters(published_only, exclude_person)
    connection = read_connection(Person)  # a visitor's search reads from a replica
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



def spellings_with(tokens: list[str], cap: int, chunk: int = 100) -> list[tuple[str, int]]:
    """(key, person id) of at most `cap` spellings for each of these encoded keys, from the
    database written to (the check of a batch of people just imported, in its transaction):
    a few statements for any number of keys, each key's posting list read up to its cap."""
    connection = connections[router.db_for_write(Person)]
    out: list[tuple[str, int]] = []
    with connection.cursor() as cursor:
        for start in range(0, len(tokens), chunk):
            part = tokens[start:start + chunk]
            if connection.vendor == "sqlite":
                union = " UNION ALL ".join(
                    "SELECT %s AS k, rowid AS id FROM (SELECT rowid FROM search_namekeys"
                    " WHERE search_namekeys MATCH %s LIMIT %s)" for _ in part)
                params = [p for token in part for p in (token, f'"{token}"', cap)]
                cursor.execute(f"SELECT u.k, n.person_id FROM ({union}) u"
                               " JOIN search_indexedname n ON n.id = u.id", params)
            elif connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT k, n.person_id FROM unnest(%s::text[]) AS k, LATERAL ("
                    "SELECT person_id FROM search_indexedname"
                    " WHERE to_tsvector('simple', keys) @@ to_tsquery('simple', k) LIMIT %s) n",
                    [part, cap])
            else:
                raise ImproperlyConfigured(f"the name search supports SQLite and PostgreSQL, not {connection.vendor}")
            out += cursor.fetchall()
    return out
