"""Reads for the IIIF pages: which images of an item can be zoomed (no SQL beyond the prefetch)."""

from memoria.iiif.tiles import has_tiles


def images_of(item) -> list:
    """The item's images that have tiles, in the item page's order (uses item.media.all())."""
    return [media for media in item.media.all() if media.is_image and media.width and has_tiles(media)]
