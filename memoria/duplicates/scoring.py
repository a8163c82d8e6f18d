"""How alike two people are: a score in [0, 1] and its reasons in plain words.

Plain data in (`PersonFacts`, no ORM), so the benchmark scores without a database.

The score adds evidence the way record linkage does (Fellegi–Sunter): each kind of fact gives
a weight — positive when it agrees, negative when it disagrees, nothing when one side does not
know it — and the sum, on top of a prior for "two people who share name keys", becomes a
probability through the logistic function. Namesakes are what the weights are set against:
one surname shared means little (every Omarov shares it), so a given name that differs, a
birth year that differs or a patronymic that differs each outweighs it.
"""

from __future__ import annotations

import datetime
import functools
import math
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from memoria.names import InvalidName, evidence, parse

# the name engine's own patronymic endings and words (ұлы, uly), in its phonetic alphabet
from memoria.names.normalize import _PATRONYMIC_END, _PATRONYMIC_WORDS

#: Prior log-odds of two people sharing name keys being one person, before any fact is read.
PRIOR = -2.0
#: Name evidence (memoria.names.evidence) from which the names agree. Agreeing names weigh
#: NAME_AGREES, growing by NAME_GAIN per unit of evidence above it, up to NAME_AGREES +
#: 0.35 x NAME_GAIN for names spelled alike: with the prior, a whole name alone scores at most
#: 0.78, just above the default threshold (0.7) — a whole name is shared by namesakes, so a
#: name that agrees less, or a surname with an initial, needs a date, a place, a unit, an event
#: or a source that agrees too. Below it, each unit of evidence missing costs NAME_LOSS.
#: The weights are set by hand and checked with `memoria duplicates-bench`.
NAMES_AGREE = 0.65
NAME_AGREES, NAME_GAIN, NAME_LOSS, NAME_MIN = 1.5, 5.0, 14.0, -6.0
#: A side that gives a single name (a surname alone) cannot tell namesakes apart: its name
#: agreement counts at most this much.
SINGLE_NAME_MAX = 0.0
#: A surname with an initial agrees with a whole name, or another surname with that initial:
#: one given name in ten or twenty shares an initial, so such an agreement tells namesakes
#: apart far less than whole names do — at most this much (with the prior, a date or a place
#: that agrees must come with it).
INITIAL_NAME_MAX = 1.5
#: A patronymic on both sides that differs (Иван Петрович / Иван Сергеевич): two men.
PATRONYMIC_DIFFERS = -4.0
PATRONYMIC_AGREES = 0.5
#: Similarity of the fathers' names (patronymic endings cut, the shorter's length) to agree.
PATRONYMIC_STEMS_AGREE = 0.75
#: Dates: agreeing (intervals overlap) / one year apart (a copying slip) / further apart.
BIRTH_SAME_DAY, BIRTH_AGREES, BIRTH_ONE_YEAR, BIRTH_DIFFERS = 3.0, 2.0, -1.5, -6.0
#: ... and when one of the two dates gives the year alone ("1927", "1927" / "1927-03-02"): in an
#: archive of a million people thousands are born in any year, so a year in common tells
#: namesakes apart far less than a day or a month does.
BIRTH_YEAR_AGREES = 1.5
DEATH_SAME_DAY, DEATH_AGREES, DEATH_ONE_YEAR, DEATH_DIFFERS = 1.5, 1.0, -1.0, -4.0
#: Places: the same place, or two places (no hierarchy in the archive) that differ — which a
#: district against its village also does, hence a mild weight.
BIRTHPLACE_SAME, BIRTHPLACE_DIFFERS = 2.0, -2.0
DEATHPLACE_SAME, DEATHPLACE_DIFFERS = 1.0, -0.5
UNIT_SHARED, UNITS_DISJOINT = 1.5, -0.5
EVENT_SHARED = 0.75
SOURCE_SHARED = 0.5
SEX_DIFFERS = -8.0


@dataclass(frozen=True)
class Dated:
    """An EDTF date as the interval of days it can mean, with its text for the reasons."""
    text: str
    lower: datetime.date | None
    upper: datetime.date | None

    @property
    def known(self) -> bool:
        return self.lower is not None or self.upper is not None


