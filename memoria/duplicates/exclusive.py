"""One record, two people: a record that matches two people who cannot be one is ambiguous.

A record with a name and little else ("Омаров Кабыш", no date) scores high against every
Omarov Kabysh in the archive. When two of its partners cannot be one person — their own facts
other than the names keep them apart (prefilter.py's bound: birth years far apart, another
sex, other birthplaces) —, at most one of the links is right. The links are then read as
competing hypotheses (the record is the first, the second, or neither): each pair's odds are
divided by one plus the odds of its strongest rival, so a link stays proposed only when it
clearly beats the other (a birth date that agrees against a name alone), and two equal links
both fall under the threshold. This is the one-to-one constraint of record linkage, applied
to the candidates the run found, without reading anything more from the database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import numpy as np

_EPS = 1e-9  # keeps the odds of a score of 1.0 finite


def _odds(p: float) -> float:
    return p / max(_EPS, 1.0 - p)


def resolve(scores: dict[tuple[int, int], float],
            apart: Callable[[np.ndarray], np.ndarray]) -> dict[tuple[int, int], float]:
    """New scores for `scores` ({(a, b): score}, the pairs a run found from its threshold on):
    `apart(pairs)` says, for an (n, 2) array of person ids, which pairs cannot be one person.
    Pairs with no rival keep their score."""
    return {pair: score for pair, (score, _rival) in rivals(scores, apart).items()}


def rivals(scores: dict[tuple[int, int], float], apart: Callable[[np.ndarray], np.ndarray]
           ) -> dict[tuple[int, int], tuple[float, tuple[int, int] | None]]:
    """resolve(), with the strongest rival link of each pair whose score it lowered."""
    partners: dict[int, list[int]] = defaultdict(list)
    for a, b in scores:
        partners[a].append(b)
        partners[b].append(a)
    # every two partners of one record, asked once
    rivals = sorted({(min(x, y), max(x, y)) for ps in partners.values() if len(ps) > 1
                     for i, x in enumerate(ps) for y in ps[i + 1:]})
    if not rivals:
        return {pair: (score, None) for pair, score in scores.items()}
    checked = np.array(rivals, dtype=np.int64)
    conflict = {pair for pair, far in zip(rivals, apart(checked)) if far}
    out = {}
    for (a, b), score in scores.items():
        rival, strongest = 0.0, None
        for me, other in ((a, b), (b, a)):
            for c in partners[me]:
                link = (min(me, c), max(me, c))
                if c != other and (min(c, other), max(c, other)) in conflict and _odds(scores[link]) > rival:
                    rival, strongest = _odds(scores[link]), link
        if strongest:
            odds = _odds(score)
            score = round(odds / (1.0 + odds + rival), 3)
        out[(a, b)] = (score, strongest)
    return out
