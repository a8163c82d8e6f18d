"""Which uploaded files a user may fetch, and how they are served.

A file is served when the user may see it (archive.visibility: every record it
belongs to is visible). Its download is decided by one rule, `download_for`, which
the file view below and every page, API answer and document that links a file ask:
a link is shown exactly when the view will answer it.

- Visitors get the public copy of the original (archive.public_copy: no GPS, serial
  numbers, names, comments), and only when its rights allow a download
  (`allow_download`) and the copy has been made.
- Back-office users get the master as uploaded, and may open the public copy to check it.
"""

from django.db.models import Q
from django.db.models.fields.files import FieldFile

from memoria.archive.models import Media
from memoria.core.visibility import can_preview, visible


def download_for(media: Media, user) -> FieldFile | None:
    """The file `user` downloads as the original of `media` (a file they may see), or None."""
    if can_preview(user):
        return media.file
    if media.allow_download and media.public_file:
        return media.public_file
    return None


def _fetchable(media: Media, user) -> list[FieldFile]:
    files = [media.display, media.thumbnail, download_for(media, user)]
    if can_preview(user):
        files.append(media.public_file)
    return [field for field in files if field]


def open_media(path: str, user):
    """Return (file handle, content type, as_attachment, download name) or None when not allowed."""
    media = visible(
        Media.objects.filter(Q(file=path) | Q(public_file=path) | Q(display=path) | Q(thumbnail=path)), user
    ).first()
    if media is None:
        return None
    field = next((field for field in _fetchable(media, user) if field.name == path), None)
    if field is None:
        return None
    content_type = "image/jpeg" if field.field.name in ("display", "thumbnail") else media.content_type
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        return None
    # Only raster images are shown inline; anything else is a download, under its original name.
    original = field.field.name in ("file", "public_file")
    return handle, content_type, not content_type.startswith("image/"), media.original_name if original else ""
