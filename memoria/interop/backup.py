"""The whole archive in one file (`memoria backup`), and back (`memoria restore`).

Archive format, version 1: a tar file (PAX), gzip-compressed when its name ends in `.tar.gz`
or `.tgz`. Members, in this order:

    database/records.jsonl    every record as JSON lines (format: memoria.interop.export) — the
                              portable copy, loaded into whatever database DATABASE_URL names
    database/memoria.sqlite3  only in a backup of SQLite: the database file, taken with SQLite's
                              online backup API; a restore into SQLite uses it as it is
    media/<name>              every file of the media storage (the data directory's media/
                              folder, or the S3 bucket: core.object_storage) under its name there
    contributions/<name>      every file families sent that is still kept (the data directory's
                              contributions/ folder, or the bucket's private folder): a
                              contribution waiting for a curator is part of the archive too
    manifest.json             last, because it holds the others' checksums:
        format            "memoria-backup"
        format_version    1
        memoria_version   the version that wrote the backup
        created_at        ISO 8601, UTC
        database          engine ("sqlite" or "postgresql"); migrations, the [app, name] pairs
                          applied to it; records, the count per model in records.jsonl
        members           {name: {"sha256": hex, "size": bytes}} for every other member

Both database members come from one snapshot (export.database_snapshot), so they hold the same
instant. Media files are read after it: a file uploaded meanwhile comes along unreferenced,
which is harmless; memoria never rewrites a stored file, so none can be caught half-changed.
The files are read through the storage API, so a backup of an archive on local disk restores into
one on a bucket and back: the archive holds names, never where they were kept.

A backup restores the whole site, so it holds every table (export.every_model): the accounts
with their password hashes, API token hashes, sessions, login logs and history, besides the
records. Keep it as carefully as the database itself. (`memoria export` without
--include-accounts is the copy without them.) The secret key is not in the backup: a restored
site signs with its data directory's own key, so everyone signs in again.

A restore verifies everything — target empty (database and media storage), every checksum, the
migrations — before it writes to the database or to the media storage; the archive is unpacked
into a staging directory in the data directory (removed afterwards), from which the media files
are stored under their names.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
import zlib
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

import memoria
from memoria.archive.models import Person
from memoria.core import page_cache
from memoria.core.roles import ADMINISTRATOR, CURATOR, REVIEWER
from memoria.contributions.storage import contributions_storage
from memoria.core.stored_files import StoredFile, any_file, describe, save_exactly, stored_files
from memoria.interop.export import QUIET, atomic_output, database_snapshot, every_model, write_records
from memoria.search import fulltext, name_index

FORMAT = "memoria-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
RECORDS = "database/records.jsonl"
SQLITE_FILE = "database/memoria.sqlite3"
MEDIA = "media"
CONTRIBUTIONS = "contributions"


def _file_stores() -> list[tuple[str, object]]:
    """(member folder, storage) of every kind of file a backup carries."""
    return [(MEDIA, default_storage), (CONTRIBUTIONS, contributions_storage)]
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A reason, for the person at the terminal, why a backup or restore cannot go on."""


class _Tap:
    """A file reader that shows each chunk read to `seen` (a hash, a progress bar)."""

    def __init__(self, fileobj, seen):
        self._fileobj = fileobj
        self._seen = seen

    def read(self, size=-1):
        data = self._fileobj.read(size)
        self._seen(data)
        return data


# --- Backup -----------------------------------------------------------------------------


def _compressed(path: Path) -> bool:
    name = path.name.lower()
    if name.endswith((".tar.gz", ".tgz")):
        return True
    if name.endswith(".tar"):
        return False
    raise BackupError(f"{path}: a backup's name ends in .tar.gz (compressed) or .tar.")


def _media_files(root: Path) -> list[Path]:
    found = []
    for directory, subdirectories, names in os.walk(root):
        subdirectories.sort()
        found += [Path(directory, name) for name in sorted(names) if Path(directory, name).is_file()]
    return found


