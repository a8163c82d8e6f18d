"""Blocking: which pairs of people are worth scoring, without comparing everyone with everyone.

Plain Python (no ORM): the finder feeds it from the name index, the benchmark from memory.

A block is a *pair key* of the name engine (memoria.names.name_keys, prefix "n"): the usual
first letter of one name with the phonetic skeleton of another — "Kabysh Omarov", "Омаров К."
and "Omarov Kabysh" all carry n+k+skeleton(Omarov). People in one block share a surname (or a
given name) in any script plus the initial of their other name, which is what a duplicate
shares and what most namesakes do not. A name of one word (a partisan known by one name) has
no pair key: with a birth year, it is blocked with that year and the skeleton of its name
(year_blocks), where it meets the records of any name that holds the same word and year —
only pairs with the single name are formed, and none in a block of more than MAX_BLOCK, so the
year blocks add no pairs between people with whole names. The scoring caps a single name's
agreement, so such a pair is proposed only when dates, places or units agree as well.

Bounded memory at any size: (block key, person, birth year) rows are spread over temporary
files by the key's hash, each file is grouped in memory alone; the pairs a file gives are
spread again by the lower person id, so each pair is counted once, file by file.

Oversized blocks (a common surname with a common initial): up to MAX_BLOCK people every pair
is kept; above it, people who give another name are paired within the part of the block whose
other names' skeletons begin alike (SUB_BLOCK_PREFIX symbols: a sub-block, windowed by birth
year in its turn if it is oversized too) and with their NAMED_WINDOW next by birth year; a
person with no other name (a surname with an initial) is paired with the BLOCK_WINDOW next by
birth year, then by other name. Namesakes of other given names are thus not paired, and a
block of n people gives about n x (BLOCK_WINDOW for the initials, NAMED_WINDOW and the sub-block
for the others) pairs instead of n²/2. People without a birth year sort last, among themselves.
"""

from __future__ import annotations

import io
import os
import tempfile
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field

#: Prefix of the name engine's pair keys and skeleton keys (memoria.names.matching.name_keys).
PAIR_KEY_PREFIX, SKELETON_KEY_PREFIX = "n", "s"
#: The name keys blocking reads (the name index's others are not needed).
BLOCKING_KEY_PREFIXES = (PAIR_KEY_PREFIX, SKELETON_KEY_PREFIX)
#: Prefix of a year block (a name's skeleton with a birth year: see year_blocks).
YEAR_BLOCK_PREFIX = "y"
#: Blocks up to this size are compared whole.
MAX_BLOCK = 40
#: In a larger block, each person is compared with this many next by birth year.
BLOCK_WINDOW = 20
#: In a larger block, people who give another name are paired when the phonetic skeletons of
#: their other names begin alike (this many symbols: Alfonsina ~ Alfonsine, Кедрин ~ Kedrenos).
SUB_BLOCK_PREFIX = 2
#: A sub-block of more than MAX_BLOCK people: each is paired with this many next by birth year.
SUB_BLOCK_WINDOW = MAX_BLOCK
#: ... and two people who both give another name with this many next by birth year (spellings
#: whose skeletons begin differently: Тихон ~ Tichon).
NAMED_WINDOW = 5
#: Two birth years further apart than this cannot be one person (scoring.py: a year apart is a
#: copying slip, more is another person), so such a pair is not even scored.
MAX_BIRTH_YEAR_GAP = 1
#: Blocking rows per temporary file, roughly: how much one file's grouping holds in memory.
ROWS_PER_PARTITION = 400_000

#: (person id, birth year or None, name keys of all their spellings: pair and skeleton keys)
Entry = tuple[int, int | None, Iterable[str]]


#: First letters that spell one sound in some convention (Д/Дж/Ж/З: d, j, z, g; Ф: f, p in
#: Philippe; Х/Қ: h, k, q, x; Е/И/Я: e, i, y, j): a pair key's letter is blocked by its class,
#: by both classes for a letter that stands in two (Г: G or H; J: Ж or Й).
FIRST_SOUND_CLASSES = ("aeiouyj", "bfpvw", "cdgjstz", "ghkqx", "l", "mn", "r")
_CLASSES_OF: dict[str, list[str]] = {}
for _group in FIRST_SOUND_CLASSES:
    for _letter in _group:
        _CLASSES_OF.setdefault(_letter, []).append(_group[0])
