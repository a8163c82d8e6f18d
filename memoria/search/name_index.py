"""Writes to the name index. Called in the transaction that saves the name."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings

from memoria.archive.models import NameVariant, Person
from memoria.names import InvalidName, name_keys
from memoria.search.models import IndexedName, NameKey


def display_names(person: Person) -> list[str]:
    """The person's display names in every language, each once."""
    seen: list[str] = []
    for code, _name in settings.LANGUAGES:
        text = (getattr(person, f"name_{code}", "") or "").strip()
        if text and text not in seen:
            seen.append(text)
    return seen


def _rows(person_id: int, variant_id: int | None, texts: Iterable[str]):
    names, keys = [], []
    for text in texts:
        try:
            text_keys = name_keys(text)
        except InvalidName:
            continue  # nothing a search could match
        name = IndexedName(person_id=person_id, variant_id=variant_id, text=text[:300])
        names.append(name)
        keys.append(text_keys)
    return names, keys


def _store(names: list[IndexedName], keys: list[list[str]]) -> None:
    IndexedName.objects.bulk_create(names)  # ids come back on SQLite and PostgreSQL
    NameKey.objects.bulk_create(
        [NameKey(name_id=name.pk, key=key) for name, text_keys in zip(names, keys) for key in text_keys],
        batch_size=5000,
    )


def index_display_names(person: Person) -> None:
    IndexedName.objects.filter(person=person, variant__isnull=True).delete()
    _store(*_rows(person.pk, None, display_names(person)))


def index_variant(variant: NameVariant) -> None:
    IndexedName.objects.filter(variant=variant).delete()
    _store(*_rows(variant.person_id, variant.pk, [variant.text]))


def rebuild(batch_size: int = 2000, progress=None) -> int:
    """Rebuild the whole index; returns the number of spellings indexed.

    The caller runs it in a transaction. `progress(n)` is told each batch's size.
    """
    NameKey.objects.all().delete()
    IndexedName.objects.all().delete()
    total = 0
    people = Person.objects.order_by("pk").prefetch_related("name_variants")
    last_pk = 0
    while True:
        batch = list(people.filter(pk__gt=last_pk)[:batch_size])
        if not batch:
            return total
        names, keys = [], []
        for person in batch:
            for rows in (_rows(person.pk, None, display_names(person)),
                         *(_rows(person.pk, v.pk, [v.text]) for v in person.name_variants.all())):
                names += rows[0]
                keys += rows[1]
        _store(names, keys)
        total += len(names)
        last_pk = batch[-1].pk
        if progress:
            progress(len(batch))
