"""A curator merges two records of one person: everything of both is kept on the survivor."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from memoria.archive.models import Media, Person
from memoria.core import services
from memoria.duplicates.merge import decide_different, decide_unsure, merge_people
from memoria.duplicates.models import CandidatePair
from memoria.sources.models import Citation
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


def spellings(person):
    return sorted((v.text, v.language) for v in person.name_variants.all())


def test_merging_keeps_every_spelling_relation_citation_and_file_on_the_survivor(demo, curator):
    first, second, source = koishybayev_twice()
    candidate = pair(first, second)
    before = set(spellings(first)) | set(spellings(second))
    event_ids = {p.event_id for p in first.participations.all()} | {p.event_id for p in second.participations.all()}

    merge_people(first, second, curator, choices=keep_survivors(first, second))

    first.refresh_from_db()
    second.refresh_from_db()
    assert set(spellings(first)) >= before  # none lost; "Абибулла Койшибаев" (ru) was on both: once
    assert [text for text, _lang in spellings(first)].count("Абибулла Койшибаев") == 1
    assert first.name_ru == "Абибулла Койшыбаев"  # the curator kept the survivor's Russian name
    assert first.memberships.count() == 1  # the same regiment twice is folded into one row…
    assert {p.event_id for p in first.participations.all()} == event_ids
    assert Media.objects.get(alt_text_en="Test image").person_id == first.pk
    assert Citation.objects.filter(source=source, object_id=first.pk, content_type__model="person").exists()
    variant = first.name_variants.get(text="Koichibaev Abibulla")
    assert variant.citations.filter(source=source).exists()  # the spelling keeps its source
    assert second.merged_into_id == first.pk and not second.is_published
    candidate.refresh_from_db()
    assert candidate.status == CandidatePair.Status.MERGED and candidate.decided_by == curator
    # history of both kept, with the acting curator
    assert first.history.latest().history_user == curator
    assert second.history.count() >= 2 and second.history.latest().history_user == curator


def test_a_value_both_records_hold_is_the_curators_pick_and_the_other_stays_with_its_source(db, curator):
    source_a, source_b = make_source("Test award sheet"), make_source("Test loss report")
    kept = second_record("Test Testov", "Тест Тестов", [("Тест Тестов", "ru")], birth_date="1918")
    other = second_record("Test Testov", "Тест Тестов", [("Test Testov", "en")], birth_date="1918-03-02")
    cite("person", kept, source_a, "birth_date")
    cite("person", other, source_b, "birth_date")

    with pytest.raises(ValidationError) as refused:
        merge_people(kept, other, curator)
    assert "birth_date" in str(refused.value)
    assert Person.objects.get(pk=other.pk).merged_into_id is None  # nothing half-done

    merge_people(kept, other, curator, choices={"birth_date": "other"})
    kept.refresh_from_db()
    other.refresh_from_db()
    assert kept.birth_date == "1918-03-02" and kept.birth_lower.isoformat() == "1918-03-02"
    # the date not chosen is kept, with the source that gives it, on the merged-away record
    assert other.birth_date == "1918"
    assert [c.source for c in kept.citations.filter(field="birth_date")] == [source_b]
    assert [c.source for c in other.citations.filter(field="birth_date")] == [source_a]
    assert ("Test Testov", "en") in spellings(kept)


def test_a_name_not_chosen_becomes_a_spelling_of_the_survivor(db, curator):
    kept = second_record("Test First", "Тест Первый", [])
    other = second_record("Test Second", "Тест Второй", [])
    merge_people(kept, other, curator, choices={"name_ru": "survivor", "name_en": "other"})
    kept.refresh_from_db()
    assert kept.name_ru == "Тест Первый" and kept.name_en == "Test Second"
    assert {("Тест Второй", "ru"), ("Test First", "en")} <= set(spellings(kept))


def test_a_reviewer_may_not_merge_or_decide(demo, reviewer):
    first, second, _source = koishybayev_twice()
    candidate = pair(first, second)
    with pytest.raises(PermissionDenied):
        merge_people(first, second, reviewer, choices=keep_survivors(first, second))
    for decide in (decide_different, decide_unsure):
        with pytest.raises(PermissionDenied):
            decide(candidate, reviewer)
    second.refresh_from_db()
    candidate.refresh_from_db()
    assert second.merged_into_id is None and second.is_published
    assert candidate.status == CandidatePair.Status.OPEN


def test_different_and_not_sure_are_remembered_and_a_merged_pair_cannot_be_answered_again(demo, curator):
    first, second, _source = koishybayev_twice()
    candidate = pair(first, second)
    assert decide_unsure(candidate, curator).status == CandidatePair.Status.UNSURE
    assert decide_different(candidate, curator).status == CandidatePair.Status.DIFFERENT
    candidate.refresh_from_db()
    assert candidate.decided_by == curator and candidate.decided_at is not None
    merge_people(first, second, curator, choices=keep_survivors(first, second))
    with pytest.raises(ValidationError):
        decide_different(candidate, curator)


def test_a_merged_away_record_is_not_merged_again_nor_published(demo, curator):
    first, second, _source = koishybayev_twice()
    merge_people(first, second, curator, choices=keep_survivors(first, second))
    third = second_record("Test Third", "Тест Третий", [])
    with pytest.raises(ValidationError):
        merge_people(second, third, curator)
    with pytest.raises(ValidationError):
        services.publish(Person.objects.filter(pk=second.pk), True, ACTOR)
    assert not Person.objects.get(pk=second.pk).is_published
