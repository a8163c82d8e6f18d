"""Candidate look-up in the name index, per database.

Everything SQL-specific about the name search lives here:
- SQLite: an FTS5 table over search_indexedname.keys (external content, kept
  in step by triggers);
- PostgreSQL: a GIN index over to_tsvector('simple', keys).

The candidate rule is the same on both (`candidates`): the spellings holding every
token of the name first (one AND query), then rare keys first, common keys only
when needed, each key's posting list read up to a cap — so that a search's cost
does not grow with the archive. Above this module the search is the same on both.

What a key is (rare or common) comes from its number of spellings: on SQLite counted up to
RARE_KEY + 1 in the FTS5 index (an incremental read); on PostgreSQL read from
search_namekeycount, which triggers keep exact (migration 0007: a GIN look-up reads a key's
whole posting list, however few of its rows are wanted).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections, router

from memoria.archive.models import Person
from memoria.core import bulk
from memoria.core.db_router import read_connection
from memoria.core.visibility import flag_column
from memoria.names.matching import MAX_CANDIDATES, PAIR_KEY_WEIGHT
from memoria.search.models import IndexedName

#: memoria.names marks keys that stand for a pair of tokens with this first letter.
PAIR_KEY_PREFIX = "n"
#: Spellings scored per query: as many as memoria.names' own index scores.
CANDIDATES = MAX_CANDIDATES
#: A key carried by at most this many spellings is "rare" (see _counted_ids);
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


def _posting(vendor: str, match: str) -> tuple[str, str]:
    """A subquery giving the ids of the spellings matching `match` (the text index's own query
    syntax), read in index order up to a LIMIT, and the parameter that carries `match`."""
    if vendor == "sqlite":
        return "SELECT rowid AS id FROM search_namekeys WHERE search_namekeys MATCH %s LIMIT %s", match
    return ("SELECT id FROM search_indexedname"
            " WHERE to_tsvector('simple', keys) @@ to_tsquery('simple', %s) LIMIT %s"), match


def _key(vendor: str, token: str) -> str:
    return f'"{token}"' if vendor == "sqlite" else token


def _postings_sql(vendor: str, tokens: list[str], caps: list[int]) -> tuple[str, list]:
    """UNION ALL of each key's posting list, read up to its cap (each an index seek), as rows
    (k = the key's place in `tokens`, w = its weight, id)."""
    parts, params = [], []
    for i, (token, cap) in enumerate(zip(tokens, caps)):
        sql, match = _posting(vendor, _key(vendor, token))
        parts.append(f"SELECT {i} AS k, {_weight(token)} AS w, id FROM ({sql}) AS s{i}")
        params += [match, cap]
    return " UNION ALL ".join(parts), params


def _and_match(vendor: str, groups: list[list[str]]) -> str:
    """The text index's query for spellings holding a key of every group."""
    any_of, all_of = (" OR ", " AND ") if vendor == "sqlite" else (" | ", " & ")
    return all_of.join("(" + any_of.join(_key(vendor, encode_key(k)) for k in group) + ")" for group in groups)


def _holding_every_group(cursor, vendor: str, named: list[tuple[int, list[list[str]]]], limit: int,
                         tokens: list[str] = ()) -> tuple[dict[int, list[int]], dict[int, int]]:
    """In one statement: per (number, groups) of `named`, the spellings holding a key of every
    group, at most `limit`, by id; and each key of `tokens` with its number of spellings (what
    _counted_ids needs): on SQLite counted up to RARE_KEY + 1 (an index seek per key that keeps
    no rows), on PostgreSQL read from search_namekeycount (see the module's docstring)."""
    parts, params = [], []
    for g, groups in named:
        sql, match = _posting(vendor, _and_match(vendor, groups))
        parts.append(f"SELECT 0 AS tag, {g} AS a, id AS b FROM ({sql}) AS w{g}")
        params += [match, limit]
    if tokens and vendor == "postgresql":
        parts.append("SELECT 1 AS tag, array_position(%s::text[], key) - 1 AS a, spellings AS b"
                     " FROM search_namekeycount WHERE key = ANY(%s) AND spellings > 0")
        params += [list(tokens), list(tokens)]
    elif tokens:
        for i, token in enumerate(tokens):
            sql, match = _posting(vendor, _key(vendor, token))
            parts.append(f"SELECT 1 AS tag, {i} AS a, count(*) AS b FROM ({sql}) AS c{i}")
            params += [match, RARE_KEY + 1]
    found: dict[int, list[int]] = {g: [] for g, _groups in named}
    sizes: dict[int, int] = {}
    if not parts:
        return found, sizes
    cursor.execute(" UNION ALL ".join(parts) + " ORDER BY tag, a, b", params)
    for tag, a, b in cursor.fetchall():
        if tag == 0:
            found[a].append(b)
        else:
            sizes[a] = b
    return found, sizes


def _whole_names_and_counts(cursor, vendor: str, names: list[tuple[list[str], list[list[str]]]],
                            tokens: list[str], limit: int) -> tuple[list[int], dict[int, int]]:
    """The spellings holding a whole name, name after name, at most `limit`; and each key of
    `tokens` with its number of spellings (see _holding_every_group).

    Each name is (its keys, its whole_name_groups). Looked up for each, in this order: the
    spellings holding every key of the name (the same spelling, or one differing only in
    readings the query lacks), then those holding every token of the name, whatever its
    spelling (memoria.names.whole_name_groups: in an archive of millions, a thousand people may
    share a surname, and the counting of keys that follows caps each key's postings).

    The first set is part of the second (each group's keys are keys of the name), so when
    the second sets are whole — fewer than `limit` spellings in all — they are the answer, and
    the "every key" look-up of a name with groups is not made: ANDing some twenty keys, many of
    them common, costs a search more than anything else it asks of the index. (A one-token name
    has no groups: its "every key" look-up is made in the same statement as the others.)
    """
    every = {2 * n: [[k] for k in keys] for n, (keys, _groups) in enumerate(names) if keys}
    wholes = {2 * n + 1: groups for n, (_keys, groups) in enumerate(names) if groups}
    # Asked at once: the whole names, and "every key" for the names that have no whole-name groups.
    first = {**wholes, **{g: groups for g, groups in every.items() if g + 1 not in wholes}}
    found, sizes = _holding_every_group(cursor, vendor, sorted(first.items()), limit, tokens)

    def in_order() -> list[int]:  # name after name, "every key" before the whole name
        return list(dict.fromkeys(i for g in sorted(found) for i in found[g]))

    ids = in_order()
    if len(ids) < limit:
        return ids, sizes
    rest = [(g, groups) for g, groups in sorted(every.items()) if g not in found]
    found.update(_holding_every_group(cursor, vendor, rest, limit)[0])
    return in_order()[:limit], sizes


def _counted_ids(cursor, vendor: str, tokens: list[str], sizes: dict[int, int], limit: int) -> list[int]:
    """Spelling ids sharing the most (rare) keys with the query, counted by the database.

    As in memoria.names.NameIndex, a spelling scores one per shared key and
    PAIR_KEY_WEIGHT per shared pair key. `sizes`: each key's number of spellings (at least
    up to RARE_KEY + 1, _whole_names_and_counts). A key on at most RARE_KEY spellings is rare
    and all of them count; the common keys (a frequent given name's) share
    POSTINGS_BUDGET postings only while the rare ones hold fewer than `limit`
    spellings. So no query reads more than about (keys x RARE_KEY + POSTINGS_BUDGET)
    postings, however large the archive, and a common key's postings are not read at
    all when the rare ones suffice. (FTS5's own key statistics would scan each posting
    list whole.)
    """
    rare = [t for i, t in enumerate(tokens) if 0 < sizes.get(i, 0) <= RARE_KEY]
    common = [t for i, t in enumerate(tokens) if sizes.get(i, 0) > RARE_KEY]
    if sum(sizes[tokens.index(t)] for t in rare) >= limit or not common:
        chosen, caps = rare, [RARE_KEY] * len(rare)
    else:
        per_key = max(POSTINGS_BUDGET // len(common), RARE_KEY)
        chosen, caps = rare + common, [RARE_KEY] * len(rare) + [per_key] * len(common)
    if not chosen:
        return []
    union, params = _postings_sql(vendor, chosen, caps)
    cursor.execute(f"SELECT id FROM ({union}) AS u GROUP BY id ORDER BY sum(w) DESC, id LIMIT %s",
                   [*params, limit])
    return [row[0] for row in cursor.fetchall()]


def candidates(keys: list[str], published_only: bool, exclude_person: int | None = None,
               limit: int = CANDIDATES, names: list[tuple[list[str], list[list[str]]]] = ()
               ) -> list[tuple[int, int, str]]:
    """(indexed name id, person id, text) of at most `limit` spellings: those holding one of
    `names` whole first (each name: its keys and its whole_name_groups; see
    _whole_names_and_counts), then those sharing most (rare) `keys` — the same rule on SQLite
    and PostgreSQL."""
    tokens = sorted({encode_key(k) for k in keys})
    if not tokens:
        return []
    extra, params = _filters(published_only, exclude_person)
    connection = read_connection(Person)  # a visitor's search reads from a replica
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise ImproperlyConfigured(f"the name search supports SQLite and PostgreSQL, not {vendor}")
    with connection.cursor() as cursor:
        ids, sizes = _whole_names_and_counts(cursor, vendor, list(names), tokens, limit)
        if len(ids) < limit:
            ids = list(dict.fromkeys(ids + _counted_ids(cursor, vendor, tokens, sizes, limit)))[:limit]
        if not ids:
            return []
        cursor.execute(
            "SELECT n.id, n.person_id, n.text FROM search_indexedname n"
            " JOIN archive_person p ON p.id = n.person_id"
            f" WHERE n.id IN ({','.join(['%s'] * len(ids))}){extra}",
            [*ids, *params],
        )
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


TABLE = "search_indexedname"
COLUMNS = ("person", "variant", "text", "keys")


def write_rows(rows: list[tuple]) -> None:
    """Append index rows (person id, variant id, text, encoded keys) to the table as it stands,
    its text index kept in step: on SQLite many rows per INSERT (memoria.core.bulk: the FTS5
    triggers index a statement's rows at once), on PostgreSQL COPY (the GIN index takes them
    through its pending list)."""
    bulk.copy_rows(IndexedName, [IndexedName._meta.get_field(c) for c in COLUMNS], rows)


@contextmanager
def rewrite(exclusive: bool = False) -> Iterator:
    """Empty the index and yield a writer of its new rows (see write_rows), in the caller's
    transaction.

    SQLite: the FTS5 triggers and the table's other indexes are dropped first, the rows
    written bare, and the indexes then built once each (FTS5 'rebuild' reads the keys column
    in one pass); triggers and indexes come back before the transaction commits, and readers
    (WAL) keep the old index until it does. PostgreSQL: with `exclusive` (a database nobody
    reads yet: a restore) the same — the GIN and B-tree indexes are built after COPY; otherwise
    the indexes stay, so that searches go on against the old rows until the commit (dropping
    them would lock the table for the whole rebuild).
    """
    vendor = connection.vendor
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = %s"
                           " AND type IN ('index', 'trigger') AND sql IS NOT NULL", [TABLE])
            ddl = cursor.fetchall()
            for kind, name, _sql in ddl:
                cursor.execute(f'DROP {kind.upper()} "{name}"')
            cursor.execute(f"DELETE FROM {TABLE}")  # no trigger left: SQLite empties it in one go
        elif vendor == "postgresql":
            # The key counts' triggers would aggregate every batch of rows (and the deletion of
            # all of them): off for this transaction, and every key counted once at the end.
            cursor.execute("SELECT set_config('memoria.name_key_counts', 'off', true)")
            ddl = []
            if exclusive:
                # Indexes that back no constraint (the primary key's stays).
                cursor.execute(
                    "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x"
                    " JOIN pg_class i ON i.oid = x.indexrelid"
                    " WHERE x.indrelid = %s::regclass"
                    " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)", [TABLE])
                ddl = cursor.fetchall()
                for name, _sql in ddl:
                    cursor.execute(f'DROP INDEX "{name}"')
            cursor.execute(f"DELETE FROM {TABLE}")
        else:
            raise ImproperlyConfigured(f"the name search supports SQLite and PostgreSQL, not {vendor}")
    yield write_rows
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            for kind, _name, sql in sorted(ddl, key=lambda d: d[0] == "trigger"):  # indexes first
                cursor.execute(sql)
            cursor.execute("INSERT INTO search_namekeys(search_namekeys) VALUES ('rebuild')")
            # 'rebuild' leaves the index in several segments (8 at a million people), which
            # every look-up then reads; merged into one, the "every key" AND of a search takes
            # ~30 % less time (5.0 -> 3.6 ms at a million people) for ~2 s of merging.
            cursor.execute("INSERT INTO search_namekeys(search_namekeys) VALUES ('optimize')")
            return
        if not ddl:
            # The GIN index took the rows into its pending list, which every search scans
            # whole until a VACUUM merges it: merge it now.
            cursor.execute("SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index i"
                           " JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam"
                           " WHERE i.indrelid = %s::regclass AND a.amname = 'gin'", [TABLE])
        else:
            # The rows' deferred foreign-key checks run now: PostgreSQL builds no index on a
            # table with trigger events pending ("pending trigger events"; a restore's
            # transaction defers them). Afterwards they are deferred again, as Django's are.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for _name, sql in ddl:
                cursor.execute(sql)
        recount_keys(cursor)


def recount_keys(cursor) -> None:
    """PostgreSQL: count every key's spellings anew (one pass over the index), and let the
    triggers of migration 0007 count each change again from here on."""
    cursor.execute("DELETE FROM search_namekeycount")
    cursor.execute(
        "INSERT INTO search_namekeycount (key, spellings) SELECT k, count(*) FROM search_indexedname,"
        " unnest(tsvector_to_array(to_tsvector('simple', search_indexedname.keys))) AS k GROUP BY k")
    cursor.execute("SELECT set_config('memoria.name_key_counts', 'on', true)")
