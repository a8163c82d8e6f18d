"""Check a person for duplicates when the person or a new spelling of their name is created.

In the write's own transaction, after search's receivers (the app is installed after search),
so the name index holds the new spelling. Loads of fixtures and restores (raw) are skipped:
`memoria duplicates` covers them.
"""

from django.db.models.signals import post_save

from memoria.archive.models import NameVariant, Person


def check_arrivals(person_ids):
    # numpy and the scorer load on the first new person, not in every command's start-up.
    from memoria.duplicates.arrival import check_arrivals as check

    check(person_ids)


def _person_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        check_arrivals([instance.pk])


def _spelling_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        check_arrivals([instance.person_id])


post_save.connect(_person_created, sender=Person, dispatch_uid="memoria-duplicates-person")
post_save.connect(_spelling_created, sender=NameVariant, dispatch_uid="memoria-duplicates-spelling")
