"""Keep the name index in step with every save, in the same transaction.

A signal rather than a call in each service: people and spellings are saved
by the admin, the demo loader and imports alike, and none of them may leave
the index behind.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from memoria.archive.models import NameVariant, Person
from memoria.search import name_index


@receiver(post_save, sender=Person, dispatch_uid="memoria-index-person")
def person_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        name_index.index_display_names(instance)


@receiver(post_save, sender=NameVariant, dispatch_uid="memoria-index-variant")
def variant_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        name_index.index_variant(instance)
