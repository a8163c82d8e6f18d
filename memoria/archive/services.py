"""Writes to the archive that are more than a plain form save."""

from memoria.archive.media import make_derivatives
from memoria.archive.models import Media
from memoria.iiif.services import tiles_for_upload


def media_finish_upload(media: Media) -> Media:
    """Make the display and thumbnail images and the deep-zoom tiles of a just-uploaded file.

    Called inside the caller's transaction: if it fails, the upload is not
    recorded either.
    """
    make_derivatives(media)
    media.save(update_fields=["display", "thumbnail"])
    tiles_for_upload(media)
    return media