def _local_media_root() -> Path | None:
    """The media folder when the media storage is the local disk (None for a bucket)."""
    try:
        return Path(default_storage.path("")).resolve()
    except NotImplementedError:
        return None


def _add_member(tar: tarfile.TarFile, info: tarfile.TarInfo, fileobj, bar=None) -> dict:
    """Add `fileobj` as the member `info`, hashing the very bytes written into the archive."""
    digest = hashlib.sha256()

    def seen(data):
        digest.update(data)
        if bar is not None:
            bar.update(len(data))

    tar.addfile(info, _Tap(fileobj, seen))
    return {"sha256": digest.hexdigest(), "size": info.size}


def _add_file(tar: tarfile.TarFile, name: str, path: Path) -> dict:
    """Add the local file `path` (a database dump) as member `name`."""
    with open(path, "rb") as fh:
        stat = os.fstat(fh.fileno())
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), stat.st_mode & 0o777
        return _add_member(tar, info, fh)


def _add_stored(tar: tarfile.TarFile, folder: str, storage, stored: StoredFile, bar) -> dict:
    """Add a file of `storage` as member <folder>/<its name>."""
    info = tarfile.TarInfo(f"{folder}/{stored.name}")
    info.size, info.mtime, info.mode = stored.size, int(stored.modified.timestamp()), 0o640
    with storage.open(stored.name, "rb") as fh:
        return _add_member(tar, info, fh, bar)


def create_backup(path: Path, progress=QUIET) -> dict:
    """Write the archive (see the module docstring) to `path`; return its manifest."""
    path = path.absolute()
    compressed = _compressed(path)
    media_root = _local_media_root()
    if media_root is not None and path.resolve().is_relative_to(media_root):
        raise BackupError(f"{path} is inside MEDIA_ROOT ({media_root}): the backup would contain itself.")
    tar_options = {"mode": "w:gz", "compresslevel": 6} if compressed else {"mode": "w"}
    members = {}
    with tempfile.TemporaryDirectory(prefix="memoria-backup-") as workdir, atomic_output(path) as out:
        with tarfile.open(fileobj=out, format=tarfile.PAX_FORMAT, **tar_options) as tar:
            records_file = Path(workdir, "records.jsonl")
            with database_snapshot(Path(workdir)) as snapshot, \
                    open(records_file, "w", encoding="utf-8") as records:
                counts = write_records(records, snapshot.alias, every_model(), progress)
                snapshot_connection = connections[snapshot.alias]
                engine = snapshot_connection.vendor
                migrations = sorted(MigrationRecorder(snapshot_connection).applied_migrations())
            members[RECORDS] = _add_file(tar, RECORDS, records_file)
            if snapshot.sqlite_file is not None:
                members[SQLITE_FILE] = _add_file(tar, SQLITE_FILE, snapshot.sqlite_file)

            for folder, storage in _file_stores():
                files = list(stored_files(storage))
                with progress(total=sum(stored.size for stored in files), unit="B", unit_scale=True,
                              desc=f"{folder} files") as bar:
                    for stored in files:
                        members[f"{folder}/{stored.name}"] = _add_stored(tar, folder, storage, stored, bar)

            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "memoria_version": memoria.__version__,
                "created_at": datetime.now(UTC).isoformat(),
                "database": {
                    "engine": engine,
                    "migrations": [list(migration) for migration in migrations],
                    "records": counts,
                },
                "members": members,
            }
            data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(datetime.now(UTC).timestamp()), 0o644
            tar.addfile(info, io.BytesIO(data))
    return manifest


# --- Restore ----------------------------------------------------------------------------

# The groups every `migrate` makes (memoria.core.roles); other groups are someone's records.
ROLES = (ADMINISTRATOR, CURATOR, REVIEWER)


def _listing(names: list[str]) -> str:
    return ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")


def _describe(connection) -> str:
    return f"The {connection.display_name} database {connection.settings_dict['NAME']}"


