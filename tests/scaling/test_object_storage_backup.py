"""`memoria backup` and `restore` carry the objects of an archive whose media live in S3.

Run as an operator runs them: each command in its own process, with the production settings, its
own data directory (SQLite) and MEMORIA_S3_* pointing at a folder of the real SeaweedFS bucket.
"""

import hashlib
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from tests.scaling.s3 import BUCKET, Prefix, needs_s3, new_prefix

pytestmark = needs_s3

SETUP = "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'memoria.settings'; django.setup()\n"

# A published item with a SYNTHETIC photograph, stored the way an upload is: master, derivatives,
# public copy and deep-zoom tiles.
POPULATE = SETUP + """
import io
from django.core.files.base import ContentFile
from PIL import Image
from memoria.archive.models import Item, Media
from memoria.archive.services import media_finish_upload

item = Item.objects.create(inventory_number="SYN-S3-BACKUP", kind="photograph", title_en="Synthetic item",
                           is_published=True)
png = io.BytesIO()
Image.linear_gradient("L").resize((900, 700)).convert("RGB").save(png, "PNG")
media = Media(item=item, content_type="image/png", width=900, height=700, alt_text_en="A synthetic gradient",
              allow_download=True)
media.file.save("gradient.png", ContentFile(png.getvalue()), save=False)
media.save()
media_finish_upload(media)
"""


def memoria(*args, data_dir: Path, storage: Prefix | None, check: bool = True):
    """Run `memoria ARGS` with its own data directory, its media in `storage` (None: on disk)."""
    env = {key: value for key, value in os.environ.items()
           if key not in {"DATABASE_URL", "DATABASE_REPLICA_URLS", "DJANGO_SETTINGS_MODULE", "SECRET_KEY"}
           and not key.startswith("MEMORIA_S3_")}
    env["MEMORIA_DATA_DIR"] = str(data_dir)
    if storage is not None:
        env.update(storage.env())
    command = [sys.executable, *(["-c", args[1]] if args[0] == "-c" else ["-m", "memoria", *args])]
    result = subprocess.run(command, env=env, cwd=data_dir.parent, capture_output=True, text=True, timeout=600)
    if check and result.returncode:
        pytest.fail(f"memoria {args[0]} failed:\n{result.stdout}\n{result.stderr}")
    return result


def local_digests(media_root: Path) -> dict[str, str]:
    return {path.relative_to(media_root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(media_root.rglob("*")) if path.is_file()}


@pytest.fixture
def prefixes():
    made = []

    def make():
        made.append(new_prefix())
        return made[-1]

    yield make
    for prefix in made:
        prefix.empty()


def test_backup_and_restore_carry_the_objects_byte_for_byte(tmp_path, prefixes):
    source, target = prefixes(), prefixes()
    memoria("migrate", "-v0", data_dir=tmp_path / "source", storage=source)
    memoria("-c", POPULATE, data_dir=tmp_path / "source", storage=source)
    stored = source.digests()
    folders = {name.split("/", 1)[0] for name in stored}
    assert folders == {"media", "derivatives", "public", "iiif"}, stored
    assert any(name.endswith("/info.json") for name in stored)
    # Nothing of the archive went to the data directory: its media folder stays empty.
    assert local_digests(tmp_path / "source" / "media") == {}

    backup = tmp_path / "backup.tar.gz"
    memoria("backup", str(backup), data_dir=tmp_path / "source", storage=source)
    with tarfile.open(backup) as tar:
        members = {name.removeprefix("media/") for name in tar.getnames() if name.startswith("media/")}
    assert members == set(stored)

    # Into an empty folder of the bucket: every object back, byte for byte, tiles included.
    memoria("restore", str(backup), data_dir=tmp_path / "restored", storage=target)
    assert target.digests() == stored
    # A visitor of the restored archive zooms into the photograph, read from the new folder.
    zoom = memoria("-c", SETUP + """
from django.test import Client
from memoria.archive.models import Media
from memoria.iiif.tiles import identifier_for
identifier = identifier_for(Media.objects.get())
print(Client().get(f"/iiif/{identifier}/0,0,512,512/512,512/0/default.jpg").status_code)
""", data_dir=tmp_path / "restored", storage=target)
    assert zoom.stdout.split() == ["200"]

    # Never over an archive's files: the folder now holds some, so a second restore is refused.
    again = memoria("restore", str(backup), data_dir=tmp_path / "again", storage=target, check=False)
    assert again.returncode == 1
    assert f"the bucket {BUCKET} (prefix {target.name}/) already holds media files" in again.stderr

    # The archive names files, not where they were kept: it restores onto local disk as well.
    memoria("restore", str(backup), data_dir=tmp_path / "on-disk", storage=None)
    assert local_digests(tmp_path / "on-disk" / "media") == stored
