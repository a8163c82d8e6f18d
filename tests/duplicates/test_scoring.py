"""Scoring a pair of people: the spellings of one name agree across scripts, namesakes do not.

Plain data (no database). Names are the demo's (from the exhibition article) without any fact
the article does not give, or obviously SYNTHETIC test people ("Testbek", "Test place A").
"""

import itertools

from django.conf import settings

from memoria.core.dates import bounds
from memoria.duplicates.scoring import Dated, PersonFacts, score_pair

ARTICLE = {1: "Exhibition article, 2025-02-01"}


def dated(text: str) -> Dated:
    return Dated(text, *bounds(text))


def person(pk, *names, **facts) -> PersonFacts:
    return PersonFacts(id=pk, names=names, **facts)


def test_the_koishybayev_spellings_agree_across_scripts():
    family = ["Әбибулла Қойшыбаев", "Абибулла Койшыбаев", "Абибулла Койшибаев",
              "Abibulla Koichibaev", "Abibulla Koishybayev"]
    for (i, x), (j, y) in itertools.combinations(enumerate(family), 2):
        score, reasons = score_pair(person(i, x, sources=ARTICLE), person(j, y, sources=ARTICLE))
        assert reasons[0].startswith(f"names agree: {x} ~ {y}"), reasons
        assert "source in common: Exhibition article, 2025-02-01" in reasons
        assert score >= settings.MEMORIA_DUPLICATE_MIN_SCORE, (x, y, score, reasons)


def test_a_year_in_common_says_less_than_a_day_in_common():
    # thousands of people are born in any year of a large archive: namesakes share years often
    names = ("Testbek Testov", "Testov Testbek")
    by_year, why = score_pair(person(1, names[0], birth=dated("1918")), person(2, names[1], birth=dated("1918")))
    by_month, _ = score_pair(person(1, names[0], birth=dated("1918-03")), person(2, names[1], birth=dated("1918-03")))
    by_day, _ = score_pair(person(1, names[0], birth=dated("1918-03-02")), person(2, names[1], birth=dated("1918-03-02")))
    assert "born 1918 in both" in why
    assert by_year < by_month < by_day


def test_a_year_fits_a_full_date_of_that_year():
    score, reasons = score_pair(person(1, "Testbek Testov", birth=dated("1918")),
                                person(2, "Тестов Тестбек", birth=dated("1918-03-02")))
    assert "birth dates agree: 1918 / 1918-03-02" in reasons
    assert score >= settings.MEMORIA_DUPLICATE_MIN_SCORE

    same, reasons = score_pair(person(1, "Testbek Testov", birth=dated("1918")),
                               person(2, "Тестов Тестбек", birth=dated("1918")))
    assert "born 1918 in both" in reasons and same >= score


def test_two_omarovs_born_in_other_years_and_places_are_two_people():
    score, reasons = score_pair(
        person(1, "Testbek Omarov", birth=dated("1918"), birth_place=(1, "Test place A")),
        person(2, "Омаров Тестбек", birth=dated("1922"), birth_place=(2, "Test place B")))
    assert reasons == ["names agree: Testbek Omarov ~ Омаров Тестбек (1.00)",
                       "birth dates differ: 1918 / 1922",
                       "birthplaces differ: Test place A / Test place B"]
    assert score < 0.05


def test_a_namesake_with_another_given_name_is_another_person():
    score, reasons = score_pair(person(1, "Testbek Omarov", birth=dated("1918")),
                                person(2, "Омаров Синтетик", birth=dated("1918")))
    assert reasons[0].startswith("names differ: ")
    assert "born 1918 in both" in reasons
    assert score < settings.MEMORIA_DUPLICATE_MIN_SCORE


def test_a_surname_and_initial_needs_a_fact_that_agrees():
    alone, _ = score_pair(person(1, "Omarov T."), person(2, "Тестбек Омаров"))
    assert alone < settings.MEMORIA_DUPLICATE_MIN_SCORE
    score, reasons = score_pair(
        person(1, "Omarov T.", birth=dated("1918-03-02"), units={7: "Test unit"}),
        person(2, "Тестбек Омаров", birth=dated("1918"), units={7: "Test unit"}))
    assert reasons[0] == "names agree: Omarov T. ~ Тестбек Омаров (0.80); a given name is an initial only"
    assert "unit in common: Test unit" in reasons
    assert score >= settings.MEMORIA_DUPLICATE_MIN_SCORE


def test_patronymics_compare_by_the_fathers_name():
    agree, reasons = score_pair(person(1, "Тестов Тестбек Синтетикович", birth=dated("1918")),
                                person(2, "Testov Testbek Sintetik uly", birth=dated("1918")))
    assert not any("patronymics differ" in r for r in reasons)
    differ, reasons = score_pair(person(1, "Тестов Тестбек Синтетикович", birth=dated("1918")),
                                 person(2, "Тестов Тестбек Примерович", birth=dated("1918")))
    assert "patronymics differ: синтетикович / примерович" in reasons[0]
    assert differ < settings.MEMORIA_DUPLICATE_MIN_SCORE <= agree


def test_dates_a_year_apart_count_against_more_apart_rule_out():
    slip, reasons = score_pair(person(1, "Testbek Testov", birth=dated("1918-12-30")),
                               person(2, "Тестов Тестбек", birth=dated("1919-01-02")))
    assert "birth dates differ slightly: 1918-12-30 / 1919-01-02" in reasons
    apart, _ = score_pair(person(1, "Testbek Testov", birth=dated("1918")),
                          person(2, "Тестов Тестбек", birth=dated("1921")))
    assert apart < slip < settings.MEMORIA_DUPLICATE_MIN_SCORE


def test_a_single_name_cannot_tell_namesakes_apart():
    score, reasons = score_pair(person(1, "Omarov"), person(2, "Testbek Omarov"))
    assert "one record gives a single name" in reasons[0]
    assert score < settings.MEMORIA_DUPLICATE_MIN_SCORE


def test_another_sex_is_another_person():
    score, reasons = score_pair(person(1, "Testbek Testov", sex="male"),
                                person(2, "Тестов Тестбек", sex="female"))
    assert "sex differs: male / female" in reasons and score < 0.05


def test_an_initial_agrees_as_an_initial_only():
    # one given name in ten or twenty shares an initial: "Omarov T." twice is not one man
    # on the names alone, however alike they are spelled
    alone, reasons = score_pair(person(1, "Omarov T."), person(2, "Омаров Т."))
    assert reasons[0] == "names agree: Omarov T. ~ Омаров Т. (1.00); a given name is an initial only"
    assert alone < settings.MEMORIA_DUPLICATE_MIN_SCORE
    with_whole_names, _ = score_pair(person(1, "Omarov T.", "Testbek Omarov"),
                                     person(2, "Омаров Т.", "Омаров Тестбек"))
    assert with_whole_names >= settings.MEMORIA_DUPLICATE_MIN_SCORE
    born, _ = score_pair(person(1, "Omarov T.", birth=dated("1918-03-02")),
                         person(2, "Омаров Т.", birth=dated("1918")))
    assert born >= settings.MEMORIA_DUPLICATE_MIN_SCORE
