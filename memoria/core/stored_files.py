"""What Django's storage API lacks for memoria's files, for any storage backend.

Every stored file — uploads, their derivatives, the IIIF tiles — is read and written through
`default_storage` (or a FileField's storage), so the same code runs on the data directory and on
an S3 bucket (core.object_storage). These helpers add: listing a whole folder with sizes and
dates (for a backup), handing a stored file to a tool that reads only local files (libvips),
saving under an exact name, and removing a folder.
"""

from __future__ import annotations

import posixpath
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class StoredFile:
    name: str  # the storage's name for it, e.g. "media/3f…e1.jpg"
    size: int
    modified: datetime


def stored_files(storage, prefix: str = "") -> Iterator[StoredFile]:
    """Every file in the folder `prefix` of `storage` ("" = all) and its subfolders."""
    flat = getattr(storage, "files_under", None)
    if flat is not None:
        yield from flat(prefix)
        return
    yield from _walk(storage, prefix.strip("/"))


def _walk(storage, folder: str) -> Iterator[StoredFile]:
    try:
        folders, names = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(names):
        path = posixpath.join(folder, name)
        yield StoredFile(path, storage.size(path), storage.get_modified_time(path))
    for sub in sorted(folders):
        yield from _walk(storage, posixpath.join(folder, sub))


def describe(storage) -> str:
    """Where the storage keeps its files, for a message: a directory or a bucket."""
    own = getattr(storage, "describe", None)
    return own() if own is not None else str(storage.location)


def any_file(storage) -> StoredFile | None:
    """A file the storage holds (to name in a refusal), or None when it is empty."""
    return next(stored_files(storage), None)


def save_exactly(storage, name: str, content) -> None:
    """Store `content` under `name` itself; a storage that would choose another name (because
    one is taken) is an error, never a silent second copy."""
    saved = storage.save(name, content)
    if saved != name:
        storage.delete(saved)
        raise FileExistsError(f"{name} is already stored")


def delete_folder(storage, prefix: str) -> None:
    """Remove every file in the folder `prefix`; a local folder goes whole, empty folders too."""
    try:
        local = storage.path(prefix)
    except NotImplementedError:  # an object store: no folders, only names
        for stored in list(stored_files(storage, prefix)):
            storage.delete(stored.name)
        return
    shutil.rmtree(local, ignore_errors=True)


@contextmanager
def local_path(storage, name: str) -> Iterator[str]:
    """A local file path holding the stored file `name`, for tools that read paths (libvips).

    The data directory's own file when the storage has one; otherwise a temporary copy,
    removed afterwards.
    """
    try:
        own = storage.path(name)
    except NotImplementedError:  # an object store
        own = None
    if own is not None:
        yield own
        return
    suffix = posixpath.splitext(name)[1]
    with tempfile.NamedTemporaryFile(prefix="memoria-", suffix=suffix) as copy, storage.open(name, "rb") as stored:
        shutil.copyfileobj(stored, copy, 1024 * 1024)
        copy.flush()
        yield copy.name
