"""Keep both search indexes in step with every single write, in the same transaction.

Signals rather than a call in each service: records are written by the back office,
the API, the demo loader and others, and none of them may leave the indexes behind.
Each receiver names the records whose search entries changed and hands them to
search.indexing.index_records: the record saved or deleted (publishing and
unpublishing are saves too), or the records that show what changed — a name
variant, a media file (captions, "has images"), a relation that gives a facet
(places, units, events), a section's entries, an exhibition's slug or publication.
Bulk loads do not send these signals: they call search.indexing themselves.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from memoria.archive import models as archive
from memoria.exhibitions.models import Entry, Exhibition, Section
from memoria.search.fulltext import RECORD_TYPES


def index_records(model, pks):
    # The name engine behind the indexer loads on the first write, not in every command's start-up.
    from memoria.search.indexing import index_records as index

    index(model, pks)

#: what a record shows → the records that show it: [(model, attribute holding its pk)]
DEPENDENTS = {
    archive.NameVariant: [(archive.Person, "person_id")],
    archive.Media: [(archive.Item, "item_id"), (archive.Person, "person_id")],
    archive.ItemPlace: [(archive.Item, "item_id")],
    archive.ItemEvent: [(archive.Item, "item_id")],
    archive.Membership: [(archive.Person, "person_id")],
    archive.Participation: [(archive.Person, "person_id"), (archive.Unit, "unit_id"),
                            (archive.Event, "event_id")],
    Entry: [(Section, "section_id")],
}

#: the records an entry shows → its field: their publication decides whether its caption is searchable
SHOWN_ON_SECTIONS = {archive.Item: "item_id", archive.Person: "person_id"}


def _record_saved(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata and restore: `memoria reindex` (or restore itself) rebuilds
        return
    index_records(sender, [instance.pk])
    if sender is Exhibition:  # sections carry its slug and its publication
        index_records(Section, instance.sections.values_list("pk", flat=True))
    elif sender in SHOWN_ON_SECTIONS:  # a section's text has the captions of its visible entries
        entries = Entry.objects.filter(**{SHOWN_ON_SECTIONS[sender]: instance.pk})
        index_records(Section, entries.values_list("section_id", flat=True))


def _record_deleted(sender, instance, **kwargs):
    # Also removes what its dependents' post_delete wrote back while the deletion cascaded.
    index_records(sender, [instance.pk])


def _dependent_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    for model, attribute in DEPENDENTS[sender]:
        index_records(model, [getattr(instance, attribute)])


for model in RECORD_TYPES:
    post_save.connect(_record_saved, sender=model, dispatch_uid=f"memoria-search-save-{model.__name__}")
    post_delete.connect(_record_deleted, sender=model, dispatch_uid=f"memoria-search-delete-{model.__name__}")
for model in DEPENDENTS:
    post_save.connect(_dependent_changed, sender=model,
                      dispatch_uid=f"memoria-search-dep-save-{model.__name__}")
    post_delete.connect(_dependent_changed, sender=model,
                        dispatch_uid=f"memoria-search-dep-delete-{model.__name__}")


@receiver(m2m_changed, sender=archive.Event.places.through, dispatch_uid="memoria-search-event-places")
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
    here, there = (archive.Place, archive.Event) if reverse else (archive.Event, archive.Place)
    index_records(here, [instance.pk])
    index_records(there, others)


@receiver(pre_delete, sender=archive.Event, dispatch_uid="memoria-search-event-deleting")
def event_deleting(sender, instance, **kwargs):
    """Places list their events as facets; the m2m rows vanish without m2m_changed."""
    instance._memoria_places = list(instance.places.values_list("pk", flat=True))


@receiver(post_delete, sender=archive.Event, dispatch_uid="memoria-search-event-deleted")
def event_deleted(sender, instance, **kwargs):
    index_records(archive.Place, getattr(instance, "_memoria_places", []))
