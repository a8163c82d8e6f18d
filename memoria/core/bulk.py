"""Bulk inserts in plain SQL, for loads of many thousands of rows (imports, the search indexes).

Django's bulk_create spends most of its time preparing each value through the SQL
compiler (and on SQLite sends at most 999 parameters per statement). Here values are
adapted once per column type (cached: a load shares one timestamp and a few dates) and
sent as they are: on SQLite in multi-row INSERT … VALUES statements, as many rows per
statement as it takes parameters; on PostgreSQL with executemany, which psycopg sends
faster than a long VALUES list (it binds those in Python: twice the CPU time).

Many rows per statement matters on SQLite because of triggers: the AFTER INSERT
triggers that feed the FTS5 indexes (memoria.search, migrations 0002 and 0004) make
FTS5 write its pending terms out at the end of every statement, so one row per
statement (executemany) leaves one tiny index segment per row to merge. Measured on
120,000 name-index rows, triggers in place: 2.2 s with executemany, 0.5 s at 1,000 rows
per statement — as fast as dropping the trigger and indexing with one INSERT … SELECT.

Primary keys are reserved first (SQLite: above the table's current maximum and its
sqlite_sequence, inside the caller's write transaction; PostgreSQL: from the table's
sequence), so the objects get their ids without RETURNING.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from contextlib import contextmanager

from django.db import connection, models

#: More rows per statement gain nothing measurable and only make longer SQL.
MAX_ROWS_PER_STATEMENT = 1000


def adapter(field):
    """The database's conversion for the field's values, or None when the driver takes them as they are."""
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


def values_of(objs, fields) -> list[tuple]:
    """Each object's values of `fields` (model fields, by attname), ready for insert_rows."""
    adapters = [adapter(f) for f in fields]
    out = []
    for obj in objs:
        row = []
        for field, adapt in zip(fields, adapters):
            value = getattr(obj, field.attname)
            row.append(adapt(value) if adapt and value is not None else value)
        out.append(tuple(row))
    return out


def _rows_per_statement(fields) -> int:
    if connection.vendor != "sqlite":
        return 1  # PostgreSQL: executemany; psycopg binds a long VALUES list far more slowly
    connection.ensure_connection()
    limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return max(1, min(MAX_ROWS_PER_STATEMENT, limit // len(fields)))


def insert_rows(model, fields, rows: list[tuple]) -> None:
    """Insert rows of values (in the order of `fields`) into the model's table."""
    if not rows:
        return
    quote = connection.ops.quote_name
    head = (f"INSERT INTO {quote(model._meta.db_table)} "
            f"({', '.join(quote(f.column) for f in fields)}) VALUES ")
    mark = "(" + ", ".join(["%s"] * len(fields)) + ")"
    per_statement = _rows_per_statement(fields)
    with connection.cursor() as cursor:
        if per_statement == 1:
            for start in range(0, len(rows), MAX_ROWS_PER_STATEMENT):
                cursor.executemany(head + mark, rows[start:start + MAX_ROWS_PER_STATEMENT])
            return
        for start in range(0, len(rows), per_statement):
            part = rows[start:start + per_statement]
            cursor.execute(head + ", ".join([mark] * len(part)), [v for row in part for v in row])


def reserve_ids(model, count: int) -> list[int]:
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                           [model._meta.db_table, count])
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the caller holds the write lock (IMMEDIATE transaction), so nobody else
        # can take these numbers before the rows are written.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        start = cursor.fetchone()[0] + 1
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [model._meta.db_table])
        seq = cursor.fetchone()
        start = max(start, (seq[0] + 1) if seq else 1)
        return list(range(start, start + count))


def insert_objects(model, objs: list) -> None:
    """Insert new model instances (every concrete field as it is set); their pks are assigned here.

    No save(), so no signals and no auto_now: the caller sets what save() would have.
    """
    if not objs:
        return
    for obj, pk in zip(objs, reserve_ids(model, len(objs))):
        obj.pk = pk
        obj._state.adding = False
    fields = list(model._meta.concrete_fields)
    insert_rows(model, fields, values_of(objs, fields))


def copy_rows(model, fields, rows: list[tuple]) -> None:
    """insert_rows for the largest loads: PostgreSQL's COPY (a tenth of executemany's time).

    The values are as insert_rows takes them, except JSON: plain Python values, written here as
    JSON text. SQLite has no COPY: insert_rows, its JSON values adapted as Django would.
    """
    if not rows:
        return
    json_at = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
    if connection.vendor != "postgresql":
        adapters = [(i, adapter(fields[i])) for i in json_at]
        if adapters:
            rows = [_adapted(row, adapters) for row in rows]
        insert_rows(model, fields, rows)
        return
    dumps = [(i, functools.partial(json.dumps, cls=fields[i].encoder, ensure_ascii=False)) for i in json_at]
    quote = connection.ops.quote_name
    sql = (f"COPY {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) FROM STDIN")
    connection.ensure_connection()  # COPY is not in Django's cursor API: psycopg's own cursor
    with connection.connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(_adapted(row, dumps) if dumps else row)


def _adapted(row: tuple, adapters) -> tuple:
    row = list(row)
    for i, adapt in adapters:
        if row[i] is not None:
            row[i] = adapt(row[i])
    return tuple(row)


@contextmanager
def indexes_deferred(*models_):
    """Drop the tables' secondary indexes (and on PostgreSQL their foreign keys) for a load in
    the caller's transaction, and build them again after it, each in one pass over the rows.

    Indexes behind a primary key or a unique constraint stay: the load keeps to them as it goes.
    The definitions are read from the database's catalogue, so an index a migration adds is
    kept without a change here.
    """
    tables = [m._meta.db_table for m in models_]
    restore: list[str] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A table with deferred foreign-key checks pending (rows the caller wrote earlier in
            # the transaction, as a restore does) can be neither altered nor truncated: run
            # them now. Django's foreign keys are all DEFERRABLE INITIALLY DEFERRED, so they
            # are deferred again after the load.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c"
                " WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(%s)", [tables])
            for table, name, definition in cursor.fetchall():
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
                restore.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
            cursor.execute(
                "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
                " WHERE x.indrelid::regclass::text = ANY(%s) AND NOT x.indisprimary AND NOT x.indisunique",
                [tables])
        else:
            cursor.execute(
                f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                f" AND sql NOT LIKE 'CREATE UNIQUE%%' AND tbl_name IN ({', '.join(['%s'] * len(tables))})",
                tables)
        indexes = cursor.fetchall()
        for name, definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        restore[:0] = [definition for _name, definition in indexes]
    yield
    with connection.cursor() as cursor:
        for statement in restore:
            cursor.execute(statement)
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
