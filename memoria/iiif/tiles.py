"""IIIF Image API 3.0 level-0 tiles: a static pyramid of JPEG tiles per image, made by libvips.

Each image Media gets a folder MEDIA_ROOT/iiif/<identifier>/ holding info.json and the tiles at
the paths the Image API names ({region}/{size}/0/default.jpg), so serving a tile is reading a
file. The identifier is the stem of the stored original's name (a random hex string chosen at
upload, see archive.models.media_upload_to): a new file means a new identifier, so a tile URL
never changes its content and can be cached.

The tiles are made in a staging folder and renamed into place, so a visitor never sees half a
pyramid, and regenerating replaces the old folder whole.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pyvips
from django.conf import settings

TILE_SIZE = 512  # 512 px tiles are about twice as fast to write as 256 px ones (tiles-bench).
JPEG_QUALITY = 85
IDENTIFIER = re.compile(r"^[A-Za-z0-9_-]{1,100}$")
# What a request for a tile may look like (level 0: rotation 0, default quality, JPEG only).
REGION = re.compile(r"^(full|\d{1,6},\d{1,6},\d{1,6},\d{1,6})$")
SIZE = re.compile(r"^(max|full|\d{1,6},\d{0,6}|,\d{1,6})$")
# dzsave needs an id; the served info.json gets the request's own URL instead (views.info).
STORED_BASE = "https://memoria.invalid/iiif"


class TileError(Exception):
    """The image could not be cut into tiles; the message says why."""


def tiles_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "iiif"


def identifier_for(media) -> str | None:
    """The IIIF identifier of an image Media (None when it has no file or is not an image)."""
    if not media.file or not media.is_image:
        return None
    stem = media.file.name.rsplit("/", 1)[-1].split(".", 1)[0]
    return stem if IDENTIFIER.match(stem) else None


def media_file_prefix(identifier: str) -> str:
    """The start of the stored file name of the Media with this identifier (for lookups)."""
    return f"media/{identifier}."


def tiles_dir(identifier: str) -> Path:
    if not IDENTIFIER.match(identifier):
        raise ValueError(f"not an IIIF identifier: {identifier!r}")
    return tiles_root() / identifier


def has_tiles(media) -> bool:
    identifier = identifier_for(media)
    return bool(identifier) and (tiles_dir(identifier) / "info.json").is_file()


def _prepared(path: str) -> pyvips.Image:
    """The image as 8-bit sRGB or greyscale without alpha: what a JPEG tile can hold."""
    image = pyvips.Image.new_from_file(path, access="sequential")
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


def make_tiles(media) -> str | None:
    """(Re)make the tiles of an image Media; return its identifier (None for a PDF).

    Raises TileError saying why when libvips cannot read the file.
    """
    identifier = identifier_for(media)
    if identifier is None:
        return None
    root = tiles_root()
    root.mkdir(parents=True, exist_ok=True)
    target = tiles_dir(identifier)
    fresh = root / f".new-{identifier}"
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        write_pyramid(media.file.path, fresh)
    except pyvips.Error as exc:
        shutil.rmtree(fresh, ignore_errors=True)
        raise TileError(f"{media.file.name}: libvips cannot cut this image into tiles: {exc}") from exc
    # Swap the folders: the old pyramid is moved aside first, then removed.
    if target.exists():
        old = root / f".old-{identifier}"
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
        fresh.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        fresh.rename(target)
    return identifier


def delete_tiles(identifier: str | None) -> None:
    if identifier and IDENTIFIER.match(identifier):
        shutil.rmtree(tiles_dir(identifier), ignore_errors=True)


def _dimensions(size: str) -> tuple[int | None, int | None]:
    width, _, height = size.partition(",")
    return (int(width) if width else None, int(height) if height else None)


def tile_path(identifier: str, region: str, size: str, rotation: str, quality: str) -> Path | None:
    """The stored file for an Image API request, or None.

    Viewers compute sizes with their own rounding: a requested size within one pixel of a
    stored one (or "max"/"full" for the largest stored for that region) is the same tile.
    """
    if not (IDENTIFIER.match(identifier) and REGION.match(region) and SIZE.match(size)
            and rotation == "0" and quality == "default.jpg"):
        return None
    region_dir = tiles_dir(identifier) / region
    exact = region_dir / size / "0" / "default.jpg"
    if exact.is_file():
        return exact
    if not region_dir.is_dir():
        return None
    stored = {}
    for entry in region_dir.iterdir():
        if SIZE.match(entry.name) and entry.name not in ("max", "full") and (entry / "0" / "default.jpg").is_file():
            stored[entry.name] = _dimensions(entry.name)
    if not stored:
        return None
    if size in ("max", "full"):
        best = max(stored, key=lambda name: (stored[name][0] or 0))
        return region_dir / best / "0" / "default.jpg"
    want_w, want_h = _dimensions(size)
    for name, (w, h) in stored.items():
        if ((want_w is None or (w is not None and abs(w - want_w) <= 1))
                and (want_h is None or (h is not None and abs(h - want_h) <= 1))):
            return region_dir / name / "0" / "default.jpg"
    return None
