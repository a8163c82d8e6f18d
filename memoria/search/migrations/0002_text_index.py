"""The database's own text index over search_indexedname.keys.

SQLite: an FTS5 table with external content (the keys column), kept in step
by triggers in the same transaction as every write, and an fts5vocab table
that says how many spellings carry each key. PostgreSQL: a GIN index over
to_tsvector('simple', keys). See memoria/search/name_backends.py.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE search_namekeys USING fts5("
    " keys, content='search_indexedname', content_rowid='id', tokenize='ascii', detail='none')",
    "CREATE VIRTUAL TABLE search_namekeys_vocab USING fts5vocab(search_namekeys, 'row')",
    "CREATE TRIGGER search_indexedname_ai AFTER INSERT ON search_indexedname BEGIN"
    " INSERT INTO search_namekeys(rowid, keys) VALUES (new.id, new.keys); END",
    "CREATE TRIGGER search_indexedname_ad AFTER DELETE ON search_indexedname BEGIN"
    " INSERT INTO search_namekeys(search_namekeys, rowid, keys) VALUES ('delete', old.id, old.keys); END",
    "CREATE TRIGGER search_indexedname_au AFTER UPDATE ON search_indexedname BEGIN"
    " INSERT INTO search_namekeys(search_namekeys, rowid, keys) VALUES ('delete', old.id, old.keys);"
    " INSERT INTO search_namekeys(rowid, keys) VALUES (new.id, new.keys); END",
    "INSERT INTO search_namekeys(search_namekeys) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_indexedname_au",
    "DROP TRIGGER IF EXISTS search_indexedname_ad",
    "DROP TRIGGER IF EXISTS search_indexedname_ai",
    "DROP TABLE IF EXISTS search_namekeys_vocab",
    "DROP TABLE IF EXISTS search_namekeys",
]
POSTGRES_FORWARD = [
    "CREATE INDEX search_indexedname_keys_gin ON search_indexedname"
    " USING gin (to_tsvector('simple', keys))",
]
POSTGRES_BACKWARD = ["DROP INDEX IF EXISTS search_indexedname_keys_gin"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
