"""On PostgreSQL a name search tells rare keys from common ones by each key's number of
spellings, kept in search_namekeycount by triggers (migration 0007): wrong counts would leave
people out of the search results. They must match the name index after every kind of write."""

from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection

from memoria.archive.models import Person
from memoria.core import services
from memoria.duplicates.merge import merge_people, undo_merge
from memoria.search.models import IndexedName
from tests.duplicates.merge_data import ACTOR, keep_survivors, koishybayev_twice

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the key counts are PostgreSQL's (SQLite counts in FTS5)"),
]


def stored_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT key, spellings FROM search_namekeycount WHERE spellings <> 0")
        return dict(cursor.fetchall())


def counts_in_the_index() -> dict[str, int]:
    """Each encoded key's number of spellings, counted here from the index rows themselves."""
    return dict(Counter(key for keys in IndexedName.objects.values_list("keys", flat=True) for key in set(keys.split())))


def test_counts_follow_saves_edits_merges_undos_deletes_and_rebuilds(demo, curator):
    assert stored_counts() == counts_in_the_index() != {}

    first, second, _source = koishybayev_twice()  # a new record with spellings: INSERTs
    assert stored_counts() == counts_in_the_index()

    services.update(Person, second.pk, {"name_variants": [{"text": "Koishibaev Abibulla", "language": "fr",
                                                           "script": "Latn", "kind": "archive"}]},
                    ACTOR, services.version_of(second))  # spellings replaced
    assert stored_counts() == counts_in_the_index()

    merge = merge_people(first, second, curator, choices=keep_survivors(first, Person.objects.get(pk=second.pk)))
    assert stored_counts() == counts_in_the_index()
    undo_merge(merge, curator)
    assert stored_counts() == counts_in_the_index()

    services.delete(Person, second.pk, ACTOR, services.version_of(Person.objects.get(pk=second.pk)))  # rows go by cascade
    assert stored_counts() == counts_in_the_index()

    call_command("reindex-names", verbosity=0)  # the bulk rewrite counts once at the end...
    assert stored_counts() == counts_in_the_index()
    services.update(Person, first.pk, {"name": {"en": "Abibulla Koishybayev", "fr": "Abibulla Koïchibaev"}},
                    ACTOR, services.version_of(Person.objects.get(pk=first.pk)))
    assert stored_counts() == counts_in_the_index()  # ...and the triggers count again after it
