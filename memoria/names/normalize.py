"""Cleaning and tokenising of name strings.

Public functions never raise anything but :class:`InvalidName` (a ``ValueError``), and only
where documented.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from anyascii import anyascii

from .phonetic import skeleton, token_forms

#: Raw input is cut to this many characters before any work (a name is never this long).
MAX_INPUT_CHARS = 512
#: At most this many tokens of a name are used (more are dropped from the end).
MAX_TOKENS = 8
#: Tokens are cut to this many characters.
MAX_TOKEN_CHARS = 40


class InvalidName(ValueError):
    """The input holds no usable name: nothing is left after normalisation (empty string,
    only punctuation, digits, emoji, control characters...)."""


_APOSTROPHES = dict.fromkeys(map(ord, "’ʼʻ`´ʹʺ‘′"), "'")
_TOKEN_RE = re.compile(r"[^\W\d_](?:[^\W\d_]|')*\.?")

# Patronymic endings, on fine forms (see phonetic.py): -ович/-ovich/-ovitch/-owitsch,
# -евич, -ична, -овна/-евна, Kazakh -ұлы/-uly, -қызы/-kyzy, Turkic -оглы/-oglu.
_PATRONYMIC_END = ("oviQ", "eviQ", "iQ", "ovna", "evna", "iQna", "uli", "ulu", "kizi", "ogli",
                   "oglu", "kisi")
_PATRONYMIC_WORDS = frozenset(("uli", "ulu", "kizi", "ogli", "oglu", "kisi"))


class _DroppingTable(dict):
    """A str.translate table that deletes the characters `drop(c)` says and keeps the rest,
    learning each character once: the per-character tests run once per distinct character
    instead of once per character of every name (a bulk load cleans millions of names)."""

    def __init__(self, drop, fixed: dict[int, str] | None = None):
        super().__init__(fixed or {})
        self._drop = drop

    def __missing__(self, code: int):
        value = None if self._drop(chr(code)) else code
        self[code] = value
        return value


# Control and format characters (incl. bidi marks) go, tabs and newlines stay; apostrophes unify.
_CLEAN_TABLE = _DroppingTable(lambda c: unicodedata.category(c)[0] == "C" and c not in "\t\n", _APOSTROPHES)
# Combining marks that did not compose.
_COMBINING_TABLE = _DroppingTable(unicodedata.combining)


def clean(text: str) -> str:
    """Unicode-normalise (NFKC), lower-case, unify apostrophes, cut to MAX_INPUT_CHARS and
    drop control/format characters (incl. bidi marks). Never raises for a ``str``."""
    if not isinstance(text, str):
        raise InvalidName("a name must be a string")
    text = text[: MAX_INPUT_CHARS * 2]
    if not text.isascii():  # NFKC leaves ASCII as it is
        text = unicodedata.normalize("NFKC", text)
    text = text.translate(_CLEAN_TABLE).lower()
    if not text.isascii():  # no ASCII character is a combining mark
        text = text.translate(_COMBINING_TABLE)
    return text[:MAX_INPUT_CHARS]


def tokenize(text: str) -> list[str]:
    """Word tokens of a cleaned name: letters (and inner apostrophes), an optional trailing
    dot kept to mark initials. Hyphens, commas, digits, symbols separate tokens."""
    toks = []
    for t in _TOKEN_RE.findall(text):
        t = t.strip("'")
        if t and t != ".":
            toks.append(t[:MAX_TOKEN_CHARS] if not t.endswith(".") else t)
    return toks[:MAX_TOKENS]


def normalize(text: str) -> str:
    """A readable normal form: cleaned tokens joined by one space.

    Raises :class:`InvalidName` when nothing is left."""
    toks = tokenize(clean(text))
    if not toks:
        raise InvalidName(f"no name in {text[:40]!r}")
    return " ".join(toks)


@lru_cache(maxsize=200_000)
def detect_script(text: str) -> str:
    """'Cyrl', 'Latn', 'mixed' (both), 'other' (letters of other scripts) or 'none'.
    Kept per text: a search compares the script of each candidate spelling it holds."""
    cyr = lat = other = 0
    for c in text[:MAX_INPUT_CHARS]:
        if not c.isalpha():
            continue
        if "\u0400" <= c <= "\u052f" or "\u1c80" <= c <= "\u1c8f" or "\ua640" <= c <= "\ua69f":
            cyr += 1
        elif c < "\u0250" or "\u1e00" <= c <= "\u1eff":
            lat += 1
        else:
            other += 1
    if cyr and lat:
        return "Cyrl" if cyr >= 4 * lat else "Latn" if lat >= 4 * cyr else "mixed"
    if cyr:
        return "Cyrl"
    if lat:
        return "Latn"
    return "other" if other else "none"


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    forms: tuple[str, ...]      # fine phonetic forms
    initial: bool               # "A." or a single letter
    patronymic: bool
    firsts: frozenset[str]      # Latin letters the token may begin with (for initials)
    first: str                  # the Latin letter it most usually begins with


def _is_patronymic(forms: tuple[str, ...]) -> bool:
    for f in forms:
        if f in _PATRONYMIC_WORDS:
            return True
        if len(f) >= 6 and f.endswith(_PATRONYMIC_END):
            return True
    return False


# Latin letters a word may begin with, by its first fine symbol, over the conventions
# (Ж: Zh/J/Dzh/Sch/Ž; Х: Kh/H/Ch/X; Г: G, or H for foreign names; Е: E/Ye/Je/Ie ...)
_FIRST_LETTERS = {
    "a": "a", "e": "eyji", "i": "iyje", "o": "o", "u": "uowy", "b": "b", "v": "vw", "f": "f",
    "g": "gh", "h": "khcxg", "d": "d", "t": "t", "z": "zs", "s": "sz", "k": "kcq", "l": "l",
    "m": "m", "n": "n", "r": "r", "p": "p", "S": "sc", "Q": "ct", "J": "zjdsg", "C": "tcz",
}


def _first_letters(word: str, forms: tuple[str, ...], initial: bool) -> frozenset[str]:
    first = word[:1]
    if "a" <= first <= "z" or first in "ıäöüéèàç":
        lat = anyascii(first).lower()[:1]
        if initial:
            return frozenset(lat)
        out = set(lat)
    else:
        out = set()
    for f in forms:
        out.update(_FIRST_LETTERS.get(f[0], f[0]))
    return frozenset(out)


def _is_cyr_letter(c: str) -> bool:
    return "\u0400" <= c <= "\u052f"


@lru_cache(maxsize=200_000)
def make_token(tok: str) -> Token | None:
    dotted = tok.endswith(".")
    word = tok.rstrip(".")
    forms = token_forms(word)
    if not forms:
        return None
    nletters = len(word)
    initial = nletters == 1 or (dotted and nletters <= 2)
    firsts = _first_letters(word, forms, initial)
    lat0 = anyascii(word[:1]).lower()[:1]
    if not ("a" <= lat0 <= "z") or _is_cyr_letter(word[:1]):
        lat0 = _FIRST_LETTERS.get(forms[0][0], "?")[0]
    return Token(word, forms, initial, (not initial) and _is_patronymic(forms), firsts, lat0)


@lru_cache(maxsize=200_000)
def parse(text: str) -> tuple[Token, ...]:
    """Tokens of a name. Raises :class:`InvalidName` if there are none."""
    toks = []
    for t in tokenize(clean(text)):
        tk = make_token(t)
        if tk is not None:
            toks.append(tk)
    if not toks:
        raise InvalidName(f"no name in {text[:40]!r}")
    # "Ғабит ұлы", "Gabit uly": the word before a separate ұлы/қызы/uly is the father's name
    for i in range(1, len(toks)):
        if not _PATRONYMIC_WORDS.isdisjoint(toks[i].forms) and not toks[i - 1].initial:
            toks[i - 1] = replace(toks[i - 1], patronymic=True)
    return tuple(toks)


def token_keys(tk: Token, weak_patronymic: bool = False) -> frozenset[str]:
    """Keys of one token. ``weak_patronymic``: the name has other full tokens, so a
    patronymic only gets its exact phonetic forms as keys."""
    return _token_keys(tk.forms, tk.initial, tk.patronymic and weak_patronymic)


@lru_cache(maxsize=200_000)
def _token_keys(forms: tuple[str, ...], initial: bool, weak: bool) -> frozenset[str]:
    if initial:
        return frozenset()
    if weak:  # a patronymic beside other names is weak evidence: only its exact forms
        return frozenset("f" + f[:24] for f in forms[:2])
    keys: set[str] = set()
    for n, f in enumerate(forms):
        keys.add("f" + f[:24])
        sk = skeleton(f)
        keys.add("s" + sk[:12])
        keys.add("p" + sk[:3])
        # the 4-class prefix and its one-deletion neighbourhood, in one key space: two
        # prefixes one edit apart (insertion, deletion or substitution) share a key
        p4 = sk[:4]
        keys.add("d" + p4)
        if len(p4) >= 3 and n < 3:  # the likeliest readings only
            for i in range(len(p4)):
                keys.add("d" + p4[:i] + p4[i + 1:])
    return frozenset(keys)


__all__ = ["InvalidName", "clean", "tokenize", "normalize", "detect_script", "parse", "Token",
           "skeleton"]
