"""Template helper for pages that link a file: the link is the one the file view answers."""

from django import template

from memoria.archive.media_access import download_for

register = template.Library()


@register.simple_tag(takes_context=True)
def download_url(context, media) -> str:
    """The URL of the original this page's user may download (archive.media_access), else ""."""
    field = download_for(media, context["request"].user)
    return field.url if field else ""
