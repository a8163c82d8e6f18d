"""The sentence a mention stands in: what a citation quotes, with its offsets in the full text.

A sentence ends at a line break, or at . ! ? … followed by a space and then a capital, a digit,
a quotation mark or a dash — unless the word before the full stop is an initial ("M. Nagumanov")
or a common abbreviation, which end no sentence.
"""

from __future__ import annotations

import re

_END = re.compile(r"[.!?…]+[\"”»’)]*\s+(?=[\"“«„‘(\-–—\d\w])|\n+")
#: Words that a full stop follows without ending the sentence (lower case, without the stop).
ABBREVIATIONS = {
    "gen", "col", "maj", "lt", "capt", "sgt", "st", "dr", "mr", "mrs", "no", "vol", "p", "pp", "cf", "e.g", "i.e",
    "г", "гг", "ст", "им", "т", "тов", "ген", "полк", "см", "с", "р", "обл",
    "ж", "жж", "б", "м",
    "m", "mme", "mlle", "av", "apr", "j.-c", "gén",
}


def _ends_sentence(text: str, match: re.Match) -> bool:
    if match.group().startswith("\n"):
        return True
    before = text[:match.start()]
    word = re.search(r"([\w.-]+)$", before)
    if word is None:
        return True
    token = word.group(1).lower()
    if len(token) == 1 and token.isalpha():
        return False  # an initial
    return token not in ABBREVIATIONS


def sentence_at(text: str, start: int, end: int) -> tuple[int, int]:
    """The offsets (code points, end exclusive) of the sentence holding text[start:end],
    without the spaces around it; a mention across sentences gets all of them."""
    begin, finish = 0, len(text)
    for match in _END.finditer(text):
        if not _ends_sentence(text, match):
            continue
        boundary_end = match.end()
        sentence_stop = match.start() + len(match.group().rstrip())
        if match.group().startswith("\n"):
            sentence_stop = match.start()
        if boundary_end <= start:
            begin = boundary_end
        elif sentence_stop >= end:
            finish = sentence_stop
            break
    while begin < finish and text[begin].isspace():
        begin += 1
    while finish > begin and text[finish - 1].isspace():
        finish -= 1
    return begin, finish


def quote_for(text: str, spans: list[list[int]] | list[tuple[int, int]]) -> dict:
    """The citation's quotation for a mention's first span: {"quote", "quote_start", "quote_end"}."""
    start, end = spans[0]
    begin, finish = sentence_at(text, start, end)
    return {"quote": text[begin:finish], "quote_start": begin, "quote_end": finish}


def quote_for_both(text: str, first: list, second: list) -> dict:
    """The first sentence that mentions both (a person and their unit); else the first's."""
    for start, end in first:
        begin, finish = sentence_at(text, start, end)
        if any(begin <= s and e <= finish for s, e in second):
            return {"quote": text[begin:finish], "quote_start": begin, "quote_end": finish}
    return quote_for(text, first)
