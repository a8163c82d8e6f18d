"""A media record's stored files go with it: the master, the web images and the public copy are
deleted when the record is deleted (an item's or a person's delete cascades to it), and the old
ones when a new file replaces them. Otherwise a photograph a family asked to take down would live
on in the storage and in every backup after it.

Deletion waits for the commit, so a rolled-back delete or replacement keeps its files. A name still
held by another media record is kept (no code shares one, but a copy made by hand could). The
deep-zoom tiles follow the same events in iiif/signals.py.
"""

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from memoria.archive.models import Media

FILE_FIELDS = ("file", "display", "thumbnail", "public_file")


def _names(values) -> set[str]:
    return {name for name in values if name}


def _delete_unused(names: set[str]) -> None:
    query = Q()
    for field in FILE_FIELDS:
        query |= Q(**{f"{field}__in": names})
    still_used = set()
    for row in Media.objects.filter(query).values_list(*FILE_FIELDS):
        still_used.update(row)
    for name in sorted(names - still_used):
        default_storage.delete(name)


@receiver(pre_save, sender=Media, dispatch_uid="archive-remember-media-files")
def remember_stored_files(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    previous = Media.objects.filter(pk=instance.pk).values_list(*FILE_FIELDS).first()
    instance._stored_before = _names(previous or ())


@receiver(post_save, sender=Media, dispatch_uid="archive-drop-replaced-media-files")
def drop_replaced_files(sender, instance, raw=False, **kwargs):
    before = getattr(instance, "_stored_before", set())
    gone = before - _names(getattr(instance, field).name for field in FILE_FIELDS)
    if gone:
        transaction.on_commit(lambda: _delete_unused(gone))


@receiver(post_delete, sender=Media, dispatch_uid="archive-drop-deleted-media-files")
def drop_deleted_files(sender, instance, **kwargs):
    names = _names(getattr(instance, field).name for field in FILE_FIELDS)
    if names:
        transaction.on_commit(lambda: _delete_unused(names))
