"""Bulk inserts for large imports: the rows and their history rows, with plain executemany.

Django's bulk_create spends most of its time preparing each value through the
SQL compiler (and on SQLite sends at most 999 parameters per statement). An
import of 100,000 people writes several hundred thousand rows — records,
spellings, history rows and name-index rows — so here the values are adapted
once per column type and sent with `executemany`. Primary keys are reserved
first (SQLite: above the current maximum, inside the import's write
transaction; PostgreSQL: from the table's sequence), so the objects get their
ids without RETURNING. History rows are what simple_history's own
bulk_history_create writes: the record's fields plus date, type "+", user and
reason.
"""

from __future__ import annotations

import contextlib
import functools

from django.db import connection, models

from memoria.names import InvalidName, name_keys
from memoria.search.models import IndexedName, SearchDocument, SearchFacet
from memoria.search.name_backends import encode_key


def _adapter(field):
    # Cached: a whole import shares one timestamp and a few dates.
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return functools.lru_cache(maxsize=4096)(ops.adapt_datetimefield_value)
    if isinstance(field, models.DateField):
        return functools.lru_cache(maxsize=4096)(ops.adapt_datefield_value)
    if isinstance(field, models.JSONField):
        return lambda v: ops.adapt_json_value(v, field.encoder)
    if isinstance(field, models.DecimalField):
        return functools.lru_cache(maxsize=4096)(
            lambda v: ops.adapt_decimalfield_value(v, field.max_digits, field.decimal_places))
    return None


def reserve_ids(model, count: int) -> list[int]:
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                           [model._meta.db_table, count])
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the import holds the write lock (IMMEDIATE transaction), so nobody else
        # can take these numbers before the rows are written.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        start = cursor.fetchone()[0] + 1
        if connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [model._meta.db_table])
            seq = cursor.fetchone()
            start = max(start, (seq[0] + 1) if seq else 1)
        return list(range(start, start + count))


#: SQLite's FTS5 indexes over a table: (insert trigger, FTS5 table, indexed column). Their
#: triggers feed FTS5 one row at a time, which costs about six times what one INSERT … SELECT
#: of the same rows does; see _insert.
FTS5_INDEXES = {
    "search_indexedname": ("search_indexedname_ai", "search_namekeys", "keys"),
    "search_searchdocument": ("search_searchdocument_ai", "search_fulltext", "text"),
}


def _insert(model, columns: list, rows: list[tuple], batch: int = 2000) -> None:
    if not rows:
        return
    table = model._meta.db_table
    names = ", ".join(connection.ops.quote_name(c.column) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {connection.ops.quote_name(table)} ({names}) VALUES ({marks})"
    with connection.cursor() as cursor, _fts5_in_one_statement(cursor, table, len(rows)):
        for start in range(0, len(rows), batch):
            cursor.executemany(sql, rows[start:start + batch])


@contextlib.contextmanager
def _fts5_in_one_statement(cursor, table: str, count: int):
    """On SQLite, index many new rows in FTS5 at once instead of through the row trigger.

    The trigger is dropped and re-created inside the import's transaction (SQLite's DDL is
    transactional, and the import holds the write lock), so a failed import rolls all of it
    back and every other writer keeps finding the trigger in place.
    """
    if connection.vendor != "sqlite" or table not in FTS5_INDEXES or count < 100:
        yield
        return
    trigger, fts, column = FTS5_INDEXES[table]
    cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s", [trigger])
    found = cursor.fetchone()
    if found is None:  # not this schema: leave the database's own machinery alone
        yield
        return
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
    before = cursor.fetchone()[0]
    cursor.execute(f"DROP TRIGGER {trigger}")
    try:
        yield
        cursor.execute(f"INSERT INTO {fts}(rowid, {column}) SELECT id, {column} FROM {table} WHERE id > %s",
                       [before])
    finally:
        cursor.execute(found[0])


def _values(obj, fields, adapters):
    out = []
    for field, adapt in zip(fields, adapters):
        value = getattr(obj, field.attname)
        out.append(adapt(value) if adapt and value is not None else value)
    return tuple(out)


def insert(model, objs: list, *, now, user_id=None, reason: str = "") -> None:
    """Insert new objects (pks assigned here) and one "+" history row for each."""
    if not objs:
        return
    for field in model._meta.concrete_fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for obj in objs:
                setattr(obj, field.attname, now)
    for obj, pk in zip(objs, reserve_ids(model, len(objs))):
        obj.pk = pk
        obj._state.adding = False
    fields = list(model._meta.concrete_fields)
    adapters = [_adapter(f) for f in fields]
    _insert(model, fields, [_values(obj, fields, adapters) for obj in objs])

    history = getattr(model, "history", None)
    if history is None:
        return
    hmodel = history.model
    tracked = [f for f in hmodel._meta.concrete_fields
               if f.attname not in {"history_id", "history_date", "history_change_reason",
                                    "history_type", "history_user_id"}]
    by_attname = {f.attname: f for f in fields}
    source = [by_attname.get(f.attname) or by_attname[f.attname.removesuffix("_id")] for f in tracked]
    meta = [hmodel._meta.get_field(n) for n in ("history_date", "history_change_reason",
                                                "history_type", "history_user")]
    adapters = [_adapter(f) for f in source]
    stamp = connection.ops.adapt_datetimefield_value(now)
    rows = [_values(obj, source, adapters) + (stamp, reason or None, "+", user_id) for obj in objs]
    _insert(hmodel, tracked + meta, rows)


@functools.lru_cache(maxsize=200_000)
def _encoded(key: str) -> str:
    return encode_key(key)   # the same phonetic keys recur across thousands of names


def insert_documents(built) -> None:
    """Full-text documents (memoria.search.fulltext.Built) and their facet values, as _store writes them."""
    if not built:
        return
    insert(SearchDocument, [b.document for b in built], now=None)
    meta = SearchFacet._meta
    _insert(SearchFacet, [meta.get_field(n) for n in ("document", "name", "value")],
            [(b.document.pk, name, value) for b in built for name, value in b.facets], batch=5000)


def index_rows(entries) -> None:
    """Name-index rows for (person_id, variant_id, text): what name_index.rows/store write."""
    rows, encoded = [], {}   # a spelling recurs (the same Latin name in en and fr): keyed once
    for person_id, variant_id, text in entries:
        if text not in encoded:
            try:
                encoded[text] = " ".join(_encoded(k) for k in name_keys(text))
            except InvalidName:
                encoded[text] = None
        if encoded[text] is not None:
            rows.append((person_id, variant_id, text[:300], encoded[text]))
    meta = IndexedName._meta
    _insert(IndexedName, [meta.get_field(n) for n in ("person", "variant", "text", "keys")], rows)
