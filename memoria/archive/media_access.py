"""Which uploaded files a user may fetch, and how they are served."""

from django.db.models import Q

from memoria.archive.models import Media
from memoria.core.visibility import can_preview


def open_media(path: str, user):
    """Return (file handle, content type, as_attachment) or None when not allowed."""
    media = (
        Media.objects.filter(Q(file=path) | Q(display=path) | Q(thumbnail=path))
        .select_related("item", "person")
        .first()
    )
    if media is None:
        return None
    owner = media.item or media.person
    if not can_preview(user) and not owner.is_published:
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
