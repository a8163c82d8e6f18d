"""What the archive already holds: its spellings of people, places and units (to find them in a
text) and the record each proposal is (to link it), in the staff's view — drafts included.

People are matched by memoria.search's find_people (the name engine over every spelling of every
person); places and units by the name engine against every language's name of every record.
A match is proposed only when the name engine holds it to be the same name (is_confident).
"""

from __future__ import annotations

from dataclasses import dataclass

from memoria.names import evidence, is_confident, similarity

#: A place or unit name this short is matched only when equal (Nice, Gard, Ним).
SHORT_NAME = 4


class _StaffView:
    """The archive as staff see it: find_people shows drafts to an authenticated staff member."""

    is_authenticated = True
    is_staff = True


@dataclass(frozen=True)
class Gazetteer:
    places: tuple[tuple[int, str], ...]              # (id, name in one language)
    units: tuple[tuple[int, str], ...]

    def place_names(self) -> tuple[str, ...]:
        return tuple(sorted({name for _id, name in self.places}))

    def unit_names(self) -> tuple[str, ...]:
        return tuple(sorted({name for _id, name in self.units}))


def known_people(names: list[str]) -> set[str]:
    """Which of `names` the archive holds as a spelling of someone (a name variant, or a person's
    name in one of the languages): one query, however large the archive."""
    from django.db.models import Q

    from memoria.archive.models import NameVariant, Person

    names = list(dict.fromkeys(names))
    found = set(NameVariant.objects.filter(text__in=names).values_list("text", flat=True))
    fields = ["name", "name_kk", "name_ru", "name_en", "name_fr"]
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__in": names})
    for values in Person.objects.filter(condition).values_list(*fields):
        found.update(v for v in values if v in names)
    return found


def no_people(names: list[str]) -> set[str]:
    """Without the archive, no run is known to be a person's name."""
    return set()


def _translated(model) -> tuple[tuple[int, str], ...]:
    fields = ["name", "name_kk", "name_ru", "name_en", "name_fr"]
    rows = set()
    for values in model.objects.values_list("pk", *fields):
        for name in values[1:]:
            if name and name.strip():
                rows.add((values[0], name.strip()))
    return tuple(sorted(rows))


def load() -> Gazetteer:
    """The archive's places and units in all their languages, read afresh for each text (two
    queries; a museum holds hundreds of them, not the hundred thousands of its people, whose
    names are looked up one text at a time by known_people)."""
    from memoria.archive.models import Place, Unit

    return Gazetteer(_translated(Place), _translated(Unit))


def match_person(names: list[str]) -> dict | None:
    from memoria.search.people import find_people

    found = [m for m in find_people(names, user=_StaffView(), limit=3) if m.confident]
    if not found:
        return None
    best = found[0]
    reasons = [(f"name engine: “{best.matched}” is spelled like “{names[0]}” "
                f"(similarity {best.score:.2f}, evidence {best.evidence:.2f})")]
    return {"id": best.person.pk, "score": round(best.score, 3), "reasons": reasons}


def match_record(names: list[str], records: tuple[tuple[int, str], ...]) -> dict | None:
    """The place or unit whose name in any language is the same name as one of `names`."""
    best = None
    for pk, record_name in records:
        for name in names:
            if name.casefold() == record_name.casefold():
                score, why = 1.0, f"same name as the archive's “{record_name}”"
            elif min(len(name), len(record_name)) <= SHORT_NAME or len(name.split()) != len(record_name.split()):
                # A part of a longer name is another thing ("Armed Forces" is not the veterans'
                # association "Veterans of the Armed Forces"): only whole names are compared.
                continue
            else:
                score = similarity(name, record_name)
                if not is_confident(evidence(name, record_name)):
                    continue
                why = f"name engine: “{name}” is spelled like the archive's “{record_name}” (similarity {score:.2f})"
            if best is None or score > best[1]:
                best = (pk, score, why)
    if best is None:
        return None
    return {"id": best[0], "score": round(best[1], 3), "reasons": [best[2]]}
