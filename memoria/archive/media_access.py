"""Which uploaded files a user may fetch, and how they are served.

A file is served when the user may see it (archive.visibility: every record it
belongs to is visible); its original only when its rights allow a download
(`allow_download`) or for back-office users.
"""

from django.db.models import Q

from memoria.archive.models import Media
from memoria.core.visibility import can_preview, visible


def open_media(path: str, user):
    """Return (file handle, content type, as_attachment) or None when not allowed."""
    media = visible(Media.objects.filter(Q(file=path) | Q(display=path) | Q(thumbnail=path)), user).first()
    if media is None:
        return None
    if path == media.file.name:
        if not (media.allow_download or can_preview(user)):
            return None
        content_type = media.content_type
        field = media.file
    else:
        content_type = "image/jpeg"
        field = media.display if path == media.display.name else media.thumbnail
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        return None
    # Only raster images are shown inline; anything else is a download.
    return handle, content_type, not content_type.startswith("image/")