@dataclass(frozen=True)
class PersonFacts:
    """What the scoring reads of one person. Places, units, events and sources are
    {id: label}; `names` every spelling (display names and name variants)."""
    id: int
    names: tuple[str, ...]
    external_id: str | None = None
    sex: str = "unknown"
    birth: Dated | None = None
    death: Dated | None = None
    birth_place: tuple[int, str] | None = None
    death_place: tuple[int, str] | None = None
    units: dict[int, str] = field(default_factory=dict)
    events: dict[int, str] = field(default_factory=dict)
    sources: dict[int, str] = field(default_factory=dict)


def score_pair(a: PersonFacts, b: PersonFacts) -> tuple[float, list[str]]:
    """(probability that `a` and `b` are one person, the reasons in plain English)."""
    total = PRIOR
    reasons: list[str] = []
    for weight, reason in (_names(a, b), _sex(a, b),
                           _date("born", "birth", a.birth, b.birth, BIRTH_SAME_DAY, BIRTH_AGREES,
                                 BIRTH_ONE_YEAR, BIRTH_DIFFERS, BIRTH_YEAR_AGREES),
                           _date("died", "death", a.death, b.death, DEATH_SAME_DAY, DEATH_AGREES,
                                 DEATH_ONE_YEAR, DEATH_DIFFERS),
                           _place("born", "birthplaces", a.birth_place, b.birth_place,
                                  BIRTHPLACE_SAME, BIRTHPLACE_DIFFERS),
                           _place("died", "places of death", a.death_place, b.death_place,
                                  DEATHPLACE_SAME, DEATHPLACE_DIFFERS),
                           _shared("unit", a.units, b.units, UNIT_SHARED, UNITS_DISJOINT),
                           _shared("event", a.events, b.events, EVENT_SHARED, 0.0),
                           _shared("source", a.sources, b.sources, SOURCE_SHARED, 0.0)):
        total += weight
        if reason:
            reasons.append(reason)
    return round(1.0 / (1.0 + math.exp(-total)), 3), reasons


def _names(a: PersonFacts, b: PersonFacts) -> tuple[float, str]:
    best, pair = 0.0, None
    whole = -1.0  # the best evidence between two spellings that both give whole names
    for x in a.names:
        for y in b.names:
            e = evidence(x, y)
            # equal evidence: show two spellings that differ, that is the news
            if e > best or (e == best and pair and pair[0] == pair[1] and x != y):
                best, pair = e, (x, y)
            if e > whole and _whole_name(x) and _whole_name(y):
                whole = e
    if pair is None:
        return NAME_MIN, "no name to compare"
    weight = _name_weight(best)
    by_initial = False
    if whole < best:
        # the best agreement reads an initial for a name: weigh it as an initial at most,
        # unless two whole names agree well enough on their own
        capped = max(min(weight, INITIAL_NAME_MAX), _name_weight(whole) if whole >= 0 else NAME_MIN)
        by_initial = capped < weight
        weight = capped
    single = _single_name(a.names) or _single_name(b.names)
    if single:
        weight = min(weight, SINGLE_NAME_MAX)
    patronymic = _patronymics(a.names, b.names)
    spelled = f"{pair[0]} ~ {pair[1]}" if pair[0] != pair[1] else pair[0]
    if best >= NAMES_AGREE:
        reason = f"names agree: {spelled} ({best:.2f})"
    else:
        reason = f"names differ: {spelled} ({best:.2f})"
    if single:
        reason += "; one record gives a single name"
    elif by_initial and best >= NAMES_AGREE:
        reason += "; a given name is an initial only"
    if patronymic is not None:
        agrees, pa, pb = patronymic
        if agrees:
            weight += PATRONYMIC_AGREES
        else:
            weight += PATRONYMIC_DIFFERS
            reason += f"; patronymics differ: {pa} / {pb}"
    return weight, reason


def _name_weight(e: float) -> float:
    if e >= NAMES_AGREE:
        return NAME_AGREES + NAME_GAIN * (e - NAMES_AGREE)
    return max(NAME_MIN, NAME_LOSS * (e - NAMES_AGREE))


@functools.lru_cache(maxsize=100_000)
def _whole_name(text: str) -> bool:
    """Whether a spelling gives two or more names in full (patronymics and initials aside)."""
    try:
        return sum(1 for t in parse(text) if not t.patronymic and not t.initial) > 1
    except InvalidName:
        return False


