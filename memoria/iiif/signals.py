"""Tiles follow their media file: removed when the media is deleted or its file replaced.

Tiles are made by a job (iiif/jobs.py) when the archive has stored a new file (its `media_stored`
signal), and by `memoria make-tiles`. Removal waits for the transaction to commit, so a rolled-back delete
leaves the tiles in place.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from memoria.archive.models import Media
from memoria.archive.signals import media_stored
from memoria import jobs
from memoria.iiif.jobs import TILES
from memoria.iiif.tiles import delete_tiles, identifier_for


def _identifier_of_name(name: str) -> str | None:
    return identifier_for(Media(file=name, content_type="image/")) if name else None


@receiver(pre_save, sender=Media, dispatch_uid="iiif-remember-file")
def remember_previous_file(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    instance._iiif_previous_file = (
        Media.objects.filter(pk=instance.pk).values_list("file", flat=True).first() or ""
    )


@receiver(post_save, sender=Media, dispatch_uid="iiif-drop-replaced-tiles")
def drop_replaced_tiles(sender, instance, raw=False, **kwargs):
    previous = getattr(instance, "_iiif_previous_file", "")
    if previous and previous != instance.file.name:
        old = _identifier_of_name(previous)
        transaction.on_commit(lambda: delete_tiles(old))


@receiver(post_delete, sender=Media, dispatch_uid="iiif-drop-deleted-tiles")
def drop_deleted_tiles(sender, instance, **kwargs):
    identifier = identifier_for(instance)
    if identifier:
        transaction.on_commit(lambda: delete_tiles(identifier))


@receiver(media_stored, dispatch_uid="iiif-tiles-for-upload")
def make_tiles_for_upload(sender, media, **kwargs):
    jobs.enqueue(TILES, {"media": media.pk})
