"""Registers the back office's admins (Django's admin autodiscovery imports this package)."""

from memoria.backoffice.admin import archive, contributions, duplicates, exhibitions, jobs, sources, texts  # noqa: F401
