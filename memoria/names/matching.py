"""Search keys, similarity and an in-memory index of name variants.

Search pipeline (the same for :class:`NameIndex` and for a database table of
``(variant_id, key)`` rows):

1. ``query_keys(query)`` -> keys;
2. candidates = variants sharing at least one key (a ``key IN (...)`` look-up), counted by the
   number of keys they share; keep the ``max_candidates`` best-counted. Keys are looked up
   rarest first, and a key held by more than ``common_key_size`` variants is skipped once
   ``max_candidates`` candidates are found (in SQL: skip keys whose count is above it);
3. ``rank_candidates(query, candidates)`` -> ``[(id, score)]`` sorted by ``similarity``;
   ``match_candidates`` gives each its ``evidence`` too, which decides what is shown.

Two measures of two names, for two jobs:

* ``similarity`` orders candidates: every bit of likeness counts, so that a spelling far from
  the query (Aeschylus/Эсхил) still ranks above names that share less with it;
* ``evidence`` decides whether a candidate (one with a similarity of at least ``MIN_SCORE``)
  is held to be the same name (``is_confident``) or only like it: each token counts only with
  the part of its similarity above what two different names reach by chance
  (``CHANCE_SIMILARITY``). Kabysh Omarov and Kassym-Jomart Tokayev have a similarity of 0.62 —
  Kabysh/Kassym 0.69 and Omarov/Jomart 0.64, the likeness of any two names with common
  letters — and an evidence of 0.31.

Errors: ``name_keys``/``query_keys``/``NameIndex.add`` raise :class:`InvalidName` when the
input holds no name; ``similarity`` returns 0.0, ``rank_candidates`` and ``NameIndex.search``
return ``[]`` (or skip the bad candidate) instead. Nothing else is raised for ``str`` input.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable
from functools import lru_cache
from typing import NamedTuple

from anyascii import anyascii
from rapidfuzz.distance import JaroWinkler, Levenshtein

from .normalize import MAX_INPUT_CHARS, InvalidName, Token, parse, token_keys
from .phonetic import skeleton

#: Weight of a token in a whole-name score.
W_NAME, W_INITIAL, W_PATRONYMIC = 1.0, 0.5, 0.35
#: Score of an initial against a full token usually starting with that letter / that may
#: start with it in another convention (Г. for Herodotus, Z. for Жанибек).
INITIAL_MATCH, INITIAL_LOOSE = 0.8, 0.7
#: Share of an unmatched token's weight (on the side with more tokens) that counts against.
UNMATCHED_EXTRA = 0.15
#: Cost of reading a token by a less likely convention (see phonetic.py: first form = likeliest).
ALT_READING_COST = 0.02
#: Similarity two different name tokens reach by chance, from common letters in a similar
#: order: the median over different names that share a search key in the names-bench dev set,
#: while 99.9 % of the pairs of spellings of one name score above it.
CHANCE_SIMILARITY = 0.5
#: Similarity below which a candidate shares a search key, not a name: it is not shown.
MIN_SCORE = 0.55
#: Evidence from which two names are held to be spellings of one name: every token agrees, or
#: an initial stands for the other's name. Below it (a namesake sharing only the surname, a
#: name spelled far apart such as François/Франсуа) a candidate is "less alike": shown apart
#: from the matches, if at all.
CONFIDENT_EVIDENCE = 0.65
#: Default number of candidates (best by shared keys) that are scored.
MAX_CANDIDATES = 200
#: Candidates are ordered by shared keys; a shared pair key counts this much.
PAIR_KEY_WEIGHT = 4
#: A key shared by more names than this is only looked up while candidates are still few.
COMMON_KEY_SIZE = 5000


def name_keys(text: str) -> list[str]:
    """Search keys of one name variant (sorted, deduplicated, each <= 26 characters).

    Per token and per phonetic reading: the fine form (``f…``), the loose consonant skeleton
    (``s…``), its first three classes (``p…``) and the one-deletion variants of its first
    four (``d…``); a patronymic next to other tokens only its fine forms; per pair of tokens
    the usual first letter of one with the skeleton of the other (``n…``); initials give no
    key of their own.
    Raises :class:`InvalidName` for input without a name."""
    toks = parse(text)
    keys: set[str] = set()
    weak = any(not (t.initial or t.patronymic) for t in toks)
    for tk in toks:
        keys |= token_keys(tk, weak)
    # pair keys: first letter of one token + skeleton of another ("A. Koishybayev" meets
    # "Koishybayev Abdilla" on a key far rarer than the surname's own keys)
    main = [t for t in toks if not t.patronymic][:4]
    if len(main) > 1:
        for b in main:
            if b.initial:
                continue
            sks = _pair_skeletons(b.forms)
            for a in main:
                if a is not b:
                    first = "n" + a.first
                    keys.update([first + sk for sk in sks])
    if not keys:  # only initials: key on the initial letters
        keys = {"i" + "".join(sorted(tk.firsts)) for tk in toks}
    return sorted(keys)


@lru_cache(maxsize=200_000)
def _pair_skeletons(forms: tuple[str, ...]) -> tuple[str, ...]:
    """The skeletons a token gives the pair keys: those of its two likeliest readings."""
    return tuple({skeleton(f)[:12] for f in forms[:2]})


def whole_name_groups(text: str) -> list[list[str]]:
    """What another spelling of the same whole name shares with this one, token by token: one
    group of keys per full token (its fine forms and skeletons: the whole token, no prefix or
    deletion key) and, when the name has initials, one of its pair keys (they carry the
    initials). A spelling holding a key of every group has every token of the name: a search
    looks those up first, before the counting of rare keys (candidates limited in number) can
    drop them among thousands of namesakes sharing one token. ``[]`` when the name has fewer
    than two groups. Raises :class:`InvalidName` for input without a name."""
    toks = parse(text)
    main = [t for t in toks if not t.patronymic][:4]
    groups = [sorted(k for k in token_keys(t) if k[0] in "fs") for t in main if not t.initial]
    if len(main) > len(groups):  # initials
        groups.append([k for k in name_keys(text) if k[0] == "n"])
    groups = [g for g in groups if g]
    return groups if len(groups) > 1 else []


def query_keys(text: str) -> list[str]:
    """Keys to look up for a query: the same as :func:`name_keys`."""
    return name_keys(text)


def _weight(tk: Token) -> float:
    if tk.initial:
        return W_INITIAL
    if tk.patronymic:
        return W_PATRONYMIC
    return W_NAME


@lru_cache(maxsize=500_000)
def _form_sim(fa: tuple[str, ...], fb: tuple[str, ...]) -> float:
    """Best similarity over the phonetic readings of two tokens; a reading other than the
    most likely one (the first) costs ALT_READING_COST."""
    best = 0.0
    for i, x in enumerate(fa):
        for j, y in enumerate(fb):
            s = (0.5 * JaroWinkler.normalized_similarity(x, y)
                 + 0.5 * Levenshtein.normalized_similarity(x, y)
                 - ALT_READING_COST * ((i > 0) + (j > 0)))
            if s > best:
                best = s
    return max(0.0, min(1.0, best))


def token_similarity(a: Token, b: Token) -> float:
    if a.initial or b.initial:
        if a.first == b.first:
            return 1.0 if (a.initial and b.initial) else INITIAL_MATCH
        if a.firsts & b.firsts:
            return INITIAL_LOOSE
        return 0.0
    return _form_sim(a.forms, b.forms)


def token_evidence(a: Token, b: Token) -> float:
    """The part of ``token_similarity`` above chance, rescaled to [0, 1]."""
    return _above_chance(token_similarity(a, b))


def _above_chance(s: float) -> float:
    return max(0.0, (s - CHANCE_SIMILARITY) / (1.0 - CHANCE_SIMILARITY))


def is_confident(evidence: float) -> bool:
    """Whether a name is held to be a spelling of the other (see CONFIDENT_EVIDENCE)."""
    return evidence >= CONFIDENT_EVIDENCE


def _pair_values(ta: tuple[Token, ...], tb: tuple[Token, ...],
                 token_sim: Callable[[Token, Token], float] = token_similarity) -> list[tuple[float, int, int]]:
    """(value, i, j) of each pair of tokens whose value is above zero."""
    out = []
    for i, a in enumerate(ta):
        for j, b in enumerate(tb):
            s = token_sim(a, b)
            if s > 0.0:
                out.append((s, i, j))
    return out


def _weights(toks: tuple[Token, ...]) -> list[float]:
    return [_weight(t) for t in toks]


def _combined(values: list[tuple[float, int, int]], wa: list[float], wb: list[float]) -> float:
    """The whole-name figure from its token pairs' values (``_pair_values``) and the tokens'
    weights: the best pairs taken greedily, each token at most once, weighted; unmatched
    tokens count against."""
    na, nb = len(wa), len(wb)
    if na == 1 and nb == 1:
        return values[0][0] if values else 0.0
    pairs = [(s * (wa[i] if wa[i] < wb[j] else wb[j]), s, i, j) for s, i, j in values]
    pairs.sort(reverse=True)
    free_a, free_b = [True] * na, [True] * nb
    num = 0.0
    den = 0.0
    for _sw, s, i, j in pairs:
        if free_a[i] and free_b[j]:
            free_a[i] = free_b[j] = False
            w = wa[i] if wa[i] > wb[j] else wb[j]
            num += s * w
            den += w
    # unmatched tokens: on the side with fewer tokens they count fully (a zero match), on the
    # other side only UNMATCHED_EXTRA of their weight (a name may be given in part)
    ra = sum([wa[k] for k in range(na) if free_a[k]])
    rb = sum([wb[k] for k in range(nb) if free_b[k]])
    if na < nb:
        den += ra + UNMATCHED_EXTRA * rb
    elif nb < na:
        den += rb + UNMATCHED_EXTRA * ra
    else:
        den += max(ra, rb) + UNMATCHED_EXTRA * min(ra, rb)
    return num / den if den else 0.0


def _tokens_similarity(ta: tuple[Token, ...], tb: tuple[Token, ...],
                       token_sim: Callable[[Token, Token], float] = token_similarity) -> float:
    return _combined(_pair_values(ta, tb, token_sim), _weights(ta), _weights(tb))


def _evidence_of(similarities: list[tuple[float, int, int]], wq: list[float], tc: tuple[Token, ...]) -> float:
    """``_tokens_similarity(tq, tc, token_evidence)`` from the pairs' similarities already
    computed (`wq`: the query's weights): a search scores each candidate once and derives its
    evidence from the same pairs."""
    if len(wq) == 1 and len(tc) == 1:
        return _above_chance(similarities[0][0]) if similarities else 0.0
    values = []
    for s, i, j in similarities:
        e = _above_chance(s)
        if e > 0.0:
            values.append((e, i, j))
    return _combined(values, wq, _weights(tc))


def similarity(a: str, b: str) -> float:
    """How likely two name strings are the same name, in [0, 1]. Token order is free; an
    initial matches a token with the same first sound; patronymics weigh less; extra tokens on
    one side cost a little. 0.0 when either string holds no name."""
    try:
        ta, tb = parse(a), parse(b)
    except InvalidName:
        return 0.0
    return _tokens_similarity(ta, tb)


def evidence(a: str, b: str) -> float:
    """How much says that two name strings are one name, in [0, 1]: ``similarity`` with each
    token counting only above chance (``token_evidence``). 0.0 when either holds no name."""
    try:
        ta, tb = parse(a), parse(b)
    except InvalidName:
        return 0.0
    return _tokens_similarity(ta, tb, token_evidence)


class NameMatch(NamedTuple):
    id: Hashable
    score: float     # similarity: the order, and shown from MIN_SCORE on
    evidence: float  # a match when is_confident(), else "less alike"


def match_candidates(query: str, candidates: Iterable[tuple[Hashable, str]],
                     limit: int | None = None) -> list[NameMatch]:
    """The candidates a search shows: ``rank_candidates`` from MIN_SCORE on, each with its
    evidence; best score first."""
    try:
        tq = parse(query)
    except InvalidName:
        return []
    out = []
    wq = _weights(tq)
    for cid, score, tc, similarities in _scored(query, tq, candidates):
        if score < MIN_SCORE:
            break  # best first
        out.append(NameMatch(cid, score, _evidence_of(similarities, wq, tc)))
        if limit is not None and len(out) == limit:
            break
    return out


def rank_candidates(query: str, candidates: Iterable[tuple[Hashable, str]],
                    limit: int | None = None) -> list[tuple[Hashable, float]]:
    """Score ``(id, text)`` candidates against ``query``; best first (ties by input order).
    Candidates without a name are skipped; a query without a name gives ``[]``."""
    try:
        tq = parse(query)
    except InvalidName:
        return []
    res = [(cid, score) for cid, score, _tc, _sims in _scored(query, tq, candidates)]
    return res if limit is None else res[:limit]


def _scored(query: str, tq: tuple[Token, ...], candidates: Iterable[tuple[Hashable, str]]
            ) -> list[tuple[Hashable, float, tuple[Token, ...], list[tuple[float, int, int]]]]:
    """(id, similarity, tokens, the token pairs' similarities) of each candidate, best first."""
    out = []
    wq = _weights(tq)
    one = len(tq) == 1
    for cid, text in candidates:
        try:
            tc = parse(text)
        except InvalidName:
            continue
        if one and len(tc) == 1:  # one token each, the most common case: no pairing to do
            score = token_similarity(tq[0], tc[0])
            similarities = [(score, 0, 0)] if score > 0.0 else []
        else:
            similarities = _pair_values(tq, tc)
            score = _combined(similarities, wq, _weights(tc))
        out.append((cid, score, text, tc, similarities))
    # equal scores: the spelling closer to the query's own letters first
    qs = _surface(query)
    out.sort(key=lambda x: (-x[1], -JaroWinkler.normalized_similarity(qs, _surface(x[2]))))
    return [(cid, score, tc, similarities) for cid, score, _text, tc, similarities in out]


@lru_cache(maxsize=200_000)
def _surface(text: str) -> str:
    return anyascii(text[:MAX_INPUT_CHARS]).lower()


class NameIndex:
    """In-memory key index of name variants (dict of key -> ids), same pipeline as the DB."""

    def __init__(self, max_candidates: int = MAX_CANDIDATES,
                 common_key_size: int = COMMON_KEY_SIZE):
        self.max_candidates = max_candidates
        self.common_key_size = common_key_size
        self._postings: dict[str, set] = defaultdict(set)
        self._names: dict[Hashable, tuple[str, tuple[str, ...], object]] = {}

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, id_: Hashable) -> bool:
        return id_ in self._names

    def add(self, id_: Hashable, text: str, group: object = None) -> None:
        """Index ``text`` under ``id_`` (replacing an older entry with the same id).
        Raises :class:`InvalidName` if ``text`` holds no name."""
        keys = tuple(name_keys(text))
        if id_ in self._names:
            self.remove(id_)
        self._names[id_] = (text, keys, group)
        for k in keys:
            self._postings[k].add(id_)

    def remove(self, id_: Hashable) -> None:
        entry = self._names.pop(id_, None)
        if entry is None:
            return
        for k in entry[1]:
            ids = self._postings.get(k)
            if ids is not None:
                ids.discard(id_)
                if not ids:
                    del self._postings[k]

    def text(self, id_: Hashable) -> str:
        return self._names[id_][0]

    def group(self, id_: Hashable) -> object:
        return self._names[id_][2]

    def candidates(self, text: str, exclude: Iterable[Hashable] = ()) -> list[Hashable]:
        """Ids sharing keys with ``text``, the ``max_candidates`` sharing most keys."""
        try:
            keys = query_keys(text)
        except InvalidName:
            return []
        excl = exclude if isinstance(exclude, (set, frozenset, dict)) else set(exclude)
        counts: Counter = Counter()
        postings = sorted((len(p), k, p) for k in keys if (p := self._postings.get(k)))
        for size, k, ids in postings:  # rarest keys first
            if size > self.common_key_size and len(counts) >= self.max_candidates:
                break  # a very common key adds nothing once enough candidates are found
            if k[0] == "n":  # a pair key stands for two tokens
                for i in ids:
                    counts[i] += PAIR_KEY_WEIGHT
            else:
                counts.update(ids)
        for e in excl:
            counts.pop(e, None)
        if len(counts) <= self.max_candidates:
            return list(counts)
        return [i for i, _ in counts.most_common(self.max_candidates)]

    def search(self, text: str, limit: int | None = 10,
               exclude: Iterable[Hashable] = ()) -> list[tuple[Hashable, float]]:
        """Best matches for ``text`` as ``[(id, score)]``, best first; ``[]`` for input
        without a name. ``exclude``: ids to leave out."""
        cands = self.candidates(text, exclude)
        return rank_candidates(text, ((c, self._names[c][0]) for c in cands), limit)

    def matches(self, text: str, limit: int | None = 10,
                exclude: Iterable[Hashable] = ()) -> list[NameMatch]:
        """What a search shows for ``text``: the candidates with enough evidence, best
        score first, each with its evidence (``is_confident`` tells the matches)."""
        cands = self.candidates(text, exclude)
        return match_candidates(text, ((c, self._names[c][0]) for c in cands), limit)
