"""Which images and manifests a user may fetch through IIIF: the same rule as the site.

Visitors see the tiles and manifests of published records only; back-office users (staff) also
preview unpublished ones (core.visibility).
"""

from __future__ import annotations

from memoria.archive.models import Item, Media
from memoria.core.visibility import can_preview, visible
from memoria.iiif.tiles import IDENTIFIER, media_file_prefix


def visible_media(identifier: str, user) -> Media | None:
    """The image Media with this IIIF identifier, if its record is visible to the user."""
    if not IDENTIFIER.match(identifier):
        return None
    media = (
        Media.objects.filter(file__startswith=media_file_prefix(identifier), content_type__startswith="image/")
        .select_related("item", "person")
        .first()
    )
    if media is None:
        return None
    owner = media.item or media.person
    if not (owner.is_published or can_preview(user)):
        return None
    return media


def is_public(media: Media) -> bool:
    """Whether anyone may see it (so that shared caches may keep it)."""
    return (media.item or media.person).is_published


def visible_item(pk: int, user) -> Item | None:
    return visible(Item.objects.filter(pk=pk), user).prefetch_related("media").first()
