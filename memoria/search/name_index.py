"""What the name index holds for a person: one row per spelling, with its search keys.

Writing those rows for records that changed or were loaded in bulk is
memoria/search/indexing.py's; `rebuild()` rewrites them all (`memoria reindex-names`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from django.conf import settings

from memoria.archive.models import Person
from memoria.names import InvalidName, name_keys
from memoria.search.models import IndexedName
from memoria.search.name_backends import encode_key

#: (person id, variant id or None for a display name, text, encoded keys): one row of the index
Entry = tuple[int, int | None, str, str]


def display_names(person: Person) -> list[str]:
    """The person's display names in every language, each once."""
    seen: list[str] = []
    for code, _name in settings.LANGUAGES:
        text = (getattr(person, f"name_{code}", "") or "").strip()
        if text and text not in seen:
            seen.append(text)
    return seen


def keys_of(text: str) -> str | None:
    """The spelling's encoded search keys; None when it holds no name a search could match."""
    try:
        return " ".join(_encoded(key) for key in name_keys(text))
    except InvalidName:
        return None


@functools.lru_cache(maxsize=200_000)
def _encoded(key: str) -> str:
    return encode_key(key)  # the same phonetic keys recur across thousands of names


def entries(person_id: int, variant_id: int | None, texts: Iterable[str]) -> list[Entry]:
    out = []
    for text in texts:
        keys = keys_of(text)
        if keys is not None:
            out.append((person_id, variant_id, text[:300], keys))
    return out


def person_entries(person: Person, variants: Iterable[tuple[int, str]]) -> list[Entry]:
    """Every spelling of the person: display names, then the name variants given as (pk, text)."""
    out = entries(person.pk, None, display_names(person))
    for variant_pk, text in variants:
        out += entries(person.pk, variant_pk, [text])
    return out


def as_rows(found: Iterable[Entry]) -> list[IndexedName]:
    return [IndexedName(person_id=p, variant_id=v, text=t, keys=k) for p, v, t, k in found]


def rows(person_id: int, variant_id: int | None, texts: Iterable[str]) -> list[IndexedName]:
    """Index rows for some spellings of one person (spellings without a name give none)."""
    return as_rows(entries(person_id, variant_id, texts))


def store(names: list[IndexedName]) -> None:
    # The database's text index over `keys` follows these rows (triggers on SQLite, GIN on PostgreSQL).
    IndexedName.objects.bulk_create(names, batch_size=5000)


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
        names = as_rows(entry for person in batch for entry in person_entries(
            person, [(v.pk, v.text) for v in person.name_variants.all()]))
        store(names)
        total += len(names)
        last_pk = batch[-1].pk
        if progress:
            progress(len(batch))
