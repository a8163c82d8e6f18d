"""Indexes for the OAI-PMH listing (memoria/interop/oai_listing.py): keyset pages.

Harvesters page through records in (updated_at, id) order and through deletions
in (history_date, id) order, starting after the last key they saw. Without
these indexes every page sorts the whole table: about a second per page at
1,000,000 records on PostgreSQL, a few milliseconds with them. The history
index is partial, deletions only ("-"), so it stays small.

Plain SQL, valid on SQLite and PostgreSQL, and outside the migration state:
the models do not declare these indexes, so makemigrations sees no change.
Used by the 0002_oai_keyset_indexes migrations of archive, exhibitions and sources.
"""

from django.db import migrations


def keyset_index_operations(tables: dict[str, str]) -> list:
    """One RunSQL per {record table: its history table}."""
    return [
        migrations.RunSQL(
            [
                f"CREATE INDEX {table}_oai_keyset ON {table} (updated_at, id)",
                f"CREATE INDEX {history}_oai_deleted ON {history} (history_date, id)"
                " WHERE history_type = '-'",
            ],
            [f"DROP INDEX IF EXISTS {table}_oai_keyset", f"DROP INDEX IF EXISTS {history}_oai_deleted"],
        )
        for table, history in tables.items()
    ]
