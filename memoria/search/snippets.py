"""Highlighted snippets: a short passage of the record's text with the query's words marked.

The passage is found in the folded text (memoria.search.normalize) and cut from the
original, so "радио" marks "Радиопередатчик" and "emetteur" marks "Émetteur". Every piece of
record text is HTML-escaped before the <mark> tags are put around it: neither a record nor a
query can put markup on the page.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from memoria.search.normalize import fold_with_map

#: Characters of context shown around the first match.
WIDTH = 220


def _hits(folded: str, terms: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each folded word that begins with a query term."""
    if not terms:
        return []
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})\w*")
    return [(m.start(), m.end()) for m in pattern.finditer(folded)]


def _cut(text: str, start: int, end: int, marks: list[tuple[int, int]]) -> str:
    out, position = [], start
    for mark_start, mark_end in marks:
        if mark_end <= start or mark_start >= end:
            continue
        mark_start, mark_end = max(mark_start, start), min(mark_end, end)
        out.append(escape(text[position:mark_start]))
        out.append(f"<mark>{escape(text[mark_start:mark_end])}</mark>")
        position = mark_end
    out.append(escape(text[position:end]))
    return "".join(out)


def highlight(text: str, terms: list[str], width: int = WIDTH) -> SafeString | None:
    """A passage of `text` around the first match, matches marked; None if nothing matches."""
    folded, origin = fold_with_map(text)
    hits = _hits(folded, terms)
    if not hits:
        return None
    # Back from folded positions to the original text's.
    marks = [(origin[s], origin[e - 1] + 1) for s, e in hits]
    first = marks[0][0]
    start = max(0, first - width // 3)
    if start:
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", max(marks[0][1], start), end)
        end = space if space > marks[0][1] else end
    html = _cut(text, start, end, marks)
    html = ("… " if start else "") + html.strip() + (" …" if end < len(text) else "")
    return mark_safe(html)


def plain(text: str, width: int = WIDTH) -> SafeString:
    """The beginning of `text`, escaped: for a result found by its title or its name."""
    text = " ".join(text.split())
    if len(text) > width:
        cut = text.rfind(" ", 0, width)
        text = text[: cut if cut > 0 else width] + " …"
    return mark_safe(escape(text))


def snippet(texts_in_order: list[str], terms: list[str]) -> SafeString:
    """The first text (in the visitor's language order) with a match, or the first text's start."""
    for text in texts_in_order if terms else ():  # no words (filters alone): nothing to find
        passage = highlight(" ".join(text.split()), terms)
        if passage is not None:
            return passage
    return plain(texts_in_order[0]) if texts_in_order else mark_safe("")
