"""Benchmarks and SYNTHETIC-data generators: never imported by the running archive.

Each module measures one part of memoria (name matching, name search at scale, full-text
search, OAI-PMH, the spreadsheet import, deep-zoom tiles) on throwaway data, and the
management commands (`memoria names-bench`, `search-bench`, …) run them. `names.py` and
`name_datasets.py` are plain Python without Django (`python -m memoria.benchmarks.names`).
"""


def sqlite_bytes(connection) -> int:
    """The size of a SQLite database, on disk or in memory (a test's), from its pages."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA page_count")
        pages = cursor.fetchone()[0]
        cursor.execute("PRAGMA page_size")
        return pages * cursor.fetchone()[0]
