"""New people are checked as they arrive, a whole batch at once in the name index; pairs stored.

A curator's save or an API call reaches here through signals.py (a person or a spelling
created, in the same transaction as the write); a bulk import, which sends no signals, calls
`check_arrivals` itself for the people it created and turns the pairs into warnings.
"""

from __future__ import annotations

from collections.abc import Iterable

from memoria.archive.models import Person
from memoria.duplicates.finding import Found, find_candidates, store_candidates


def check_arrivals(person_ids: Iterable[int]) -> list[Found]:
    """Find and store the pairs of these people from the threshold on; best first."""
    found = find_candidates(list(person_ids))
    store_candidates(found)
    return found


def looks_like(found: list[Found], person_id: int) -> list[str]:
    """For each pair of `person_id`: "#12 Kabysh Omarov (0.93: names agree …; born 1918 in both)"."""
    others = [(f.b if f.a == person_id else f.a, f) for f in found if person_id in (f.a, f.b)]
    people = Person.objects.in_bulk([pk for pk, _f in others])
    return [f"#{pk} {people[pk]} ({f.score:.2f}: {'; '.join(f.reasons)})"
            for pk, f in others if pk in people]