def _single_name(names) -> bool:
    """Whether no spelling gives more than one name or initial (patronymics aside)."""
    for text in names:
        try:
            if sum(1 for t in parse(text) if not t.patronymic) > 1:
                return False
        except InvalidName:
            continue
    return True


def _patronymics(names_a, names_b) -> tuple[bool, str, str] | None:
    """Whether the patronymics agree, when both sides give one; else None. Compared by the
    father's name they hold, so Владимирович, Владимир ұлы and Vladimirovich agree."""
    pa = _patronymic_tokens(names_a)
    pb = _patronymic_tokens(names_b)
    if not pa or not pb:
        return None
    best = max(((_stem_similarity(x, y), x, y) for x in pa for y in pb), key=lambda t: t[0])
    return best[0] >= PATRONYMIC_STEMS_AGREE, best[1].text, best[2].text


def _patronymic_tokens(names) -> list:
    out = []
    for text in names:
        try:
            out += [t for t in parse(text) if t.patronymic and not _PATRONYMIC_WORDS & set(t.forms)]
        except InvalidName:
            continue
    return out


def _stems(token) -> set[str]:
    out = set()
    for form in token.forms:
        for end in _PATRONYMIC_END:
            if form.endswith(end) and len(form) - len(end) >= 3:
                form = form[:-len(end)]
                break
        out.add(form)
    return out


def _stem_similarity(x, y) -> float:
    return max(Levenshtein.normalized_similarity(a[:len(b)], b[:len(a)])
               for a in _stems(x) for b in _stems(y))


def _sex(a: PersonFacts, b: PersonFacts) -> tuple[float, str]:
    known = {"male", "female"}
    if a.sex in known and b.sex in known and a.sex != b.sex:
        return SEX_DIFFERS, f"sex differs: {a.sex} / {b.sex}"
    return 0.0, ""


def _date(verb: str, noun: str, x: Dated | None, y: Dated | None,
          same_day: float, agrees: float, one_year: float, differs: float,
          year_only: float | None = None) -> tuple[float, str]:
    if not (x and y and x.known and y.known):
        return 0.0, ""
    lo = max(d for d in (x.lower, y.lower) if d) if (x.lower or y.lower) else None
    hi = min(d for d in (x.upper, y.upper) if d) if (x.upper or y.upper) else None
    if lo is None or hi is None or lo <= hi:  # the intervals overlap: the dates may be one day
        if x.lower == x.upper == y.lower == y.upper:
            return same_day, f"{verb} {x.text} in both"
        if year_only is not None and (_span_days(x) > 31 or _span_days(y) > 31):
            agrees = year_only
        if x.text == y.text:
            return agrees, f"{verb} {x.text} in both"
        return agrees, f"{noun} dates agree: {x.text} / {y.text}"
    gap_years = (lo - hi).days / 365.25
    if gap_years <= 1.0:
        return one_year, f"{noun} dates differ slightly: {x.text} / {y.text}"
    return differs, f"{noun} dates differ: {x.text} / {y.text}"


def _span_days(d: Dated) -> int:
    """How many days a date can mean (an open end counts as unbounded)."""
    return (d.upper - d.lower).days if d.lower and d.upper else 1_000_000


def _place(verb: str, noun: str, x: tuple[int, str] | None, y: tuple[int, str] | None,
           same: float, differs: float) -> tuple[float, str]:
    if not (x and y):
        return 0.0, ""
    if x[0] == y[0] or folded(x[1]) == folded(y[1]):
        return same, f"{verb} in {x[1]} in both"
    return differs, f"{noun} differ: {x[1]} / {y[1]}"


def folded(text: str) -> str:
    return " ".join(text.casefold().split())


def _shared(kind: str, x: dict[int, str], y: dict[int, str], each: float,
            disjoint: float) -> tuple[float, str]:
    if not (x and y):
        return 0.0, ""
    common = sorted(x.keys() & y.keys())
    if not common:
        return disjoint, (f"no {kind} in common" if disjoint else "")
    labels = ", ".join(x[k] for k in common[:3])
    plural = "s" if len(common) > 1 else ""
    return each * min(len(common), 2), f"{kind}{plural} in common: {labels}"
