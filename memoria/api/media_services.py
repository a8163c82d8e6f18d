"""Media files through the API: the admin's checks, one transaction, no stray files.

An upload is judged by its bytes with the admin's own `inspect_upload` (fake,
truncated, SVG, oversized and decompression-bomb files are refused with the
reason), then stored and given its display and thumbnail images. If anything
fails after the file reached the storage, the stored files are removed and
the row is rolled back: a refused upload leaves nothing behind.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404

from memoria.api.auth import require_perm
from memoria.api.services import _as_sent, _assign, refuse_null_characters
from memoria.archive.media import inspect_upload
from memoria.archive.models import Item, Media, Person
from memoria.archive.services import media_finish_upload
from memoria.core.visibility import can_preview, visible

#: The records that have media, by the name of Media's reference to them.
OWNERS = {"item": Item, "person": Person}


def _owner_field(model) -> str:
    return next(name for name, owner in OWNERS.items() if owner is model)


def visible_media(queryset, user):
    """Visitors see a file only when every record it belongs to is published."""
    if can_preview(user):
        return queryset
    return queryset.filter(Q(item__isnull=True) | Q(item__is_published=True),
                           Q(person__isnull=True) | Q(person__is_published=True))


def media_of(model, pk: int, user):
    """The files of one record `user` may see (404 when the record itself is hidden)."""
    get_object_or_404(visible(model.objects, user), pk=pk)
    return visible_media(Media.objects.filter(**{_owner_field(model): pk}), user).order_by("position", "pk")


def media_for(pk: int, user) -> Media:
    return get_object_or_404(visible_media(Media.objects.all(), user), pk=pk)


def _discard_files(media: Media) -> None:
    """Remove what this upload already wrote; an uncommitted name is the client's, never touched."""
    for field in (media.file, media.display, media.thumbnail):
        if field.name and field._committed:
            field.storage.delete(field.name)


@transaction.atomic
def upload_media(owner_model, owner_pk: int, upload, data: dict, user) -> Media:
    """Store `upload` as a new file of the record; ValidationError (422) names `file` when refused."""
    require_perm(user, Media, "add")
    owner = get_object_or_404(owner_model.objects.all(), pk=owner_pk)
    if upload is None:
        raise ValidationError({"file": "Send the file in the multipart field “file”."})
    try:
        inspected = inspect_upload(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from None
    refuse_null_characters(data)
    media = Media(content_type=inspected.content_type, width=inspected.width, height=inspected.height)
    setattr(media, _owner_field(owner_model), owner)
    _assign(media, data)
    media.file = upload
    try:
        media.full_clean()
    except ValidationError as error:
        raise _as_sent(error, Media) from None
    try:
        media.save()  # writes the original to the storage under a new random name
        media_finish_upload(media)
    except (OSError, ValueError) as error:
        # Pillow read the image but could not make its web copies (an exotic pixel mode…).
        _discard_files(media)
        raise ValidationError({"file": f"The image could not be converted for the web: {error}"}) from None
    except BaseException:
        _discard_files(media)
        raise
    return media