_CLASS = {group[0]: group for group in FIRST_SOUND_CLASSES}


def block_keys(keys: Iterable[str]) -> set[str]:
    """The blocks of a spelling, from its name keys (plain or name-index encoded): each pair
    key with its first letter replaced by that letter's class (or classes)."""
    out = set()
    for key in keys:
        if key.startswith(PAIR_KEY_PREFIX) and len(key) > 2:
            for group in _CLASSES_OF.get(key[1], key[1]):
                out.add(PAIR_KEY_PREFIX + group + key[2:])
    return out


def lookup_keys(blocks: Iterable[str]) -> list[str]:
    """The name keys that put a spelling in these blocks (for a look-up in the name index)."""
    out = set()
    for block in blocks:
        for letter in _CLASS.get(block[1], block[1]):
            out.add(PAIR_KEY_PREFIX + letter + block[2:])
    return sorted(out)


@dataclass
class BlockingStats:
    people: int = 0
    blocked_people: int = 0
    blocks: int = 0
    oversized_blocks: int = 0
    #: parts of oversized blocks whose people share another block (see _block_pairs)
    sub_blocks: int = 0
    people_in_oversized: int = 0
    largest_block: int = 0
    pairs_skipped_by_year: int = 0
    pairs: int = 0
    #: pairs whose facts other than the names keep them under the threshold (prefilter.py)
    pairs_ruled_out: int = 0
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "notes"}


def years_compatible(x: int | None, y: int | None) -> bool:
    return x is None or y is None or abs(x - y) <= MAX_BIRTH_YEAR_GAP


def _block_pairs(members: list[tuple[int, int | None, tuple[str, ...]]],
                 stats: BlockingStats) -> Iterator[tuple[int, int]]:
    """The pairs of one block: every pair up to MAX_BLOCK; in a larger block, the pairs that
    share another block too (sub-blocks) and the neighbours by birth year of those who have
    no other block."""
    n = len(members)
    stats.blocks += 1
    stats.largest_block = max(stats.largest_block, n)
    if n <= MAX_BLOCK:
        yield from _pairs_within(members, n, stats)
        return
    stats.oversized_blocks += 1
    stats.people_in_oversized += n
    # Two people who both give another name meet where that name is blocked as well: here,
    # in the part of this block that shares it (Omarov-with-K ∩ Kabysh-with-O), however many
    # people the block holds; namesakes of other given names are never paired.
    shared: dict[str, list] = defaultdict(list)
    for member in members:
        for other in member[2]:
            shared[other].append(member)
    for part in shared.values():
        if len(part) > 1:
            stats.sub_blocks += 1
            yield from _pairs_within(_by_year(part) if len(part) > MAX_BLOCK else part,
                                     len(part) if len(part) <= MAX_BLOCK else SUB_BLOCK_WINDOW, stats)
    # Someone with no other block (a surname with an initial: "Омаров К.") can be any of the
    # block's people: each is paired with the BLOCK_WINDOW next by birth year.
    if any(not m[2] for m in members):
        ordered = _by_year(members)
        for i in range(n):
            pid, year, others = ordered[i]
            for j in range(i + 1, min(n, i + 1 + BLOCK_WINDOW)):
                other, other_year, other_others = ordered[j]
                if others and other_others and j > i + NAMED_WINDOW:
                    continue
                if not years_compatible(year, other_year):
                    stats.pairs_skipped_by_year += 1
                    continue
                yield (pid, other) if pid < other else (other, pid)


def _by_year(members: list) -> list:
    """Sorted by birth year (unknown last), then by their other blocks."""
    return sorted(members, key=lambda m: (m[1] is None, m[1] or 0, m[2], m[0]))


def _pairs_within(members: list, window: int, stats: BlockingStats) -> Iterator[tuple[int, int]]:
    """Each member with the `window` next (all of them, when the window is the block's size)."""
    n = len(members)
    for i in range(n):
        pid, year, _others = members[i]
        for j in range(i + 1, min(n, i + 1 + window)):
            other, other_year, _ = members[j]
            if not years_compatible(year, other_year):
                stats.pairs_skipped_by_year += 1
                continue
            yield (pid, other) if pid < other else (other, pid)


