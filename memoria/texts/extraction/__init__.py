"""What a text names — people, places, units, objects, dates — as proposals for the archive.

    extract(text, language=None, *, link=True) -> {
        "language": "ru",
        "people":  [{"name", "spans": [[start, end], ...], "match": {"id", "score", "reasons"} | None,
                     "given_name", "patronymic", "surname", "initials", "rank", "role"}, ...],
        "places":  [{"name", "spans", "match"}, ...],
        "units":   [{"name", "spans", "match"}, ...],
        "objects": [{"name", "spans", "match", "kind"}, ...],
        "dates":   [{"value": EDTF, "spans"}, ...],
    }

Spans are code-point offsets into `text`, end exclusive; mentions of one thing are one proposal.
Where mentions of different kinds overlap, the more specific wins: a unit over the place or
person in its name ("отряд имени Ленина"), a person over a place (a surname that is also a town),
the model over the rules. With `link`, the archive's own names are looked for too and each
proposal is matched against the archive (staff view); without it no database is needed.
Raises memoria.texts.language.UnsupportedLanguage for a language other than kk, ru, en, fr.
"""

from __future__ import annotations

import re

from memoria.texts import language as languages

from . import dates, grouping, lexicon, linking, models, objects, people, places, units
from .mentions import Mention, drop_overlaps

#: Which kind wins where mentions overlap (higher wins), then the longer, then the model's.
KIND_PRIORITY = {"titles": 6, "dates": 5, "units": 4, "people": 3, "places": 2, "objects": 1}
SOURCE_PRIORITY = {"model": 2, "gazetteer": 2, "rule": 1}


def _priority(m: Mention):
    return (KIND_PRIORITY[m.kind], m.length, SOURCE_PRIORITY.get(m.source, 1))


def extract(text: str, language: str | None = None, *, link: bool = True) -> dict:
    language = languages.check(language) if language else languages.detect(text)
    archive = linking.load() if link else None
    found_by_model = models.entities(text, language)
    archive_places = archive.place_names() if archive else ()
    is_place = places.matcher(language, archive_places)
    mentions: list[Mention] = [Mention("titles", m.start(), m.end(), m.group(0))
                               for pattern in lexicon.TITLES[language] for m in re.finditer(pattern, text)]
    found_units = units.find(text, language, archive.unit_names() if archive else ())
    mentions += found_units
    mentions += dates.find(text, language)
    blocked = [(m.start, m.end) for m in (*found_units, *places.named_by_kind(text, language))]
    known_people = linking.known_people if link else linking.no_people
    mentions += people.find(text, language, found_by_model, known_people, is_place, blocked=blocked)
    mentions += places.find(text, language, found_by_model, archive_places)
    mentions += objects.find(text, language)
    kept = drop_overlaps(mentions, _priority)
    by_kind = {kind: [m for m in kept if m.kind == kind] for kind in KIND_PRIORITY}
    result = {
        "language": language,
        "people": grouping.people(by_kind["people"]),
        "places": grouping.named(by_kind["places"]),
        "units": grouping.named(by_kind["units"]),
        "objects": grouping.named(by_kind["objects"], extra=("kind",)),
        "dates": grouping.dates(by_kind["dates"]),
    }
    for kind in ("people", "places", "units", "objects"):
        for proposal in result[kind]:
            names = proposal.pop("_names")
            if archive is None or kind == "objects":
                continue
            if kind == "people":
                proposal["match"] = linking.match_person(names)
            else:
                proposal["match"] = linking.match_record(names, archive.places if kind == "places" else archive.units)
    return result


def load_models(language: str) -> None:
    """Load a language's model before the first text (the server may warm up)."""
    models.load(languages.check(language))


__all__ = ["extract", "load_models"]
