"""The archive's records as JSON lines, read from one consistent view of the database.

Two selections, one format:

- `memoria export` writes the archive itself: every record of `ARCHIVE_APPS` (sources,
  people, items, places, events, units, media records, relations, citations, exhibitions),
  published or not, and the imports' relation ids (`imports.importedrelation`) — nothing else.
  No accounts, groups, permissions, sessions, API tokens, login logs (axes), admin log, nor the
  history tables (which name the account behind each change). A content type (a citation's
  `content_type`, an imported relation's) is written as its natural key, `["archive", "person"]`,
  so the file loads into a new archive (`memoria loaddata FILE`, then `memoria reindex`).
- `memoria export --include-accounts` and the `database/records.jsonl` of a backup hold every
  table: accounts with their password hashes, API token hashes, sessions, logs, history — to
  be kept as carefully as the database itself. Content types and permissions are records like the
  others there, by id. The exceptions are the search indexes, `DERIVED_MODELS`: derived from the
  records, rebuilt by restore (`memoria.search.name_index.rebuild`, `memoria.search.fulltext.rebuild`).

The format is Django's serialization, one record per line (UTF-8), so `memoria loaddata` reads it:

    {"model": "archive.person", "pk": 3, "fields": {"name_en": "…", "birth_place": 2, …}}

- "model" is `app_label.model_name`, "pk" the record's primary key;
- "fields" holds every stored column by field name: translated text once per language
  (`name_kk`, `name_ru`, `name_en`, `name_fr`), a foreign key as the related record's pk, a
  many-to-many field as a list of pks, dates and times in ISO 8601 (times in UTC, to the
  microsecond), decimals as strings;
- models come in the order of INSTALLED_APPS, the records of each model by pk.
"""

from __future__ import annotations

import copy
import datetime
import errno
import functools
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Prefetch
from simple_history.models import HistoricalChanges
from tqdm import tqdm

DERIVED_MODELS = {"search.indexedname", "search.searchdocument", "search.searchfacet"}
# What `memoria export` writes without --include-accounts (see the module docstring).
ARCHIVE_APPS = {"sources", "archive", "exhibitions"}
ARCHIVE_MODELS = {"imports.importedrelation"}
SNAPSHOT_ALIAS = "memoria_snapshot"

# What the library functions report progress to when the caller wants none.
QUIET = functools.partial(tqdm, disable=True)


class ExportError(Exception):
    """A reason, for the person at the terminal, why the records cannot be written."""


def progress_bars(stderr, verbosity: int):
    """tqdm bars on a command's stderr — stdout may be the export itself.

    Only on a terminal (disable=None), so that a cron job's log gets no bars; none at -v 0.
    """
    return functools.partial(tqdm, file=stderr._out, disable=True if verbosity == 0 else None)


class _ExactEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder rounds times to milliseconds; a backup has to keep the microseconds."""

    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


@dataclass(frozen=True)
class Snapshot:
    alias: str  # the connection to read through
    sqlite_file: Path | None  # SQLite only: the copy of the database file that alias reads


@contextmanager
def database_snapshot(workdir: Path) -> Iterator[Snapshot]:
    """One read-only, consistent view of the whole database, under a connection alias of its own.

    Read table by table from the live database, a dump could hold a membership whose person
    was saved after the people were read: a restore would then fail on the missing person.
    - SQLite: the online backup API copies the live database into `workdir` in one step (in
      WAL mode the server keeps serving meanwhile) and the copy is read — never the live file,
      so a long dump holds no lock a curator's save would wait for.
    - PostgreSQL: one REPEATABLE READ transaction sees every table at the same instant.
    """
    live = connections[DEFAULT_DB_ALIAS]
    settings_dict = copy.deepcopy(live.settings_dict)
    sqlite_file = None
    if live.vendor == "sqlite":
        sqlite_file = workdir / "memoria.sqlite3"
        live.ensure_connection()
        copy_target = sqlite3.connect(sqlite_file)
        try:
            live.connection.backup(copy_target)  # pages=-1: one step, so one instant
        finally:
            copy_target.close()
        settings_dict["NAME"] = str(sqlite_file)
    elif live.vendor == "postgresql":
        from psycopg import IsolationLevel

        settings_dict["OPTIONS"]["isolation_level"] = IsolationLevel.REPEATABLE_READ
    else:
        raise ExportError(f"memoria reads SQLite and PostgreSQL databases, not {live.vendor}.")

    connections.settings[SNAPSHOT_ALIAS] = settings_dict
    snapshot_connection = connections[SNAPSHOT_ALIAS]
    try:
        with transaction.atomic(using=SNAPSHOT_ALIAS):
            yield Snapshot(SNAPSHOT_ALIAS, sqlite_file)
    finally:
        snapshot_connection.close()
        del connections[SNAPSHOT_ALIAS]
        del connections.settings[SNAPSHOT_ALIAS]


def _stored(model) -> bool:
    return model._meta.managed and not model._meta.proxy


def every_model() -> list:
    """The models a backup and `export --include-accounts` hold: all but the search indexes."""
    return [model for model in apps.get_models()
            if _stored(model) and model._meta.label_lower not in DERIVED_MODELS]


def archive_models() -> list:
    """The models `memoria export` holds: the archive's records, without accounts or history."""
    return [model for model in apps.get_models()
            if _stored(model) and not issubclass(model, HistoricalChanges)
            and (model._meta.app_label in ARCHIVE_APPS or model._meta.label_lower in ARCHIVE_MODELS)]


def _records(model, using: str, bar) -> Iterator:
    """The model's records by pk, streamed; many-to-many pks fetched per chunk, not per record."""
    many_to_many = [
        Prefetch(field.name, queryset=field.related_model._base_manager.using(using).only("pk"))
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    ]
    rows = model._base_manager.using(using).order_by("pk").prefetch_related(*many_to_many)
    for record in rows.iterator(chunk_size=2000):
        yield record
        bar.update()


def write_records(stream, using: str, models: list, progress=QUIET, *,
                  natural_keys: bool = False) -> dict[str, int]:
    """Write the records of `models` read through `using` to the text `stream`; return the count
    per model. `natural_keys`: foreign keys to content types as [app, model] instead of ids."""
    counts = {model._meta.label_lower: model._base_manager.using(using).count() for model in models}
    serializer = serializers.get_serializer("jsonl")()
    with progress(total=sum(counts.values()), unit=" records", desc="records") as bar:
        for model in models:
            serializer.serialize(_records(model, using, bar), stream=stream, cls=_ExactEncoder,
                                 use_natural_foreign_keys=natural_keys)
    return counts


def export_records(stream, progress=QUIET, *, include_accounts: bool = False) -> dict[str, int]:
    """`memoria export`: the archive's records (every table with `include_accounts`) from a
    consistent snapshot, as JSON lines, to `stream`."""
    models = every_model() if include_accounts else archive_models()
    with tempfile.TemporaryDirectory(prefix="memoria-export-") as workdir, \
            database_snapshot(Path(workdir)) as snapshot:
        # Without the content type table, a content type can only travel by its natural key.
        return write_records(stream, snapshot.alias, models, progress, natural_keys=not include_accounts)


@contextmanager
def atomic_output(path: Path) -> Iterator:
    """A binary file that appears at `path` complete or not at all.

    Written beside `path` and renamed over it once flushed to disk, so a crash, a full disk or
    Ctrl-C never leaves half a file under the real name. Owner-only permissions (mkstemp):
    backups hold password hashes, and every export holds unpublished records.
    """
    if not path.parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, "no such directory", str(path.parent))
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # the rename itself survives a power cut
    finally:
        os.close(directory)