def _models_with_records(connection) -> list[str]:
    """Labels of the models whose table holds rows that `migrate` alone would not have made."""
    if connection.vendor == "sqlite" and not Path(connection.settings_dict["NAME"]).exists():
        return []  # (connecting would create the file)
    tables = set(connection.introspection.table_names())
    found = []
    for model in apps.get_models():
        if (model in (ContentType, Permission) or model._meta.proxy or not model._meta.managed
                or model._meta.db_table not in tables):
            continue
        rows = model._base_manager.using(connection.alias)
        if model is Group:
            rows = rows.exclude(name__in=ROLES)
        if rows.exists():
            found.append(model._meta.label_lower)
    return found


def _refuse_unless_empty(connection) -> None:
    """A restore never merges into, nor overwrites, an archive: the target must be empty."""
    try:
        found = _models_with_records(connection)
    except DatabaseError as exc:
        raise BackupError(f"{_describe(connection)} cannot be read: {exc}") from exc
    if found:
        raise BackupError(
            f"{_describe(connection)} already holds records ({_listing(found)}). A restore goes "
            "into an empty database only: point DATABASE_URL at a new database, or "
            "MEMORIA_DATA_DIR at a new directory."
        )
    for folder, storage in _file_stores():
        existing = any_file(storage)
        if existing is not None:
            raise BackupError(
                f"{describe(storage)} already holds {folder} files ({existing.name}…). A restore goes "
                "into empty file storage only: set MEMORIA_DATA_DIR to a new directory (or, with media "
                "in a bucket, MEMORIA_S3_BUCKET or MEMORIA_S3_PREFIX to an empty one)."
            )


def _check_member(member: tarfile.TarInfo, seen: set[str]) -> None:
    name = member.name
    parts = PurePosixPath(name).parts
    if not member.isreg():
        raise BackupError(f"member {name} is not a regular file; a memoria backup holds files only.")
    if (PurePosixPath(name).is_absolute() or ".." in parts
            or not (name in (MANIFEST, RECORDS, SQLITE_FILE)
                    or (parts[0] in (MEDIA, CONTRIBUTIONS) and len(parts) > 1))):
        raise BackupError(f"member {name} has no place in a memoria backup.")
    if name in seen:
        raise BackupError(f"member {name} appears twice.")
    seen.add(name)


