"""Ruling pairs out before their names are compared: an exact bound, over whole arrays at once.

Comparing every spelling of two people costs far more than everything else the score reads,
and most pairs a block gives are namesakes whose dates, places or sex already sink them. For
each pair this computes, with numpy over a whole batch, the highest score the pair could reach
if its names agreed perfectly (scoring.py's weights, every fact but the names taken exactly,
units, events and sources at their best when only their counts are known). A pair whose bound
stays under the threshold cannot be proposed, so it is neither loaded nor scored; the pairs
that are proposed are exactly those full scoring would propose.

A *sketch* is what the bound reads of one person: a few integers (about 40 bytes), so the
sketches of a million people fit in some tens of megabytes.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable

import numpy as np

from memoria.duplicates import scoring as s

#: A missing lower / upper date bound (scoring.py: a side without that bound).
_NO_LOWER, _NO_UPPER = np.iinfo(np.int32).min, np.iinfo(np.int32).max
#: The most the names can add: evidence 1.0 and agreeing patronymics.
NAMES_BEST = s.NAME_AGREES + s.NAME_GAIN * (1.0 - s.NAMES_AGREE) + s.PATRONYMIC_AGREES
#: Scores are rounded to three decimals before the threshold: keep what rounding could lift.
_ROUNDING_MARGIN = 0.01

#: exclusive.py: two people whose best possible score stays under this cannot be one.
APART = 0.25

_SEX = {"male": 1, "female": 2}
_FIELDS = ("sex", "birth_lo", "birth_hi", "death_lo", "death_hi", "birth_place", "death_place",
           "units", "first_unit", "events", "sources")


def _day(date: datetime.date | None, missing: int) -> int:
    return date.toordinal() if date else missing


class Sketches:
    """The sketches of many people, added one by one, then frozen into arrays by person id."""

    def __init__(self):
        self._ids: list[int] = []
        self._rows: list[tuple[int, ...]] = []
        self.ids = np.empty(0, dtype=np.int64)
        self.columns: dict[str, np.ndarray] = {}

    def add(self, pk: int, *, sex: str, birth: tuple | None, death: tuple | None,
            birth_place: int | None, death_place: int | None, units: Iterable[int],
            events: int, sources: int) -> None:
        """`birth`/`death`: (lower, upper) of a date given, None when none is; places by an id
        that is the same for places of the same name (scoring.py compares them so)."""
        units = sorted(set(units))
        blo, bhi = (_day(birth[0], _NO_LOWER), _day(birth[1], _NO_UPPER)) if birth else (_NO_LOWER, _NO_UPPER)
        dlo, dhi = (_day(death[0], _NO_LOWER), _day(death[1], _NO_UPPER)) if death else (_NO_LOWER, _NO_UPPER)
        self._ids.append(pk)
        self._rows.append((_SEX.get(sex, 0), blo, bhi, dlo, dhi, birth_place or 0, death_place or 0,
                           len(units), units[0] if units else 0, events, sources))

    def add_facts(self, facts: s.PersonFacts, place_key=None) -> None:
        """The sketch of scored facts (`place_key`: place id -> id shared by a place's namesakes)."""
        key = place_key or (lambda pk: pk)
        self.add(facts.id, sex=facts.sex,
                 birth=(facts.birth.lower, facts.birth.upper) if facts.birth else None,
                 death=(facts.death.lower, facts.death.upper) if facts.death else None,
                 birth_place=key(facts.birth_place[0]) if facts.birth_place else None,
                 death_place=key(facts.death_place[0]) if facts.death_place else None,
                 units=facts.units, events=len(facts.events), sources=len(facts.sources))

    def freeze(self) -> None:
        ids = np.array(self._ids, dtype=np.int64)
        rows = np.array(self._rows, dtype=np.int64).reshape(-1, len(_FIELDS))
        order = np.argsort(ids, kind="stable")
        self.ids = ids[order]
        self.columns = {name: rows[order, i] for i, name in enumerate(_FIELDS)}
        self._ids, self._rows = [], []

    def may_reach(self, pairs: np.ndarray, min_score: float) -> np.ndarray:
        """For an (n, 2) array of person ids, which pairs could score `min_score` or more."""
        if min_score <= 0.0 or not len(pairs):
            return np.ones(len(pairs), dtype=bool)
        if min_score >= 1.0:
            needed = math.inf
        else:
            needed = math.log(min_score / (1.0 - min_score)) - _ROUNDING_MARGIN
        ia = np.searchsorted(self.ids, pairs[:, 0])
        ib = np.searchsorted(self.ids, pairs[:, 1])
        a = {k: v[ia] for k, v in self.columns.items()}
        b = {k: v[ib] for k, v in self.columns.items()}
        bound = np.full(len(pairs), s.PRIOR + NAMES_BEST)
        bound += np.where((a["sex"] > 0) & (b["sex"] > 0) & (a["sex"] != b["sex"]), s.SEX_DIFFERS, 0.0)
        bound += _dates(a["birth_lo"], a["birth_hi"], b["birth_lo"], b["birth_hi"], s.BIRTH_SAME_DAY,
                        s.BIRTH_AGREES, s.BIRTH_ONE_YEAR, s.BIRTH_DIFFERS)
        bound += _dates(a["death_lo"], a["death_hi"], b["death_lo"], b["death_hi"], s.DEATH_SAME_DAY,
                        s.DEATH_AGREES, s.DEATH_ONE_YEAR, s.DEATH_DIFFERS)
        bound += _places(a["birth_place"], b["birth_place"], s.BIRTHPLACE_SAME, s.BIRTHPLACE_DIFFERS)
        bound += _places(a["death_place"], b["death_place"], s.DEATHPLACE_SAME, s.DEATHPLACE_DIFFERS)
        both = (a["units"] > 0) & (b["units"] > 0)
        single = both & (a["units"] == 1) & (b["units"] == 1)
        bound += np.where(single, np.where(a["first_unit"] == b["first_unit"], s.UNIT_SHARED,
                                           s.UNITS_DISJOINT),
                          np.where(both, s.UNIT_SHARED * np.minimum(np.minimum(a["units"], b["units"]), 2), 0.0))
        bound += s.EVENT_SHARED * np.minimum(np.minimum(a["events"], b["events"]), 2)
        bound += s.SOURCE_SHARED * np.minimum(np.minimum(a["sources"], b["sources"]), 2)
        return bound >= needed


    def apart(self, pairs: np.ndarray) -> np.ndarray:
        """Which pairs cannot be one person whatever their names: their other facts keep them
        under APART even with names that agree perfectly (birth years two or more apart,
        another sex; a birthplace alone that differs does not)."""
        return ~self.may_reach(pairs, APART)


def _dates(alo, ahi, blo, bhi, same_day, agrees, one_year, differs) -> np.ndarray:
    """scoring._date's weight, exactly (the text equality it shows changes no weight)."""
    known = ((alo != _NO_LOWER) | (ahi != _NO_UPPER)) & ((blo != _NO_LOWER) | (bhi != _NO_UPPER))
    lo, hi = np.maximum(alo, blo), np.minimum(ahi, bhi)
    overlap = (lo == _NO_LOWER) | (hi == _NO_UPPER) | (lo <= hi)
    same = (alo == ahi) & (ahi == blo) & (blo == bhi) & (alo != _NO_LOWER)
    near = (lo - hi) / 365.25 <= 1.0
    weight = np.where(overlap, np.where(same, same_day, agrees), np.where(near, one_year, differs))
    return np.where(known, weight, 0.0)


def _places(x, y, same, differs) -> np.ndarray:
    return np.where((x > 0) & (y > 0), np.where(x == y, same, differs), 0.0)


def place_keys(places: Iterable[tuple[int, str]]) -> dict[int, int]:
    """Place id -> the lowest id of the places of the same name (folded as scoring.py does)."""
    first: dict[str, int] = {}
    out = {}
    for pk, name in sorted(places):
        out[pk] = first.setdefault(s.folded(name), pk)
    return out
