"""`memoria backup`, `restore` and `export`, run the way a user runs them.

Every command runs in a subprocess on a data directory (and, for PostgreSQL, a database) of its
own, made for the test: the suite's own database — SQLite or PostgreSQL — is never involved, so
these tests do the same on either run of the suite. PostgreSQL: 127.0.0.1:5432, user postgres.
"""

import gzip
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from django.apps import apps

from memoria.interop.export import DERIVED_MODELS

POSTGRES = "postgres://postgres@127.0.0.1:5432"

SETUP = "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'memoria.settings'; django.setup()\n"

# The demo plus what it lacks: an account with a role, a history row by that account, an
# uploaded image with its derivatives, and a file with a non-Latin path.
POPULATE = SETUP + """
import io
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.conf import settings
from PIL import Image
from memoria.archive.models import Item, Media, Person
from memoria.archive.services import media_finish_upload

user = User.objects.create_user("keeper", "keeper@example.org", "a-long-test-password-123", is_staff=True)
user.groups.add(Group.objects.get(name="curator"))
person = Person.objects.order_by("pk").first()
person._history_user = user
person.roles_ru = "партизан"
person.save()

png = io.BytesIO()
Image.new("RGB", (640, 480), (120, 30, 20)).save(png, "PNG")
media = Media(item=Item.objects.order_by("pk").first(), content_type="image/png", width=640,
              height=480, alt_text_en="A red field", allow_download=True)
media.file.save("upload.png", ContentFile(png.getvalue()), save=False)
media.save()
media_finish_upload(media)
extra = settings.MEDIA_ROOT / "letters" / "Қазақ хаты.txt"
extra.parent.mkdir(parents=True)
extra.write_text("Хат, 1944")

# A family's photograph waiting for a curator (SYNTHETIC test data): kept outside the media.
from django.core.files.uploadedfile import SimpleUploadedFile
from memoria.contributions.services import submit
png = io.BytesIO()
Image.new("RGB", (64, 48), (20, 30, 120)).save(png, "PNG")
submit({"kind": "photos", "about": f"person:{Person.objects.filter(is_published=True).order_by('pk').first().pk}",
        "language": "en", "sent_from": "/en/", "text": "Synthetic test photograph, not a family's.",
        "contributor_name": "Test Contributor", "contributor_email": "contributor@example.org",
        "relation": "test relation", "licence": "cc_by", "rights_confirmed": True},
       [SimpleUploadedFile("family.png", png.getvalue(), "image/png")],
       client_address="192.0.2.1", started_at=None, honeypot="")
"""

# Every row of every table, by model, in types both databases render alike. Many-to-many rows
# and the search indexes (rebuilt by a restore into another database) are compared without their ids;
# JSON objects with sorted keys (PostgreSQL's jsonb keeps them in an order of its own).
SNAPSHOT = SETUP + """
import json
from django.apps import apps

def text(value):
    return value.isoformat() if hasattr(value, "isoformat") else str(value)

rows = {}
for model in apps.get_models(include_auto_created=True):
    if model._meta.proxy or not model._meta.managed:
        continue
    label = model._meta.label_lower
    columns = [field.attname for field in model._meta.concrete_fields]
    if model._meta.auto_created or label in ("search.indexedname", "search.searchdocument"):
        columns.remove("id")
    if label == "search.searchfacet":  # its document by what it indexes, not by id
        columns = ["document__record_type", "document__object_id", "name", "value"]
    rows[label] = sorted(
        json.dumps(row, default=text, ensure_ascii=False, sort_keys=True)
        for row in model._base_manager.values_list(*columns)
    )
print(json.dumps(rows))
"""


def memoria(*args, data_dir: Path, database_url: str | None = None, check: bool = True):
    """Run `memoria ARGS` as a user would, with its own data directory and database."""
    env = {key: value for key, value in os.environ.items()
           if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "SECRET_KEY"}}
    env["MEMORIA_DATA_DIR"] = str(data_dir)
    if database_url:
        env["DATABASE_URL"] = database_url
    command = [sys.executable, *(["-c", args[1]] if args[0] == "-c" else ["-m", "memoria", *args])]
    result = subprocess.run(command, env=env, cwd=data_dir.parent, capture_output=True, text=True,
                            timeout=600)
    if check and result.returncode:
        pytest.fail(f"memoria {args[0]} failed:\n{result.stdout}\n{result.stderr}")
    return result


def snapshot(data_dir: Path, database_url: str | None = None) -> dict:
    return json.loads(memoria("-c", SNAPSHOT, data_dir=data_dir, database_url=database_url).stdout)


