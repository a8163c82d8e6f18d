"""Making the deep-zoom tiles of media files."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from memoria.archive.models import Media
from memoria.iiif.tiles import TileError, make_tiles


def refresh_tiles(media: Media) -> str | None:
    """(Re)make the IIIF tiles of one media file; return its identifier, None for a PDF.

    Synchronous: a 6000 × 4000 scan takes well under two seconds (`memoria tiles-bench`).
    Raises tiles.TileError when libvips cannot read the image.
    """
    return make_tiles(media)


@dataclass
class Outcome:
    made: int = 0
    failed: list[str] = field(default_factory=list)


def refresh_all(progress: Callable[[int], object] = lambda n: None) -> Outcome:
    """(Re)make the tiles of every image (after a restore or an import)."""
    outcome = Outcome()
    for media in Media.objects.filter(content_type__startswith="image/").exclude(file="").order_by("pk").iterator():
        try:
            if refresh_tiles(media):
                outcome.made += 1
        except (TileError, FileNotFoundError) as exc:
            outcome.failed.append(f"media {media.pk}: {exc}")
        progress(1)
    return outcome


def image_count() -> int:
    return Media.objects.filter(content_type__startswith="image/").exclude(file="").count()
