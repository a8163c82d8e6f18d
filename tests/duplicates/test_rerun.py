"""`memoria duplicates` run again: stale pairs go, names given alone are found, decisions stay."""

import io
import json

from django.core.management import call_command
from django.utils import translation

from memoria.archive.models import Person
from memoria.core import services
from memoria.duplicates.merge import decide_different, merge_people
from memoria.duplicates.models import CandidatePair
from tests.duplicates.merge_data import keep_survivors

from .finding_data import ACTOR, omarovs, person, place


def listed(*args) -> list[tuple[int, int]]:
    out = io.StringIO()
    call_command("duplicates", "--json", *args, stdout=out, stderr=io.StringIO())
    return [(p["a"]["id"], p["b"]["id"]) for p in json.loads(out.getvalue())["pairs"]]


def test_a_pair_that_no_longer_scores_is_dropped_on_the_next_run(db):
    first, second, _namesake = omarovs()
    assert listed() == [(first.pk, second.pk)]
    with translation.override("en"):  # a curator corrects the second record's birth date
        services.update(Person, second.pk, {"birth_date": "1931-05-01"}, ACTOR,
                        services.version_of(Person.objects.get(pk=second.pk)))
    assert listed() == []
    assert not CandidatePair.objects.filter(person_a=first, person_b=second).exists()


def test_a_pair_with_a_merged_away_person_is_dropped_and_an_answer_different_kept(db, curator):
    first, second, _namesake = omarovs()
    third = person("Omarov Testbek", ["Омаров Тестбек"], birth_date="1918-03-02")
    pairs = listed()
    assert {(first.pk, second.pk), (first.pk, third.pk), (second.pk, third.pk)} <= set(pairs)
    decide_different(CandidatePair.objects.get(person_a=first, person_b=second), curator)
    merge_people(second, third, curator, choices=keep_survivors(second, third))
    assert listed() == []
    # the open pair with the merged-away record is gone; the curator's answer is kept as it was
    assert not CandidatePair.objects.filter(person_a=first, person_b=third).exists()
    kept = CandidatePair.objects.get(person_a=first, person_b=second)
    assert kept.status == CandidatePair.Status.DIFFERENT


def test_a_name_given_alone_is_proposed_when_the_dates_and_place_agree(db):
    here = place("Test place C")
    whole = person("Testzhan Kabyshev", ["Кабышев Тестжан"], birth_date="1921-04-09", birth_place_id=here.pk)
    alone = person("Testzhan", birth_date="1921-04-09", birth_place_id=here.pk)
    # the same single name with only the birth year in common: too little to propose
    person("Testzhan Omarbekov", birth_date="1921")
    CandidatePair.objects.all().delete()  # the arrival check's pairs: the command finds them again
    assert listed() == [(whole.pk, alone.pk)]
    pair = CandidatePair.objects.get()
    assert "one record gives a single name" in pair.reasons[0]
