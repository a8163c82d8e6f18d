"""Benchmarks and SYNTHETIC-data generators: never imported by the running archive.

Each module measures one part of memoria (name matching, name search at scale, full-text
search, OAI-PMH, the spreadsheet import, deep-zoom tiles) on throwaway data, and the
management commands (`memoria names-bench`, `search-bench`, …) run them. `names.py` and
`name_datasets.py` are plain Python without Django (`python -m memoria.benchmarks.names`).
"""
