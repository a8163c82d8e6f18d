"""Linked data for the public records: Linked Art (CIDOC-CRM) for items and
schema.org for people, places and events, served by content negotiation on
the public page URLs and embedded in each page's head.

The documents are built only from the objects the page selectors already
loaded (archive/selectors.py), so serving them costs no extra query.
"""
