"""Registers the back office's admins (Django's admin autodiscovery imports this package)."""

from memoria.backoffice.admin import archive, duplicates, exhibitions, sources  # noqa: F401
