"""Spreadsheets waiting to be imported, and the rejects files an import leaves.

They wait in the folder imports/ of the media storage (the data directory, or the S3 bucket
every app server and worker shares: a dry run on one server, its confirmation on another and
the import in a worker find the same file), under random names only the uploader's session
knows; the public /media/ view serves no file there. What is left over is removed after a day.
"""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone

from memoria.core.stored_files import local_path, save_exactly, stored_files
from memoria.imports.engine import import_file
from memoria.imports.rejects import write_rejects_file

UPLOADS = "imports"
KEEP_SECONDS = 24 * 3600


def stored_name(name: str) -> str:
    """The storage name of a waiting upload or rejects file."""
    return f"{UPLOADS}/{name}"


def forget_old_uploads(max_age: float = KEEP_SECONDS) -> None:
    """Dry runs never confirmed and rejects never fetched leave files: remove them after a day."""
    limit = timezone.now() - timedelta(seconds=max_age)
    for stored in list(stored_files(default_storage, UPLOADS)):
        if stored.modified < limit:
            default_storage.delete(stored.name)  # (no error if another request removed it first)


def import_stored(name: str, **options):
    """import_file() on a waiting upload, from a local copy when the storage is a bucket."""
    with local_path(default_storage, stored_name(name)) as path:
        return import_file(path, **options)


def store_rejects(name: str, rejected) -> None:
    with tempfile.TemporaryDirectory(prefix="memoria-rejects-") as work:
        local = Path(work, name)
        write_rejects_file(local, rejected)
        with local.open("rb") as content:
            save_exactly(default_storage, stored_name(name), File(content))
