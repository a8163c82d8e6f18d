"""The archive's own writes: spellings of a person, places of an event, media files.

Plain record writes (create, change, delete, publish) are memoria.core.services'
and apply to every archive record; this module adds what a person, an event
and a file carry beyond their own fields. Every entry point calls these: the
back office, the API, the demo loader.
"""

from __future__ import annotations

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction

from memoria.archive.models import (
    Event, Item, ItemEvent, ItemPerson, ItemPlace, Media, Membership, NameVariant, Participation, Person, Place,
    Unit,
)
from memoria.archive.signals import media_stored
from memoria.core import services as records
from memoria.core.errors import NotFound
from memoria.sources.services import citable


@records.related_writer(Person, "name_variants")
def person_set_name_variants(person: Person, variants: list[dict], user) -> None:
    """Make the person's spellings exactly `variants`: update by id, add new, delete the rest.

    Keeping ids keeps each spelling's citations; a deleted spelling's
    citations go with it (GenericRelation cascade).
    """
    existing = {v.pk: v for v in person.name_variants.all()}
    keep = set()
    for index, values in enumerate(variants):
        values = dict(values)
        pk = values.pop("id", None)
        if pk is not None and pk not in existing:
            raise ValidationError({f"name_variants[{index}].id": f"Person #{person.pk} has no spelling #{pk}."})
        variant = existing.get(pk) or NameVariant(person=person)
        records.assign(variant, values)
        try:
            variant.full_clean()
        except ValidationError as error:
            raise records.prefixed(error, f"name_variants[{index}]") from None
        records.save(variant, user, clean=False)
        keep.add(variant.pk)
    for pk, variant in existing.items():
        if pk not in keep:
            records.delete_record(variant, user)


@records.related_writer(Event, "place_ids")
def event_set_places(event: Event, place_ids: list[int], user) -> None:
    places = Place.objects.filter(pk__in=place_ids)
    missing = set(place_ids) - {p.pk for p in places}
    if missing:
        raise ValidationError({"place_ids": f"No place with id {', '.join(map(str, sorted(missing)))}."})
    event.places.set(places)


# --- Media files -------------------------------------------------------------------------

#: The records that have media, by the name of Media's reference to them.
OWNERS = {"item": Item, "person": Person}


def owner_field(model) -> str:
    return next(name for name, owner in OWNERS.items() if owner is model)


#: The fields a stored file's derivatives fill.
DERIVED_FIELDS = ["display", "thumbnail", "public_file", "public_copy_removed"]


def _derive(media: Media) -> None:
    # Pillow and pypdf load with the first file, not with every `memoria` command (tests/test_startup.py).
    from memoria.archive.media import make_derivatives, make_public_copy

    make_derivatives(media)
    make_public_copy(media)


def media_finish_upload(media: Media) -> Media:
    """Make the display and thumbnail images and the public copy of a file saved by other means
    (a restore, a test fixture), then tell the other apps (memoria.iiif makes its deep-zoom tiles).

    Called inside the caller's transaction: if it fails, the file's record is not kept either.
    """
    _derive(media)
    media.save(update_fields=DERIVED_FIELDS)
    media_stored.send(sender=Media, media=media)
    return media


def _discard_files(media: Media) -> None:
    """Remove what this upload already wrote; an uncommitted name is the client's, never touched."""
    for field in (media.file, media.display, media.thumbnail, media.public_file):
        if field.name and field._committed:
            field.storage.delete(field.name)


def _store(media: Media, user, *, clean: bool) -> None:
    """Write the chosen file and its derivatives to the storage, then save the record once
    (one history row, one re-index) and let the tiles be made."""
    try:
        chosen = media.file
        media.original_name = PurePath(chosen.name or "").name[:255]
        # Under a new random name (media_upload_to), before the record is saved.
        media.file.save(chosen.name, chosen.file, save=False)
        _derive(media)
        records.save(media, user, clean=clean)
        media_stored.send(sender=Media, media=media)
    except (OSError, ValueError) as error:
        # Pillow or pypdf read the file but could not make its web or public copies (an exotic
        # pixel mode, metadata that would not go…).
        _discard_files(media)
        raise ValidationError({"file": f"The file could not be converted for the web: {error}"}) from None
    except BaseException:
        _discard_files(media)
        raise


@transaction.atomic
def media_upload(owner_model, owner_pk: int, upload, data: dict, user) -> Media:
    """Store `upload` as a new file of the record; a refused file is a ValidationError on `file`.

    The bytes decide what the file is (inspect_upload: fake, truncated, SVG, oversized and
    decompression-bomb files are refused with the reason). A refused upload leaves nothing behind.
    """
    records.require_permission(user, Media, "add")
    owner = owner_model.objects.filter(pk=owner_pk).first()
    if owner is None:
        raise NotFound(f"No {owner_model._meta.verbose_name} with id {owner_pk}.")
    if upload is None:
        raise ValidationError({"file": "Send the file in the multipart field “file”."})
    from memoria.archive.media import inspect_upload  # Pillow and pypdf: loaded when first used

    try:
        inspected = inspect_upload(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from None
    records.refuse_null_characters(data)
    media = Media(content_type=inspected.content_type, width=inspected.width, height=inspected.height)
    setattr(media, owner_field(owner_model), owner)
    records.assign(media, data)
    media.file = upload
    try:
        media.full_clean()
    except ValidationError as error:
        raise records.as_sent(error, Media) from None
    _store(media, user, clean=False)
    return media


def media_needing_public_copy(*, again: bool = False):
    return Media.objects.all() if again else Media.objects.filter(public_file="")


def media_make_public_copies(*, again: bool = False, progress=lambda done: None) -> list[str]:
    """Make the public copy of every stored file that has none (`again`: of every file), for files
    stored before public copies existed. Each copy is saved on its own, so an interrupted run keeps
    what it made; returns one line per file that failed, saying why.

    A derived file, like the display image: no history row (the master and the record's fields
    do not change).
    """
    from memoria.archive.media import make_public_copy  # Pillow and pypdf: loaded when first used

    failed = []
    for media in media_needing_public_copy(again=again).order_by("pk").iterator(chunk_size=100):
        try:
            with transaction.atomic():
                make_public_copy(media)
                media.save(update_fields=["public_file", "public_copy_removed"])
        except (OSError, ValueError) as error:
            failed.append(f"{media.file.name} (media #{media.pk}): {error}")
        progress(1)
    return failed


def _is_new_upload(media: Media) -> bool:
    """A file chosen in a form and not stored yet (the stored row names another file)."""
    if not media.file:
        return False
    stored = Media.objects.filter(pk=media.pk).values_list("file", flat=True).first() if media.pk else None
    return stored != media.file.name


@transaction.atomic
def media_save(media: Media, user, *, clean: bool = True) -> Media:
    """Save a file's record from a form; a newly chosen file gets its derivatives and tiles.

    The form has inspected the upload's bytes (archive.forms.MediaForm) and set its
    content type and size; clean=False when it has also run the model's validation.
    """
    if _is_new_upload(media):
        _store(media, user, clean=clean)
    else:
        records.save(media, user, clean=clean)
    return media


# Relations are cited too (the demo cites memberships and item links): a citation of a kind not
# named here could not say what it cites.
for _name, _model in (("person", Person), ("name_variant", NameVariant), ("item", Item), ("event", Event),
                      ("place", Place), ("unit", Unit), ("membership", Membership),
                      ("participation", Participation), ("item_person", ItemPerson),
                      ("item_event", ItemEvent), ("item_place", ItemPlace)):
    citable(_name, _model)