def media_files(data_dir: Path) -> dict[str, str]:
    root = data_dir / "media"
    return {str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*")) if path.is_file()}


def create_database() -> str:
    name = f"memoria_backup_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    return f"{POSTGRES}/{name}"


def drop_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def tables(url: str) -> list[str]:
    with psycopg.connect(url) as database:
        return [row[0] for row in database.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]


def contribution_files(data_dir: Path) -> dict[str, str]:
    root = data_dir / "contributions"
    return {str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*")) if path.is_file()}


@dataclass
class Archive:
    data_dir: Path
    database_url: str | None
    backup: Path
    records: dict  # SNAPSHOT of the source
    media: dict[str, str]
    contributions: dict[str, str]


def make_archive(root: Path, database_url: str | None, backup_name: str) -> Archive:
    data_dir = root / "source"
    memoria("migrate", "-v0", data_dir=data_dir, database_url=database_url)
    memoria("demo", data_dir=data_dir, database_url=database_url)
    memoria("-c", POPULATE, data_dir=data_dir, database_url=database_url)
    backup = root / backup_name
    memoria("backup", str(backup), data_dir=data_dir, database_url=database_url)
    return Archive(data_dir, database_url, backup, snapshot(data_dir, database_url), media_files(data_dir),
                   contribution_files(data_dir))


@pytest.fixture(scope="module")
def sqlite_archive(tmp_path_factory) -> Archive:
    return make_archive(tmp_path_factory.mktemp("sqlite"), None, "backup.tar.gz")


@pytest.fixture(scope="module")
def postgres_archive(tmp_path_factory):
    url = create_database()
    try:
        yield make_archive(tmp_path_factory.mktemp("postgres"), url, "backup.tar")
    finally:
        drop_database(url)


@pytest.fixture
def postgres_database():
    url = create_database()
    yield url
    drop_database(url)


def test_the_archive_holds_a_manifest_the_database_and_the_media(sqlite_archive):
    with tarfile.open(sqlite_archive.backup) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
        members = {name: tar.extractfile(name).read() for name in names if name != "manifest.json"}
    assert names[-1] == "manifest.json"
    assert {"database/records.jsonl", "database/memoria.sqlite3"} <= set(names)
    assert {name.removeprefix("media/") for name in names if name.startswith("media/")} \
        == set(sqlite_archive.media)
    # A family's file still waiting for a curator is part of the archive too.
    assert len(sqlite_archive.contributions) == 1
    assert {name.removeprefix("contributions/") for name in names if name.startswith("contributions/")} \
        == set(sqlite_archive.contributions)
    assert manifest["format"] == "memoria-backup" and manifest["format_version"] == 1
    assert manifest["memoria_version"] and manifest["created_at"]
    assert manifest["database"]["engine"] == "sqlite"
    assert manifest["members"] == {
        name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        for name, data in members.items()
    }


def test_sqlite_backup_restores_into_sqlite_exactly(sqlite_archive, tmp_path):
    target = tmp_path / "data"
    memoria("restore", str(sqlite_archive.backup), data_dir=target)

    assert snapshot(target) == sqlite_archive.records
    assert media_files(target) == sqlite_archive.media
    assert contribution_files(target) == sqlite_archive.contributions
    source, restored = (sqlite3.connect(d / "memoria.sqlite3") for d in (sqlite_archive.data_dir, target))
    assert list(restored.iterdump()) == list(source.iterdump())  # every table, the text index too


def test_sqlite_backup_restores_into_postgresql(sqlite_archive, postgres_database, tmp_path):
    target = tmp_path / "data"
    memoria("restore", str(sqlite_archive.backup), data_dir=target, database_url=postgres_database)

    assert snapshot(target, postgres_database) == sqlite_archive.records
    assert media_files(target) == sqlite_archive.media
    # The sequences continue after the restored ids: new records can be saved.
    memoria("-c", SETUP + "from memoria.archive.models import Place\nPlace.objects.create(name='Astana')",
            data_dir=target, database_url=postgres_database)

    again = memoria("restore", str(sqlite_archive.backup), data_dir=tmp_path / "other",
                    database_url=postgres_database, check=False)
    assert again.returncode == 1
    assert "already holds records" in again.stderr


def test_postgresql_backup_restores_into_sqlite(postgres_archive, tmp_path):
    with tarfile.open(postgres_archive.backup) as tar:
        assert "database/memoria.sqlite3" not in tar.getnames()
    target = tmp_path / "data"
    memoria("restore", str(postgres_archive.backup), data_dir=target)

    assert snapshot(target) == postgres_archive.records
    assert media_files(target) == postgres_archive.media
    assert contribution_files(target) == postgres_archive.contributions


def test_restore_refuses_a_database_with_records(sqlite_archive, tmp_path):
    target = tmp_path / "data"
    memoria("restore", str(sqlite_archive.backup), data_dir=target)
    refused = memoria("restore", str(sqlite_archive.backup), data_dir=target, check=False)

    assert refused.returncode == 1
    assert f"The SQLite database {target / 'memoria.sqlite3'} already holds records" in refused.stderr
    assert snapshot(target) == sqlite_archive.records


def test_restore_refuses_a_media_directory_with_files(sqlite_archive, tmp_path):
    target = tmp_path / "data"
    (target / "media").mkdir(parents=True)
    (target / "media" / "left-over.jpg").write_bytes(b"\xff\xd8")
    refused = memoria("restore", str(sqlite_archive.backup), data_dir=target, check=False)

    assert refused.returncode == 1
    assert "already holds media files (left-over.jpg" in refused.stderr
    assert sorted(p.name for p in target.iterdir()) == ["media", "secret_key"]


def _rewrite(archive: Path, out: Path, change) -> None:
    """Copy the tar, passing each member's (info, data) through `change` (None drops it)."""
    with tarfile.open(archive) as source, tarfile.open(out, "w") as target:
        for info in source.getmembers():
            kept = change(info, source.extractfile(info).read())
            if kept is not None:
                info.size = len(kept[1])
                target.addfile(kept[0], io.BytesIO(kept[1]))


def _flip_media_byte(archive: Path, out: Path) -> str:
    data = bytearray(gzip.decompress(archive.read_bytes()))
    with tarfile.open(fileobj=io.BytesIO(bytes(data))) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith(".png"))
    data[member.offset_data + 100] ^= 0x01
    out.write_bytes(data)
    return f"member {member.name} is damaged: its SHA-256 is"


def _truncate(archive: Path, out: Path) -> str:
    data = archive.read_bytes()
    out.write_bytes(data[: len(data) // 2])
    return "the archive is damaged or truncated (in member "


def _drop_manifest(archive: Path, out: Path) -> str:
    _rewrite(archive, out, lambda info, data: None if info.name == "manifest.json" else (info, data))
    return "the archive has no manifest.json: it is truncated, or not a memoria backup"


def _future_version(archive: Path, out: Path) -> str:
    def change(info, data):
        if info.name == "manifest.json":
            data = json.dumps({**json.loads(data), "format_version": 2}).encode()
        return info, data

    _rewrite(archive, out, change)
    return "the archive has format version 2"


@pytest.mark.parametrize("damage", [_flip_media_byte, _truncate, _drop_manifest, _future_version])
def test_a_damaged_archive_is_refused_and_nothing_is_written(sqlite_archive, tmp_path, damage):
    damaged = tmp_path / "damaged.tar"
    message = damage(sqlite_archive.backup, damaged)
    target = tmp_path / "data"
    refused = memoria("restore", str(damaged), data_dir=target, check=False)

    assert refused.returncode == 1
    assert f"Cannot restore {damaged}: {message}" in refused.stderr
    assert [p.name for p in target.iterdir()] == ["secret_key"]  # made by the settings at start


def test_a_damaged_archive_leaves_postgresql_untouched(sqlite_archive, postgres_database, tmp_path):
    damaged = tmp_path / "damaged.tar"
    message = _flip_media_byte(sqlite_archive.backup, damaged)
    refused = memoria("restore", str(damaged), data_dir=tmp_path / "data",
                      database_url=postgres_database, check=False)

    assert refused.returncode == 1
    assert message in refused.stderr
    assert tables(postgres_database) == []


def test_export_with_accounts_writes_every_record_as_json_lines(sqlite_archive, tmp_path):
    exported = memoria("export", "--include-accounts", data_dir=sqlite_archive.data_dir)
    lines = exported.stdout.splitlines()
    records = [json.loads(line) for line in lines]

    assert all(set(record) == {"model", "pk", "fields"} for record in records)
    models = {m._meta.label_lower for m in apps.get_models() if m._meta.managed and not m._meta.proxy}
    expected = {label: len(sqlite_archive.records[label]) for label in models - DERIVED_MODELS}
    counted = {}
    for record in records:
        counted[record["model"]] = counted.get(record["model"], 0) + 1
    assert counted == {label: n for label, n in expected.items() if n}
    assert len({(r["model"], str(r["pk"])) for r in records}) == len(records)
    person = next(r for r in records if r["model"] == "archive.person" and r["fields"]["roles_ru"])
    assert person["fields"]["roles_ru"] == "партизан"

    memoria("export", "--include-accounts", str(tmp_path / "records.jsonl"), data_dir=sqlite_archive.data_dir)
    assert (tmp_path / "records.jsonl").read_text(encoding="utf-8").splitlines() == lines


def test_backup_names_its_format_by_extension(sqlite_archive, tmp_path):
    refused = memoria("backup", str(tmp_path / "backup.zip"), data_dir=sqlite_archive.data_dir,
                      check=False)
    assert refused.returncode == 1
    assert "a backup's name ends in .tar.gz (compressed) or .tar" in refused.stderr
    assert list(tmp_path.iterdir()) == []
