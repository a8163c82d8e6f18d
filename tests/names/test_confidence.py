"""The engine tells a spelling of the name from a name that is only alike (issue #11).

Kabysh Omarov and Kassym-Jomart Tokayev share no name, yet every token of one is half like a
token of the other (Kabysh/Kassym, Omarov/Jomart): likeness by chance, which must not make
Tokayev a match for Omarov.
"""

import json

import pytest

from memoria.benchmarks import names as bench
from memoria.names import MIN_SCORE, NameIndex, evidence, is_confident, similarity

OMAROV_QUERIES = ["Кабыш Омаров", "Қабыш Омаров", "Kabych Omarov", "Qabysh Omarov", "Omarov K.",
                  "Кабиш Омаров"]
OMAROV = ["Kabysh Omarov", "Кабыш Омаров", "Қабыш Омаров"]
TOKAYEV = ["Kassym-Jomart Tokayev", "Касым-Жомарт Токаев", "Қасым-Жомарт Тоқаев"]


@pytest.mark.parametrize("query", OMAROV_QUERIES)
def test_omarov_is_a_match_and_tokayev_is_not(query):
    for spelling in OMAROV:
        assert is_confident(evidence(query, spelling)), spelling
    for spelling in TOKAYEV:
        assert not is_confident(evidence(query, spelling)), spelling


@pytest.mark.parametrize("query", OMAROV_QUERIES)
def test_the_index_lists_omarov_first_and_never_tokayev_as_a_match(query):
    idx = NameIndex()
    for n, spelling in enumerate(OMAROV + TOKAYEV):
        idx.add(n, spelling, group="omarov" if spelling in OMAROV else "tokayev")
    found = idx.matches(query)
    assert idx.group(found[0].id) == "omarov" and is_confident(found[0].evidence)
    assert [m for m in found if idx.group(m.id) == "tokayev" and is_confident(m.evidence)] == []


def test_chance_likeness_is_not_evidence():
    # The two names are as alike as a name with one token spelled apart...
    assert similarity("Кабыш Омаров", "Kassym-Jomart Tokayev") > MIN_SCORE
    # ...but none of it is more than any two names with common letters share.
    assert evidence("Кабыш Омаров", "Kassym-Jomart Tokayev") < 0.4


def test_a_namesake_sharing_only_the_surname_is_less_alike():
    assert similarity("Серик Омаров", "Kabysh Omarov") >= MIN_SCORE
    assert not is_confident(evidence("Серик Омаров", "Kabysh Omarov"))
    assert is_confident(evidence("Omarov", "Kabysh Omarov"))  # only the surname was typed
    assert is_confident(evidence("Koischibajew Abdilla", "Қойшыбаев Әбділла"))


def test_bench_reports_what_the_site_shows(tmp_path, capsys):
    data = tmp_path / "names.tsv"
    data.write_text("group_id\tname\ttag\n"
                    "omarov\tKabysh Omarov\tLatn\nomarov\tКабыш Омаров\tCyrl-ru\nomarov\tҚабыш Омаров\tCyrl-kk\n"
                    "tokayev\tKassym-Jomart Tokayev\tLatn\ntokayev\tҚасым-Жомарт Тоқаев\tCyrl-kk\n",
                    encoding="utf-8")
    assert bench.main(["--dataset", str(data), "--json", "--methods", "memoria"]) == 0
    cross = json.loads(capsys.readouterr().out)["memoria"]["cross"]
    assert cross["recall_at_1"] == cross["shown_at_10"] == cross["confident_at_10"] == 1.0
    assert cross["other_confident"] == 0.0


def test_a_search_scores_each_candidate_as_similarity_and_evidence_do():
    # A search compares each candidate's tokens once and derives both figures from that
    # comparison; what it shows (the order, and match or "less alike") must be what the two
    # definitions give, whatever the names' shapes: one token, initials, patronymics, more tokens
    # on either side.
    names = OMAROV + TOKAYEV + ["Omarov", "К. Омаров", "Омаров Кабыш Ахметович", "Ахмет ұлы Кабыш",
                                "Babakhanov", "Бабаханов Шахмардан", "Sh. Babakhanov", "Токаев", "Umarov", "Омарова"]
    idx = NameIndex()
    for n, spelling in enumerate(names):
        idx.add(n, spelling)
    for query in OMAROV_QUERIES + ["Омаров", "Babakhanov Sh.", "Кабыш", "Токаев Касым Жомарт"]:
        found = idx.matches(query, limit=None)
        assert found, query
        for match in found:
            assert match.score == similarity(query, names[match.id]), (query, names[match.id])
            assert match.evidence == evidence(query, names[match.id]), (query, names[match.id])
        assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)
