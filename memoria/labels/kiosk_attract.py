"""What the kiosk's attract screen shows between visitors: the featured exhibition's title and
a rotation of quotations taken from the archive, never written for the screen.

The quotations are the exhibition's own text panels (in the kiosk's language, with the section
they hang in) and the words of the sources cited by the exhibition, its sections and entries
(in the source's language, with the source's title). Four queries whatever the exhibition holds.
"""

from __future__ import annotations

from dataclasses import dataclass

from memoria.core.i18n import Translated, translated
from memoria.exhibitions import selectors as exhibitions


@dataclass(frozen=True)
class Quotation:
    text: str
    lang: str  # the language the words are in: a source is quoted as written
    attribution: Translated


@dataclass(frozen=True)
class AttractScreen:
    exhibition: object  # the featured exhibition, None when none is published
    quotations: list[Quotation]


def attract_screen(user) -> AttractScreen:
    exhibition = exhibitions.featured_exhibition(user)
    if exhibition is None:
        return AttractScreen(None, [])
    page = exhibitions.exhibition_page(exhibition, user)
    sections = page.related["sections"]
    quotations = []
    for section in sections:
        for entry in section.entries.all():
            if entry.item_id or entry.person_id:
                continue
            text = translated(entry, "text")
            if text:
                quotations.append(Quotation(text.text, text.lang, translated(section, "title")))
    seen = set()
    for record in [exhibition, *sections, *(e for s in sections for e in s.entries.all())]:
        for note in page.notes.numbers_for(record):
            for quote in note.quotes:
                if quote not in seen:
                    seen.add(quote)
                    quotations.append(Quotation(quote, note.source.language or "und",
                                                translated(note.source, "title")))
    return AttractScreen(exhibition, quotations)
