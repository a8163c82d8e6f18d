"""Template helpers for the item page: the deep-zoom viewer's info.json and the item's manifest."""

from django import template
from django.urls import reverse

from memoria.iiif.selectors import images_of
from memoria.iiif.tiles import has_tiles, identifier_for

register = template.Library()


@register.simple_tag
def iiif_info_url(media) -> str:
    """The info.json path of an image that has tiles, else "" (the page then shows the still image)."""
    if media.is_image and has_tiles(media):
        return reverse("iiif:info", args=[identifier_for(media)])
    return ""


@register.simple_tag
def iiif_manifest_url(item) -> str:
    """The item's IIIF manifest path when it has at least one image with tiles, else ""."""
    return reverse("iiif:manifest", args=[item.pk]) if images_of(item) else ""
