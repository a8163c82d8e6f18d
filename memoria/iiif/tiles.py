"""IIIF Image API 3.0 level-0 tiles: a static pyramid of JPEG tiles per image, made by libvips.

Each image Media gets a folder iiif/<identifier>/ in the media storage (the data directory, or the
S3 bucket: core.object_storage) holding info.json and the tiles at the paths the Image API names
({region}/{size}/0/default.jpg), so serving a tile is reading a stored file. The identifier is the
stem of the stored original's name (a random hex string chosen at upload, see
archive.models.media_upload_to): a new file means a new identifier, so a tile URL never changes
its content and can be cached.

libvips writes the pyramid into a staging folder. On disk it is staged beside its place and
renamed into place (the old pyramid moved aside first): a visitor never sees half a pyramid, and
regenerating replaces the old folder whole. libvips cannot write to a bucket: there the pyramid is
made in a local temporary folder (from a local copy of the original) and its files are stored one
by one, info.json last — the viewer is offered only once info.json is there (has_tiles) — and
regenerating stores the new files over the old ones, then removes the old ones not replaced.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.files import File
from django.core.files.storage import default_storage

from memoria.core.stored_files import delete_folder, local_path, save_exactly, stored_files

if TYPE_CHECKING:
    import pyvips

TILE_SIZE = 512  # 512 px tiles are about twice as fast to write as 256 px ones (tiles-bench).
JPEG_QUALITY = 85
IDENTIFIER = re.compile(r"^[A-Za-z0-9_-]{1,100}$")
# What a request for a tile may look like (level 0: rotation 0, default quality, JPEG only).
REGION = re.compile(r"^(full|\d{1,6},\d{1,6},\d{1,6},\d{1,6})$")
SIZE = re.compile(r"^(max|full|\d{1,6},\d{0,6}|,\d{1,6})$")
# dzsave needs an id; the served info.json gets the request's own URL instead (views.info).
STORED_BASE = "https://memoria.invalid/iiif"


TILES_FOLDER = "iiif"


class TileError(Exception):
    """The image could not be cut into tiles; the message says why."""


def identifier_for(media) -> str | None:
    """The IIIF identifier of an image Media (None when it has no file or is not an image)."""
    if not media.file or not media.is_image:
        return None
    stem = media.file.name.rsplit("/", 1)[-1].split(".", 1)[0]
    return stem if IDENTIFIER.match(stem) else None


def media_file_prefix(identifier: str) -> str:
    """The start of the stored file name of the Media with this identifier (for lookups)."""
    return f"media/{identifier}."


def tiles_folder(identifier: str) -> str:
    """The storage folder of an image's tiles, e.g. "iiif/3f…e1"."""
    if not IDENTIFIER.match(identifier):
        raise ValueError(f"not an IIIF identifier: {identifier!r}")
    return f"{TILES_FOLDER}/{identifier}"


def info_name(identifier: str) -> str:
    return f"{tiles_folder(identifier)}/info.json"


def has_tiles(media) -> bool:
    identifier = identifier_for(media)
    return bool(identifier) and default_storage.exists(info_name(identifier))


def _prepared(path: str) -> pyvips.Image:
    """The image as 8-bit sRGB or greyscale without alpha: what a JPEG tile can hold."""
    import pyvips  # libvips loads when tiles are cut, not with every `memoria` command

    image = pyvips.Image.new_from_file(path, access="sequential")
    if image.get_typeof("orientation") and image.get("orientation") != 1:
        # A phone's portrait photograph, stored lying down: turned upright as the display image
        # is (turning reads out of order, so the file is opened for random access).
        image = pyvips.Image.new_from_file(path, access="random").autorot()
    if image.hasalpha():
        # Transparent parts show as white paper, as on the display image.
        image = image.flatten(background=[255] * (image.bands - 1))
    if image.interpretation not in ("srgb", "b-w") or image.format != "uchar":
        image = image.colourspace("srgb")
    if image.format != "uchar":
        image = image.cast("uchar")
    return image


