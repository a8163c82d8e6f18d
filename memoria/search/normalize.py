"""Text folding for the full-text search: one form for the index, the query and the snippets.

SQLite's LIKE and lower() fold ASCII only, and FTS5's unicode61 tokenizer knows no Kazakh
or Russian case rules beyond its tables; PostgreSQL's 'simple' configuration lower-cases by
the database's locale. So the folding happens here, in Python, the same way for every
database: Unicode case folding, then compatibility decomposition with the combining marks
dropped ("Émetteur" → "emetteur", "РАДИО" → "радио", "Ё" → "е"), and anything that is not
a letter or a digit becomes a space. The index stores only folded text; queries are folded
the same way, so "résistance", "RESISTANCE" and "Résistance" are one word to the search.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Words longer than this are cut: nobody types them, and they bloat the index.
MAX_TERM = 40
#: Terms read from one query; more words only slow the search without narrowing it usefully.
MAX_TERMS = 8


@lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    """The folded form of one character: '' for marks, ' ' for separators."""
    out = []
    for part in unicodedata.normalize("NFKD", ch.casefold()):
        if unicodedata.combining(part):
            continue
        category = unicodedata.category(part)
        out.append(part if category[0] in "LN" else " ")
    return "".join(out)


def fold(text: str) -> str:
    """Folded text with single spaces between words."""
    return " ".join("".join(fold_char(ch) for ch in text).split())


#: fold_char results by character, read without a function call on the hot path.
_FOLDED: dict[str, str] = {}


def fold_with_map(text: str) -> tuple[str, list[int] | range]:
    """Folded text (not squeezed) and, for each folded character, its index in `text`."""
    folded = _FOLDED
    parts = [folded[ch] if ch in folded else folded.setdefault(ch, fold_char(ch)) for ch in text]
    joined = "".join(parts)
    if len(joined) == len(text) and all(len(part) == 1 for part in parts):  # the usual case
        return joined, range(len(text))
    origin: list[int] = []
    for index, part in enumerate(parts):
        origin.extend([index] * len(part))
    return joined, origin


_WORD = re.compile(r"\w+")


def terms(query: str) -> list[str]:
    """The words of a query, folded, each once, in order (at most MAX_TERMS)."""
    seen: list[str] = []
    for word in _WORD.findall(fold(query)):
        word = word.replace("_", "")[:MAX_TERM]
        if word and word not in seen:
            seen.append(word)
    return seen[:MAX_TERMS]