def _unpack(archive: Path, staging: Path, progress) -> tuple[bytes | None, dict]:
    """Unpack the archive into `staging`; return manifest.json's bytes and each member's sha256/size."""
    found: dict[str, dict] = {}
    manifest, seen, name = None, set(), None
    try:
        with open(archive, "rb") as raw, \
                progress(total=archive.stat().st_size, unit="B", unit_scale=True, desc="verifying") as bar, \
                tarfile.open(fileobj=_Tap(raw, lambda data: bar.update(len(data))), mode="r|*") as tar:
            for member in tar:
                name = member.name
                _check_member(member, seen)
                source = tar.extractfile(member)
                if name == MANIFEST:
                    manifest = source.read()
                    continue
                target = staging / name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest, size = hashlib.sha256(), 0
                with open(target, "wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                os.chmod(target, member.mode & 0o666 | 0o600)
                os.utime(target, (member.mtime, member.mtime))
                found[name] = {"sha256": digest.hexdigest(), "size": size}
    except (tarfile.TarError, EOFError, zlib.error) as exc:
        where = f"in member {name}" if name else "at its start"
        raise BackupError(f"the archive is damaged or truncated ({where}): {exc}.") from exc
    return manifest, found


def _checked_manifest(data: bytes | None, found: dict[str, dict]) -> dict:
    """The manifest, once it is known to be one this version reads and to match every member."""
    if data is None:
        raise BackupError(f"the archive has no {MANIFEST}: it is truncated, or not a memoria backup.")
    try:
        manifest = json.loads(data)
    except ValueError as exc:
        raise BackupError(f"{MANIFEST} is not valid JSON: {exc}.") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{MANIFEST} does not describe a memoria backup.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"the archive has format version {manifest.get('format_version')!r} (written by memoria "
            f"{manifest.get('memoria_version', '?')}); this memoria ({memoria.__version__}) reads "
            f"version {FORMAT_VERSION}."
        )
    try:  # read into the types the restore relies on: malformed entries fail here, not later
        listed = {str(name): (int(entry["size"]), str(entry["sha256"]))
                  for name, entry in manifest["members"].items()}
        database = manifest["database"]
        database["migrations"] = [(str(app), str(name)) for app, name in database["migrations"]]
        database["records"] = {str(label): int(count) for label, count in database["records"].items()}
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise BackupError(f"{MANIFEST} is incomplete or malformed ({exc!r}).") from exc

    for name, (size, sha256) in listed.items():
        got = found.get(name)
        if got is None:
            raise BackupError(f"member {name} is listed in {MANIFEST} but missing from the archive.")
        if got["size"] != size:
            raise BackupError(f"member {name} has {got['size']} bytes; {MANIFEST} says {size}.")
        if got["sha256"] != sha256:
            raise BackupError(
                f"member {name} is damaged: its SHA-256 is {got['sha256']}, {MANIFEST} says {sha256}."
            )
    unlisted = sorted(set(found) - set(listed))
    if unlisted:
        raise BackupError(f"member {unlisted[0]} is not listed in {MANIFEST}.")
    if RECORDS not in listed:
        raise BackupError(f"the archive has no {RECORDS}.")
    return manifest


def _check_sqlite_file(staged: Path) -> None:
    connection = sqlite3.connect(staged)
    try:
        result = connection.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{SQLITE_FILE} is not a usable SQLite database: {exc}.") from exc
    finally:
        connection.close()
    if result != [("ok",)]:
        raise BackupError(f"{SQLITE_FILE} fails SQLite's integrity check: {result[0][0]}.")


def _needs_upgrade(manifest: dict, sqlite_file: bool) -> bool:
    """Whether the backup's schema is older than this memoria's; refuse what cannot be restored.

    The records fit the tables of the version that wrote them. A newer schema than ours cannot
    be restored at all; an older one only from the SQLite file, which `migrate` then upgrades.
    """
    loader = MigrationLoader(None, ignore_no_migrations=True)
    archived = set(manifest["database"]["migrations"])
    made_by = manifest.get("memoria_version", "?")
    unknown = sorted(archived - set(loader.disk_migrations))
    if unknown:
        raise BackupError(
            f"the backup was made by memoria {made_by}, with database migrations this memoria "
            f"({memoria.__version__}) does not have ({_listing([f'{a}.{n}' for a, n in unknown])}): "
            f"restore it with memoria {made_by} or later."
        )
    missing = sorted(set(loader.graph.nodes) - archived)
    if missing and not sqlite_file:
        if SQLITE_FILE in manifest["members"]:
            route = ("restore it into SQLite first (DATABASE_URL unset), which upgrades it, then back "
                     "that up and restore the new backup here.")
        else:
            route = f"restore it with memoria {made_by}, upgrade, and make a new backup."
        raise BackupError(
            f"the backup was made by memoria {made_by}, before the database migrations "
            f"{_listing([f'{a}.{n}' for a, n in missing])}, and its records fit that version's "
            f"tables only: {route}"
        )
    return bool(missing)


def _migrate(failure: str) -> None:
    try:
        call_command("migrate", interactive=False, verbosity=0)
    except DatabaseError as exc:
        raise BackupError(f"{failure}: `memoria migrate` failed: {exc}") from exc


