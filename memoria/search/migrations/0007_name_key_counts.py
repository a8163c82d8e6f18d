"""PostgreSQL: how many spellings carry each name key, kept by the database itself.

A name search tells rare keys from common ones before it reads any posting list
(memoria/search/name_backends.py). On SQLite, counting a key's postings up to a small cap is
an incremental read of the FTS5 index and costs next to nothing. A GIN index has no such read:
every look-up builds a bitmap of the key's whole posting list and then visits the table, so
at 10,000,000 people counting the ten-odd common keys of one name took 2.5 s. Here the counts
live in a table of their own, search_namekeycount (key, spellings), one primary-key look-up
per key.

Statement-level triggers with transition tables keep it exact after every INSERT, UPDATE and
DELETE of search_indexedname (a person's save, a merge, an import, a cascade from a deleted
person), in the same transaction, with one aggregate per statement rather than one per row.
Counts are added and subtracted in the order of the keys, so two transactions that touch the
same keys wait for each other instead of deadlocking. A bulk rewrite of the whole index
(memoria reindex-names, a restore) turns the triggers off for its transaction
(memoria.name_key_counts = off) and counts every key once at the end
(name_backends.recount_keys, the same statement as below).
"""

from django.db import migrations

KEYS = "unnest(tsvector_to_array(to_tsvector('simple', {rows}.keys)))"

POSTGRES_FORWARD = [
    "CREATE TABLE search_namekeycount (key text PRIMARY KEY, spellings integer NOT NULL)",
    f"""
    CREATE FUNCTION search_namekeycount_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF current_setting('memoria.name_key_counts', true) = 'off' THEN
            RETURN NULL;
        END IF;
        IF TG_OP = 'INSERT' THEN
            INSERT INTO search_namekeycount AS c (key, spellings)
            SELECT k, count(*) FROM new_rows, {KEYS.format(rows="new_rows")} AS k GROUP BY k ORDER BY k
            ON CONFLICT (key) DO UPDATE SET spellings = c.spellings + excluded.spellings;
        ELSIF TG_OP = 'DELETE' THEN
            INSERT INTO search_namekeycount AS c (key, spellings)
            SELECT k, -count(*) FROM old_rows, {KEYS.format(rows="old_rows")} AS k GROUP BY k ORDER BY k
            ON CONFLICT (key) DO UPDATE SET spellings = c.spellings + excluded.spellings;
        ELSE
            INSERT INTO search_namekeycount AS c (key, spellings)
            SELECT k, sum(n) FROM (
                SELECT k, 1 AS n FROM new_rows, {KEYS.format(rows="new_rows")} AS k
                UNION ALL
                SELECT k, -1 AS n FROM old_rows, {KEYS.format(rows="old_rows")} AS k
            ) AS changed GROUP BY k HAVING sum(n) <> 0 ORDER BY k
            ON CONFLICT (key) DO UPDATE SET spellings = c.spellings + excluded.spellings;
        END IF;
        RETURN NULL;
    END $$
    """,
    # TRUNCATE has no transition table: the counts go with the rows.
    """
    CREATE FUNCTION search_namekeycount_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM search_namekeycount;
        RETURN NULL;
    END $$
    """,
    "CREATE TRIGGER search_namekeycount_insert AFTER INSERT ON search_indexedname"
    " REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_namekeycount_change()",
    "CREATE TRIGGER search_namekeycount_delete AFTER DELETE ON search_indexedname"
    " REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION search_namekeycount_change()",
    "CREATE TRIGGER search_namekeycount_update AFTER UPDATE ON search_indexedname"
    " REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"
    " FOR EACH STATEMENT EXECUTE FUNCTION search_namekeycount_change()",
    "CREATE TRIGGER search_namekeycount_truncate AFTER TRUNCATE ON search_indexedname"
    " FOR EACH STATEMENT EXECUTE FUNCTION search_namekeycount_truncate()",
    f"INSERT INTO search_namekeycount (key, spellings)"
    f" SELECT k, count(*) FROM search_indexedname, {KEYS.format(rows='search_indexedname')} AS k GROUP BY k",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_namekeycount_truncate ON search_indexedname",
    "DROP TRIGGER IF EXISTS search_namekeycount_update ON search_indexedname",
    "DROP TRIGGER IF EXISTS search_namekeycount_delete ON search_indexedname",
    "DROP TRIGGER IF EXISTS search_namekeycount_insert ON search_indexedname",
    "DROP FUNCTION IF EXISTS search_namekeycount_truncate()",
    "DROP FUNCTION IF EXISTS search_namekeycount_change()",
    "DROP TABLE IF EXISTS search_namekeycount",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0006_document_type_index")]

    operations = [
        migrations.RunPython(_run({"postgresql": POSTGRES_FORWARD}), _run({"postgresql": POSTGRES_BACKWARD})),
    ]
