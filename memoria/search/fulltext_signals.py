"""Keep the full-text index in step with every write, in the same transaction.

Each record's document is rebuilt when the record is saved (publishing and unpublishing
are saves too), removed when it is deleted, and rebuilt when something it shows changes:
a name variant, a media file (captions, "has images"), a relation that gives it a facet
(places, units, events), a section's entries, an exhibition's slug or publication.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from memoria.archive import models as archive
from memoria.exhibitions.models import Entry, Exhibition, Section
from memoria.search.fulltext import RecordType, index_record, index_records
from memoria.search.models import SearchDocument
from memoria.sources.models import Source

RECORDS = {
    archive.Item: RecordType.ITEM, archive.Person: RecordType.PERSON, archive.Event: RecordType.EVENT,
    archive.Place: RecordType.PLACE, archive.Unit: RecordType.UNIT, Source: RecordType.SOURCE,
    Exhibition: RecordType.EXHIBITION, Section: RecordType.SECTION,
}

#: relation model → the records whose documents show it: [(record type, attribute holding its pk)]
DEPENDENTS = {
    archive.NameVariant: [(RecordType.PERSON, "person_id")],
    archive.Media: [(RecordType.ITEM, "item_id"), (RecordType.PERSON, "person_id")],
    archive.ItemPlace: [(RecordType.ITEM, "item_id")],
    archive.ItemEvent: [(RecordType.ITEM, "item_id")],
    archive.Membership: [(RecordType.PERSON, "person_id")],
    archive.Participation: [(RecordType.PERSON, "person_id"), (RecordType.UNIT, "unit_id"),
                            (RecordType.EVENT, "event_id")],
    Entry: [(RecordType.SECTION, "section_id")],
}


def _record_saved(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata and restore: `memoria reindex` (or restore itself) rebuilds
        return
    index_record(RECORDS[sender], instance.pk)
    if sender is Exhibition:  # sections carry its slug and its publication
        index_records(RecordType.SECTION, instance.sections.values_list("pk", flat=True))


def _record_deleted(sender, instance, **kwargs):
    SearchDocument.objects.filter(record_type=RECORDS[sender], object_id=instance.pk).delete()


def _dependent_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    for record_type, attribute in DEPENDENTS[sender]:
        index_records(record_type, [getattr(instance, attribute)])


for model in RECORDS:
    post_save.connect(_record_saved, sender=model, dispatch_uid=f"memoria-fulltext-save-{model.__name__}")
    post_delete.connect(_record_deleted, sender=model,
                        dispatch_uid=f"memoria-fulltext-delete-{model.__name__}")
for model in DEPENDENTS:
    post_save.connect(_dependent_changed, sender=model,
                      dispatch_uid=f"memoria-fulltext-dep-save-{model.__name__}")
    post_delete.connect(_dependent_changed, sender=model,
                        dispatch_uid=f"memoria-fulltext-dep-delete-{model.__name__}")


@receiver(m2m_changed, sender=archive.Event.places.through, dispatch_uid="memoria-fulltext-event-places")
def event_places_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Event ↔ place: both ends show the other as a facet."""
    if action == "pre_clear":
        # After the clear the other ends are no longer known: remember them now.
        related = instance.events if reverse else instance.places
        instance._memoria_cleared = list(related.values_list("pk", flat=True))
        return
    if not action.startswith("post_"):
        return
    others = pk_set or getattr(instance, "_memoria_cleared", [])
    here, there = (RecordType.PLACE, RecordType.EVENT) if reverse else (RecordType.EVENT, RecordType.PLACE)
    index_record(here, instance.pk)
    index_records(there, others)


@receiver(pre_delete, sender=archive.Event, dispatch_uid="memoria-fulltext-event-deleting")
def event_deleting(sender, instance, **kwargs):
    """Places list their events as facets; the m2m rows vanish without m2m_changed."""
    instance._memoria_places = list(instance.places.values_list("pk", flat=True))


@receiver(post_delete, sender=archive.Event, dispatch_uid="memoria-fulltext-event-deleted")
def event_deleted(sender, instance, **kwargs):
    index_records(RecordType.PLACE, getattr(instance, "_memoria_places", []))
