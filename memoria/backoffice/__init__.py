"""The curator's back office: the Django admin over every domain (archive, sources, exhibitions).

It sits above the domains it shows, so it may use search (the duplicate hint) and
labels (QR sheets); every save, delete and publication goes through the domain
actions (memoria.core.services, archive.services…), like the API's and the demo's.
"""
