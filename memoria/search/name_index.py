"""Writes to the name index. Called in the transaction that saves the name."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings

from memoria.archive.models import NameVariant, Person
from memoria.names import InvalidName, name_keys
from memoria.search.models import IndexedName
from memoria.search.name_backends import encode_keys


def display_names(person: Person) -> list[str]:
    """The person's display names in every language, each once."""
    seen: list[str] = []
    for code, _name in settings.LANGUAGES:
        text = (getattr(person, f"name_{code}", "") or "").strip()
        if text and text not in seen:
            seen.append(text)
    return seen


def rows(person_id: int, variant_id: int | None, texts: Iterable[str]) -> list[IndexedName]:
    """Index rows for some spellings of one person (spellings without a name give none)."""
    out = []
    for text in texts:
        try:
            keys = name_keys(text)
        except InvalidName:
            continue  # nothing a search could match
        out.append(IndexedName(person_id=person_id, variant_id=variant_id, text=text[:300],
                               keys=encode_keys(keys)))
    return out


def store(names: list[IndexedName]) -> None:
    # The database's text index over `keys` follows these rows (triggers on SQLite, GIN on PostgreSQL).
    IndexedName.objects.bulk_create(names, batch_size=5000)


def index_display_names(person: Person) -> None:
    IndexedName.objects.filter(person=person, variant__isnull=True).delete()
    store(rows(person.pk, None, display_names(person)))


def index_variant(variant: NameVariant) -> None:
    IndexedName.objects.filter(variant=variant).delete()
    store(rows(variant.person_id, variant.pk, [variant.text]))


def rebuild(batch_size: int = 2000, progress=None) -> int:
    """Rebuild the whole index; returns the number of spellings indexed.

    The caller runs it in a transaction. `progress(n)` is told each batch's size.
    """
    IndexedName.objects.all().delete()
    total = 0
    people = Person.objects.order_by("pk").prefetch_related("name_variants")
    last_pk = 0
    while True:
        batch = list(people.filter(pk__gt=last_pk)[:batch_size])
        if not batch:
            return total
        names = []
        for person in batch:
            names += rows(person.pk, None, display_names(person))
            for variant in person.name_variants.all():
                names += rows(person.pk, variant.pk, [variant.text])
        store(names)
        total += len(names)
        last_pk = batch[-1].pk
        if progress:
            progress(len(batch))
