"""Which images and manifests a user may fetch through IIIF: the site's rule (core.visibility)."""

from __future__ import annotations

from django.db.models import Prefetch

from memoria.archive.models import Item, Media
from memoria.core.visibility import visible
from memoria.iiif.tiles import IDENTIFIER, media_file_prefix


def visible_media(identifier: str, user) -> Media | None:
    """The image Media with this IIIF identifier, if the user may see it."""
    if not IDENTIFIER.match(identifier):
        return None
    return visible(
        Media.objects.filter(file__startswith=media_file_prefix(identifier), content_type__startswith="image/"),
        user,
    ).select_related("item", "person").first()


def visible_item(pk: int, user) -> Item | None:
    return visible(Item.objects.filter(pk=pk), user).prefetch_related(
        Prefetch("media", queryset=visible(Media.objects.all(), user))
    ).first()
