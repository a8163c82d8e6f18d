"""SQLite: a covering index of the columns a search filters documents on.

A search joins each FTS5 match to its document to keep the published ones of the chosen
types, years and pictures. Read from the table, that join loads each matching document's
whole row (titles, texts, the folded words): 0.8 s for a word in most of a million
documents. This index holds just the filter columns, in id order, and the SQLite backend
reads it instead (INDEXED BY, fulltext_backends.py): about four times faster. PostgreSQL
plans the join on its own and needs nothing here.
"""

from django.db import migrations

INDEX = "search_document_filter_idx"
SQLITE_FORWARD = [
    f"CREATE INDEX {INDEX} ON search_searchdocument"
    " (id, is_public, record_type, has_images, year_lower, year_upper)",
]
SQLITE_BACKWARD = [f"DROP INDEX IF EXISTS {INDEX}"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0004_fulltext_index")]

    operations = [migrations.RunPython(_run(SQLITE_FORWARD), _run(SQLITE_BACKWARD))]
