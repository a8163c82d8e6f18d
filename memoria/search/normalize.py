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
from dataclasses import dataclass
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


#: fold_char results as a str.translate table (by code point), for every character seen so far:
#: translate folds a text at C speed (a rebuild folds every record's words; the snippets fold
#: each result's text).
_TABLE: dict[int, str] = {}
_SEEN: set[str] = set()
#: The characters seen that do not fold to exactly one character ("ß" → "ss", marks → "").
_UNEVEN: set[str] = set()


def _learn(text: str) -> None:
    """Put the characters of `text` not seen yet into the translate table."""
    for ch in set(text).difference(_SEEN):
        _TABLE[ord(ch)] = part = fold_char(ch)
        if len(part) != 1:
            _UNEVEN.add(ch)
        _SEEN.add(ch)


def fold(text: str) -> str:
    """Folded text with single spaces between words."""
    _learn(text)
    return " ".join(text.translate(_TABLE).split())


def fold_with_map(text: str) -> tuple[str, list[int] | range]:
    """Folded text (not squeezed) and, for each folded character, its index in `text`."""
    _learn(text)
    if _UNEVEN.isdisjoint(text):  # the usual case: one folded character for each
        return text.translate(_TABLE), range(len(text))
    parts = [_TABLE[ord(ch)] for ch in text]
    origin: list[int] = []
    for index, part in enumerate(parts):
        origin.extend([index] * len(part))
    return "".join(parts), origin


_WORD = re.compile(r"\w+")


def terms(query: str) -> list[str]:
    """The words of a query, folded, each once, in order (at most MAX_TERMS)."""
    seen: list[str] = []
    for word in _WORD.findall(fold(query)):
        word = word.replace("_", "")[:MAX_TERM]
        if word and word not in seen:
            seen.append(word)
    return seen[:MAX_TERMS]


@dataclass(frozen=True)
class Query:
    """What a visitor typed, read as a search engine reads it: words (each must occur, the last
    ones also as a prefix), "quoted phrases" (these words, in this order), and words or phrases
    after a minus that must not occur (-word, -"a phrase")."""

    words: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    excluded: tuple[tuple[str, ...], ...] = ()

    @property
    def terms(self) -> list[str]:
        """The words to find and highlight, each once."""
        return list(dict.fromkeys([*self.words, *(w for phrase in self.phrases for w in phrase)]))

    @property
    def positive(self) -> bool:
        return bool(self.words or self.phrases)

    def __bool__(self) -> bool:
        return self.positive or bool(self.excluded)


#: A quoted phrase (an unclosed quote runs to the end), or a run of anything else; either may
#: follow a minus at the start of a token. Typographic quotes count: «», “”, „“.
_TOKEN = re.compile(r'(?:(?<=\s)|^)(-?)(?:["«“„]([^"»”“]*)["»”“]?|([^\s"«“„]+))')


def parse(query: str) -> Query:
    words: list[str] = []
    phrases: list[tuple[str, ...]] = []
    excluded: list[tuple[str, ...]] = []
    budget = MAX_TERMS
    for minus, quoted, plain in _TOKEN.findall(query):
        found = tuple(dict.fromkeys(terms(plain or quoted)))[:budget]
        if not found:
            continue
        budget -= len(found)
        if minus:
            excluded.append(found)
        elif not plain:  # quoted: these words in this order, whole (a quoted word is not a prefix)
            phrases.append(found)
        else:
            words.extend(w for w in found if w not in words)
        if budget <= 0:
            break
    return Query(tuple(words), tuple(phrases), tuple(excluded))