def _restore_sqlite_file(staged: Path, connection) -> None:
    """Copy the backed-up file into the target with SQLite's backup API.

    Through SQLite rather than a file copy: the target's locks, journal and WAL stay coherent.
    """
    connection.close()
    target_name = connection.settings_dict["NAME"]
    source, target = sqlite3.connect(staged), sqlite3.connect(target_name)
    try:
        source.backup(target)
    except sqlite3.Error as exc:
        raise BackupError(f"copying the database into {target_name} failed: {exc}.") from exc
    finally:
        source.close()
        target.close()


def _load_records(staged: Path, connection, total: int, progress) -> None:
    """Migrate the target, then load every record in one transaction, ids and all."""
    _migrate("nothing is restored yet")
    loaded = set()
    try:
        with transaction.atomic():
            # migrate made these (content types, permissions, memoria's roles) with ids of its own:
            # the archive's rows replace them, so that every id the records hold keeps its meaning.
            Group.objects.all().delete()
            Permission.objects.all().delete()
            ContentType.objects.all().delete()
            ContentType.objects.clear_cache()
            with open(staged, encoding="utf-8") as records, \
                    progress(total=total, unit=" records", desc="loading") as bar:
                # raw saves, as `loaddata` does: no signals re-deriving history or the index.
                for record in serializers.deserialize("jsonl", records):
                    record.save(force_insert=True)
                    loaded.add(type(record.object))
                    bar.update()
            with connection.cursor() as cursor:  # PostgreSQL: new ids continue after the loaded ones
                for statement in connection.ops.sequence_reset_sql(no_style(), loaded):
                    cursor.execute(statement)
            with progress(total=Person.objects.count(), unit=" people", desc="name index") as bar:
                name_index.rebuild(progress=bar.update, exclusive=True)  # nobody reads it yet
            with progress(total=fulltext.count_records(), unit=" records", desc="full-text index") as bar:
                fulltext.rebuild(progress=bar.update)
    except (DeserializationError, DatabaseError) as exc:
        raise BackupError(
            f"loading {RECORDS} failed, so none of it was kept (the database is migrated and "
            f"empty): {exc}"
        ) from exc
    finally:
        ContentType.objects.clear_cache()  # it may hold ids of rows rolled back


def _store_files(staging: Path, progress) -> None:
    """Store every staged file under its name in its (empty) storage: media, contributions."""
    for folder, storage in _file_stores():
        files = _media_files(staging / folder)
        with progress(total=sum(file.stat().st_size for file in files), unit="B", unit_scale=True,
                      desc=f"{folder} files") as bar:
            for file in files:
                name = file.relative_to(staging / folder).as_posix()
                with open(file, "rb") as content:
                    try:
                        save_exactly(storage, name, File(content))
                    except FileExistsError as exc:
                        raise BackupError(f"{exc}: something else is writing to {describe(storage)}.") from exc
                bar.update(file.stat().st_size)


def restore_backup(archive: Path, progress=QUIET) -> dict:
    """Restore the archive into the (empty) database and media storage; return its manifest."""
    if not archive.is_file():
        raise BackupError("no such file.")
    connection = connections[DEFAULT_DB_ALIAS]
    _refuse_unless_empty(connection)
    data_dir = Path(settings.MEDIA_ROOT).parent
    data_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".memoria-restore-", dir=data_dir))
    try:
        manifest = _checked_manifest(*_unpack(archive, staging, progress))
        from_file = connection.vendor == "sqlite" and SQLITE_FILE in manifest["members"]
        if from_file:
            _check_sqlite_file(staging / SQLITE_FILE)
        upgrade = _needs_upgrade(manifest, from_file)
        # Everything is verified: the writing starts here.
        if from_file:
            _restore_sqlite_file(staging / SQLITE_FILE, connection)
        else:
            _load_records(staging / RECORDS, connection, sum(manifest["database"]["records"].values()),
                          progress)
        _store_files(staging, progress)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if upgrade:
        _migrate("the backup is restored as it was, but upgrading it to this memoria's tables failed")
    # A SQLite file copied in whole runs no SQL the page cache could see: every stored page is old.
    page_cache.bump()
    return manifest
