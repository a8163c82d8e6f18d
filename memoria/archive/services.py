"""Writes to the archive that are more than a plain form save."""

from memoria.archive.media import make_derivatives
from memoria.archive.models import Media


def media_finish_upload(media: Media) -> Media:
    """Make the display and thumbnail images of a just-uploaded file.

    Called inside the caller's transaction: if it fails, the upload is not
    recorded either.
    """
    make_derivatives(media)
    media.save(update_fields=["display", "thumbnail"])
    return media