def write_pyramid(source: str, destination: Path) -> None:
    """Cut the image file `source` into an Image API 3 level-0 pyramid at `destination`
    (which must not exist yet)."""
    image = _prepared(source)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=destination.parent))
    try:
        # dzsave writes vips-properties.xml beside the pyramid: it stays in the staging folder.
        image.dzsave(
            str(staging / destination.name), layout="iiif3", tile_size=TILE_SIZE, overlap=0,
            suffix=f".jpg[Q={JPEG_QUALITY}]", id=STORED_BASE,
        )
        (staging / destination.name).rename(destination)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _local_tiles_root() -> Path | None:
    """The tiles' folder on disk when the media storage is the data directory (None for a bucket)."""
    try:
        return Path(default_storage.path(TILES_FOLDER))
    except NotImplementedError:
        return None


def _swap_into_place(pyramid: Path, target: Path, work: Path) -> None:
    """On disk: rename the finished pyramid into place, the old one (if any) aside into `work`."""
    if target.exists():
        target.rename(work / "previous")
    pyramid.rename(target)


def _upload(pyramid: Path, folder: str) -> None:
    """To a bucket: store the files of `pyramid` in the storage folder `folder`, info.json last,
    then remove what an earlier pyramid left there and this one did not replace."""
    storage = default_storage
    earlier = {stored.name for stored in stored_files(storage, folder)}
    files = sorted((path for path in pyramid.rglob("*") if path.is_file()), key=lambda path: path.name == "info.json")
    written = set()
    for path in files:
        name = f"{folder}/{path.relative_to(pyramid).as_posix()}"
        if name in earlier:
            storage.delete(name)
        with path.open("rb") as content:
            save_exactly(storage, name, File(content))
        written.add(name)
    for name in earlier - written:
        storage.delete(name)


def make_tiles(media) -> str | None:
    """(Re)make the tiles of an image Media; return its identifier (None for a PDF).

    Raises TileError saying why when libvips cannot read the file, FileNotFoundError when the
    original is missing from the storage.
    """
    identifier = identifier_for(media)
    if identifier is None:
        return None
    local_root = _local_tiles_root()
    if local_root is not None:  # staged beside its place, so that a rename puts it there
        local_root.mkdir(parents=True, exist_ok=True)
    import pyvips  # libvips loads when tiles are cut, not with every `memoria` command

    with tempfile.TemporaryDirectory(prefix=".staging-", dir=local_root) as work:
        pyramid = Path(work, identifier)
        with local_path(media.file.storage, media.file.name) as original:
            try:
                write_pyramid(original, pyramid)
            except pyvips.Error as exc:
                raise TileError(f"{media.file.name}: libvips cannot cut this image into tiles: {exc}") from exc
        if local_root is not None:
            _swap_into_place(pyramid, local_root / identifier, Path(work))
        else:
            _upload(pyramid, tiles_folder(identifier))
    return identifier


def delete_tiles(identifier: str | None) -> None:
    if identifier and IDENTIFIER.match(identifier):
        delete_folder(default_storage, tiles_folder(identifier))


def _dimensions(size: str) -> tuple[int | None, int | None]:
    width, _, height = size.partition(",")
    return (int(width) if width else None, int(height) if height else None)


def open_tile(identifier: str, region: str, size: str, rotation: str, quality: str) -> File | None:
    """The stored tile for an Image API request, opened for reading, or None.

    Viewers compute sizes with their own rounding: a requested size within one pixel of a
    stored one (or "max"/"full" for the largest stored for that region) is the same tile.
    """
    if not (IDENTIFIER.match(identifier) and REGION.match(region) and SIZE.match(size)
            and rotation == "0" and quality == "default.jpg"):
        return None
    region_folder = f"{tiles_folder(identifier)}/{region}"
    stored = _open(f"{region_folder}/{size}/0/default.jpg")
    if stored is not None:
        return stored
    try:
        names, _files = default_storage.listdir(region_folder)
    except FileNotFoundError:
        return None
    sizes = {name: _dimensions(name) for name in names if SIZE.match(name) and name not in ("max", "full")}
    if not sizes:
        return None
    if size in ("max", "full"):
        best = max(sizes, key=lambda name: (sizes[name][0] or 0))
        return _open(f"{region_folder}/{best}/0/default.jpg")
    want_w, want_h = _dimensions(size)
    for name, (w, h) in sizes.items():
        if ((want_w is None or (w is not None and abs(w - want_w) <= 1))
                and (want_h is None or (h is not None and abs(h - want_h) <= 1))):
            return _open(f"{region_folder}/{name}/0/default.jpg")
    return None


def _open(name: str) -> File | None:
    try:
        return default_storage.open(name, "rb")
    except FileNotFoundError:
        return None
