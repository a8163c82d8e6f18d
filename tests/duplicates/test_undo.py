"""A merge can be undone: both records come back as they were; what came since stays."""

import pytest
from django.core.exceptions import ValidationError

from memoria.archive.models import Event, Media, Participation
from memoria.core import services
from memoria.duplicates.merge import merge_people, undo_merge
from memoria.duplicates.models import CandidatePair
from tests.duplicates.merge_data import (
    ACTOR,
    cite,
    keep_survivors,
    koishybayev_twice,
    make_source,
    pair,
    second_record,
)

pytestmark = pytest.mark.django_db


def state(person):
    """What a curator sees of a record: its fields, spellings, relations, citations and files."""
    person.refresh_from_db()
    return {
        "fields": (person.name_en, person.name_ru, person.birth_date, person.is_published, person.merged_into_id),
        "spellings": sorted((v.pk, v.text, v.language) for v in person.name_variants.all()),
        "memberships": sorted(person.memberships.values_list("pk", flat=True)),
        "participations": sorted(person.participations.values_list("pk", flat=True)),
        "citations": sorted(person.citations.values_list("pk", "field")),
        "media": sorted(person.media.values_list("pk", flat=True)),
        "spelling_citations": sorted((v.text, c.pk) for v in person.name_variants.all() for c in v.citations.all()),
    }


def test_undo_gives_both_records_back_and_keeps_what_was_added_since(demo, curator, client):
    first, second, _source = koishybayev_twice()
    candidate = pair(first, second)
    before = state(first), state(second)
    merge = merge_people(first, second, curator, choices=keep_survivors(first, second))
    added_since = services.create(Participation, {"person_id": first.pk, "event_id": Event.objects.get(
        external_id="demo:event:victory-80th-anniversary").pk}, ACTOR)

    undo_merge(merge, curator)

    after_first, after_second = state(first), state(second)
    assert after_second == before[1]
    assert after_first["participations"] == sorted(before[0]["participations"] + [added_since.pk])
    assert {k: v for k, v in after_first.items() if k != "participations"} == \
        {k: v for k, v in before[0].items() if k != "participations"}
    candidate.refresh_from_db()
    assert candidate.status == CandidatePair.Status.OPEN and candidate.decided_by is None
    merge.refresh_from_db()
    assert merge.undone_by == curator and merge.undone_at is not None
    assert Media.objects.get(alt_text_en="Test image").person_id == second.pk
    # the merged person's address shows its own page again
    page = client.get(f"/en/people/{second.pk}/")
    assert page.status_code == 200 and "Abibulla Koichibaev" in page.content.decode()


def test_undo_of_a_swapped_value_puts_each_date_and_source_back(db, curator):
    source_a, source_b = make_source("Test award sheet"), make_source("Test loss report")
    kept = second_record("Test Testov", "Тест Тестов", [], birth_date="1918")
    other = second_record("Test Testov", "Тест Тестов", [], birth_date="1918-03-02")
    cite("person", kept, source_a, "birth_date")
    cite("person", other, source_b, "birth_date")
    before = state(kept), state(other)
    undo_merge(merge_people(kept, other, curator, choices={"birth_date": "other"}), curator)
    assert (state(kept), state(other)) == before


def test_a_merge_is_undone_once_and_the_latest_first(demo, curator, reviewer):
    first, second, _source = koishybayev_twice()
    earlier = merge_people(first, second, curator, choices=keep_survivors(first, second))
    third = second_record("Abibulla Koishibayev", "Абибулла Кошыбаев", [("Abibulla Koishibayev", "en")])
    later = merge_people(first, third, curator, choices=keep_survivors(first, third))
    with pytest.raises(ValidationError, match="later"):
        undo_merge(earlier, curator)
    with pytest.raises(Exception) as refused:
        undo_merge(later, reviewer)
    assert refused.type.__name__ == "PermissionDenied"
    undo_merge(later, curator)
    with pytest.raises(ValidationError, match="already"):
        undo_merge(later, curator)
    undo_merge(earlier, curator)
    second.refresh_from_db()
    assert second.merged_into_id is None and second.is_published
