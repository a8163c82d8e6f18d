"""Blocking in a large block: one man's spellings are still paired, his namesakes are not.

Plain data (no database): obviously SYNTHETIC people ("Testbek Omarov" and namesakes with
made-up given names), all born the same year so that no birth year sets them apart.
"""

import itertools

from memoria.duplicates.candidates import (
    BLOCK_WINDOW,
    MAX_BLOCK,
    BlockingStats,
    candidate_pairs,
)
from memoria.names import name_keys
from memoria.search.name_backends import encode_key

#: Made-up given names beginning with T (the block's initial), each spelled differently.
GIVEN = [f"T{a}{b}{c}" for a, b, c in itertools.product("aeiou", "bdgklmnprs", "ak")][:80]


def _pairs(people):
    entries = [(pk, year, name_keys(name)) for pk, (name, year) in people.items()]
    stats = BlockingStats()
    pairs = {pair for batch in candidate_pairs(entries, stats) for pair in batch}
    return pairs, stats


def test_two_spellings_of_one_man_in_a_large_block_are_still_paired():
    people = {pk: (f"{given} Omarov", 1918) for pk, given in enumerate(GIVEN, start=10)}
    people |= {1: ("Testbek Omarov", 1918), 2: ("Омаров Тестбек", 1918), 3: ("Omarov T.", 1918)}
    pairs, stats = _pairs(people)
    assert len(people) > MAX_BLOCK and stats.oversized_blocks >= 1
    assert (1, 2) in pairs
    # the record with an initial only is compared with its neighbours by birth year (some of
    # the 83 born that year: it cannot tell them apart by its name)
    assert 0 < sum(1 for pair in pairs if 3 in pair) <= BLOCK_WINDOW * 2
    # namesakes are paired only when their given names begin alike, or as close neighbours
    namesakes = {(a, b) for a, b in pairs if a >= 10 and b >= 10}
    assert (GIVEN.index("Tabk") + 10, GIVEN.index("Tosa") + 10) not in namesakes
    assert len(namesakes) < len(GIVEN) * BLOCK_WINDOW / 2


def test_the_archive_run_blocks_as_the_benchmark_measures():
    # `memoria duplicates` reads the keys as the name index stores them (encoded), the
    # benchmark as the name engine gives them: the same people must be paired either way
    people = {pk: (f"{given} Omarov", 1918) for pk, given in enumerate(GIVEN, start=10)}
    people |= {1: ("Testbek Omarov", 1918), 2: ("Омаров Тестбек", 1918), 3: ("Omarov T.", 1918)}
    plain, plain_stats = _pairs(people)
    stats = BlockingStats()
    entries = [(pk, year, [encode_key(k) for k in name_keys(name)]) for pk, (name, year) in people.items()]
    encoded = {pair for batch in candidate_pairs(entries, stats) for pair in batch}
    assert encoded == plain and stats.sub_blocks == plain_stats.sub_blocks
