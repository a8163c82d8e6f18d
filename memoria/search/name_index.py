"""What the name index holds for a person: one row per spelling, with its search keys.

Writing those rows for records that changed or were loaded in bulk is
memoria/search/indexing.py's; `rebuild()` rewrites them all (`memoria reindex-names`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.conf import settings

from memoria.archive.models import NameVariant, Person
from memoria.names import InvalidName, name_keys
from memoria.search.models import IndexedName
from memoria.search.name_backends import encode_key, rewrite

#: (person id, variant id or None for a display name, text, encoded keys): one row of the index
Entry = tuple[int, int | None, str, str]


def display_names(person: Person) -> list[str]:
    """The person's display names in every language, each once."""
    return _distinct(getattr(person, field, "") for field in _name_fields())


def _name_fields() -> list[str]:
    return [f"name_{code}" for code, _name in settings.LANGUAGES]


def _distinct(texts: Iterable[str | None]) -> list[str]:
    seen: list[str] = []
    for text in texts:
        text = (text or "").strip()
        if text and text not in seen:
            seen.append(text)
    return seen


def keys_of(text: str) -> str | None:
    """The spelling's encoded search keys; None when it holds no name a search could match."""
    try:
        keys = name_keys(text)
    except InvalidName:
        return None
    if len(_ENCODED) > _ENCODED_MAX:
        _ENCODED.clear()
    return " ".join(map(_ENCODED.__getitem__, keys))


class _EncodedKeys(dict):
    """encode_key's results: the same phonetic keys recur across thousands of names, and a
    bulk load encodes tens of millions of keys (a dict lookup costs far less than a call)."""

    def __missing__(self, key: str) -> str:
        value = self[key] = encode_key(key)
        return value


_ENCODED = _EncodedKeys()
#: Enough for every key of a few million people's names; then it starts afresh.
_ENCODED_MAX = 2_000_000


def entries(person_id: int, variant_id: int | None, texts: Iterable[str]) -> list[Entry]:
    out = []
    for text in texts:
        keys = keys_of(text)
        if keys is not None:
            out.append((person_id, variant_id, text[:300], keys))
    return out


def person_entries(person: Person, variants: Iterable[tuple[int, str]]) -> list[Entry]:
    """Every spelling of the person: display names, then the name variants given as (pk, text)."""
    return _entries_of(person.pk, display_names(person), variants)


def _entries_of(person_id: int, names: list[str], variants: Iterable[tuple[int, str]]) -> list[Entry]:
    out = entries(person_id, None, names)
    for variant_pk, text in variants:
        out += entries(person_id, variant_pk, [text])
    return out


def as_rows(found: Iterable[Entry]) -> list[IndexedName]:
    return [IndexedName(person_id=p, variant_id=v, text=t, keys=k) for p, v, t, k in found]


def rows(person_id: int, variant_id: int | None, texts: Iterable[str]) -> list[IndexedName]:
    """Index rows for some spellings of one person (spellings without a name give none)."""
    return as_rows(entries(person_id, variant_id, texts))


def store(names: list[IndexedName]) -> None:
    # The database's text index over `keys` follows these rows (triggers on SQLite, GIN on PostgreSQL).
    IndexedName.objects.bulk_create(names, batch_size=5000)


def all_entries(batch_size: int = 5000, progress=None) -> Iterator[list[Entry]]:
    """Every person's index rows, a batch of people at a time (read as plain values, not
    model instances: a rebuild reads millions). `progress(n)` is told each batch's size."""
    people = Person.objects.order_by("pk").values_list("pk", *_name_fields())
    variants = NameVariant.objects.order_by("person_id", "pk").values_list("person_id", "pk", "text")
    last_pk = 0
    while True:
        batch = list(people.filter(pk__gt=last_pk)[:batch_size])
        if not batch:
            return
        last_pk = batch[-1][0]
        spellings: dict[int, list[tuple[int, str]]] = {}
        for person_id, variant_pk, text in variants.filter(person_id__gte=batch[0][0],
                                                           person_id__lte=last_pk):
            spellings.setdefault(person_id, []).append((variant_pk, text))
        yield [entry for pk, *names in batch
               for entry in _entries_of(pk, _distinct(names), spellings.get(pk, ()))]
        if progress:
            progress(len(batch))


def rebuild(batch_size: int = 5000, progress=None, exclusive: bool = False) -> int:
    """Rebuild the whole index; returns the number of spellings indexed.

    The caller runs it in a transaction. `progress(n)` is told each batch's size. The rows
    are written in bulk and the database's text index is built once at the end where that
    keeps searches going (name_backends.rewrite; `exclusive`: nobody reads the database yet).
    """
    total = 0
    with rewrite(exclusive=exclusive) as write:
        for found in all_entries(batch_size, progress):
            write(found)
            total += len(found)
    return total
