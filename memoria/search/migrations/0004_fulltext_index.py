"""The database's own text index over search_searchdocument.text.

SQLite: an FTS5 table with external content (the text column), unicode61 with diacritics
removed, kept in step by triggers in the same transaction as every write. detail='full':
with less, FTS5 re-reads and re-tokenizes each matching row for prefix queries and bm25
(a hundred times slower at scale). PostgreSQL: a stored,
generated tsvector column with a GIN index (Saleor's pattern), so PostgreSQL updates it in
the same statement as the row. See memoria/search/fulltext_backends.py.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE search_fulltext USING fts5("
    " text, content='search_searchdocument', content_rowid='id',"
    " tokenize='unicode61 remove_diacritics 2', detail='full', prefix='3')",
    "CREATE TRIGGER search_searchdocument_ai AFTER INSERT ON search_searchdocument BEGIN"
    " INSERT INTO search_fulltext(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER search_searchdocument_ad AFTER DELETE ON search_searchdocument BEGIN"
    " INSERT INTO search_fulltext(search_fulltext, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER search_searchdocument_au AFTER UPDATE OF text ON search_searchdocument BEGIN"
    " INSERT INTO search_fulltext(search_fulltext, rowid, text) VALUES ('delete', old.id, old.text);"
    " INSERT INTO search_fulltext(rowid, text) VALUES (new.id, new.text); END",
    "INSERT INTO search_fulltext(search_fulltext) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_searchdocument_au",
    "DROP TRIGGER IF EXISTS search_searchdocument_ad",
    "DROP TRIGGER IF EXISTS search_searchdocument_ai",
    "DROP TABLE IF EXISTS search_fulltext",
]
POSTGRES_FORWARD = [
    "ALTER TABLE search_searchdocument ADD COLUMN search_vector tsvector"
    " GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED",
    "CREATE INDEX search_searchdocument_vector_gin ON search_searchdocument USING gin (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_searchdocument_vector_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_fulltext")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