def _head(skeleton: str, symbols: int) -> str:
    """The first `symbols` symbols of a skeleton, as memoria.names writes it (a symbol is a
    capital letter) or as the name index stores it, which the finder reads (name_backends.
    encode_key: a capital becomes "9" and the letter, another character "7" and four hex
    digits). Counting characters instead made the finder's sub-blocks one symbol wide."""
    end = 0
    for _ in range(symbols):
        if end >= len(skeleton):
            break
        end += _ENCODED_WIDTH.get(skeleton[end], 1)
    return skeleton[:end]


_ENCODED_WIDTH = {"9": 2, "7": 5}


def year_blocks(keys: Iterable[str], year: int | None) -> set[str]:
    """The blocks where a name given alone meets its bearer's other records: each skeleton key
    of a spelling (one name, in any script) with the birth year."""
    if year is None:
        return set()
    return {f"{YEAR_BLOCK_PREFIX}{year}{key}" for key in keys if key.startswith(SKELETON_KEY_PREFIX)}


def _single_name_pairs(members: list[tuple[int, int | None, tuple[str, ...]]], singles: Iterable[int],
                       stats: BlockingStats) -> Iterator[tuple[int, int]]:
    """In a year block, each person known by a single name with every other member; none in
    a block of more than MAX_BLOCK (a name alone that so many share, in one year, picks no one)."""
    singles = list(singles)
    if not singles or len(members) > MAX_BLOCK:
        return
    stats.blocks += 1
    for pid in singles:
        for other, _year, _name in members:
            if other != pid:
                yield (pid, other) if pid < other else (other, pid)


def candidate_pairs(entries: Iterable[Entry], stats: BlockingStats | None = None,
                    rows_per_partition: int = ROWS_PER_PARTITION,
                    expected_rows: int | None = None) -> Iterator[list[tuple[int, int]]]:
    """Batches of distinct candidate pairs (lower id first), from the people's block keys.

    `expected_rows`: about how many (key, person) rows will come, to choose the number of
    temporary files; each yielded batch holds the pairs of one file."""
    stats = stats if stats is not None else BlockingStats()
    partitions = max(1, (expected_rows or 0) // rows_per_partition + 1)
    with tempfile.TemporaryDirectory(prefix="memoria-blocking-") as tmp, ExitStack() as files:
        def open_all(prefix: str):
            if partitions == 1:  # a small archive: one partition, held in memory
                return [files.enter_context(io.StringIO())]
            return [files.enter_context(open(os.path.join(tmp, f"{prefix}{i}"), "w+", encoding="utf-8"))
                    for i in range(partitions)]

        key_files = open_all("k")
        for person_id, year, keys in entries:
            stats.people += 1
            keys = list(keys)
            pair_blocks = block_keys(keys)
            single = "" if pair_blocks else "1"
            if pair_blocks or (single and year is not None):
                stats.blocked_people += 1
            shown_year = "" if year is None else str(year)
            heads = {key: _head(key[2:], SUB_BLOCK_PREFIX) for key in pair_blocks}
            for key, own in heads.items():
                others = ",".join(sorted(set(heads.values()) - {own}))
                key_files[zlib.crc32(key.encode()) % partitions].write(
                    f"{key}\t{person_id}\t{shown_year}\t{others}\t\n")
            for key in year_blocks(keys, year):
                key_files[zlib.crc32(key.encode()) % partitions].write(
                    f"{key}\t{person_id}\t{shown_year}\t\t{single}\n")
        pair_files = open_all("p")
        for handle in key_files:
            handle.seek(0)
            blocks: dict[str, list[tuple[int, int | None, tuple[str, ...]]]] = defaultdict(list)
            singles: dict[str, list[int]] = defaultdict(list)
            for line in handle:
                key, pid, year, others, single = line.rstrip("\n").split("\t")
                blocks[key].append((int(pid), int(year) if year else None,
                                    tuple(others.split(",")) if others else ()))
                if single:
                    singles[key].append(int(pid))
            handle.truncate(0)
            for key, members in blocks.items():
                if len(members) < 2:
                    continue
                if key.startswith(YEAR_BLOCK_PREFIX):
                    pairs = _single_name_pairs(members, singles.get(key, ()), stats)
                else:
                    pairs = _block_pairs(members, stats)
                for a, b in pairs:
                        pair_files[a % partitions].write(f"{a} {b}\n")
        for handle in pair_files:
            handle.seek(0)
            pairs = {tuple(map(int, line.split())) for line in handle}
            handle.truncate(0)
            stats.pairs += len(pairs)
            if pairs:
                yield sorted(pairs)
