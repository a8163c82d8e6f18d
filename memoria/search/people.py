"""Find people by name, however the name was spelled.

The one search API: the public search page and the back office's duplicate
hint both call `find_people`.
"""

from __future__ import annotations

from dataclasses import dataclass

from memoria.archive.models import NameVariant, Person
from memoria.core.i18n import translated
from memoria.core.visibility import can_preview
from memoria.names import InvalidName, detect_script, query_keys, rank_candidates
from memoria.search import name_backends

#: Below this similarity a candidate is not shown: it shares a key, not a name.
MIN_SCORE = 0.55
MAX_QUERY_LENGTH = 200


@dataclass
class PersonMatch:
    person: Person
    score: float
    matched: str  # the archive's spelling that matched the query best

    @property
    def archive_spellings(self) -> list[str]:
        """How the sources write the name (archive and official spellings)."""
        texts = [v.text for v in self.person.name_variants.all()
                 if v.kind in (NameVariant.Kind.ARCHIVE, NameVariant.Kind.OFFICIAL)]
        return texts or [str(translated(self.person, "name"))]


def _candidates(queries: list[str], previewer: bool, exclude_person: int | None):
    keys: set[str] = set()
    for query in queries:
        try:
            keys.update(query_keys(query[:MAX_QUERY_LENGTH]))
        except InvalidName:
            continue
    if not keys:
        return []
    return name_backends.candidates(sorted(keys), published_only=not previewer,
                                    exclude_person=exclude_person)


def find_people(queries: str | list[str], user=None, limit: int = 20,
                exclude_person: int | None = None) -> list[PersonMatch]:
    """People whose spellings match any of `queries`, best first.

    Visitors find published people only. Input that holds no name gives [].
    """
    queries = [queries] if isinstance(queries, str) else [q for q in queries if q]
    candidates = _candidates(queries, can_preview(user), exclude_person)
    if not candidates:
        return []
    texts = {pk: (person_id, text) for pk, person_id, text in candidates}
    best: dict[int, tuple[float, str]] = {}
    for query in queries:
        script = detect_script(query)
        for name_id, score in rank_candidates(query[:MAX_QUERY_LENGTH],
                                              ((pk, text) for pk, (_p, text) in texts.items())):
            person_id, text = texts[name_id]
            if score < MIN_SCORE:
                break  # ranked best first
            held = best.get(person_id)
            # On equal scores, show the spelling in the script the user typed.
            if held is None or score > held[0] or (
                    score == held[0] and detect_script(text) == script != detect_script(held[1])):
                best[person_id] = (score, text)
    ranked = sorted(best.items(), key=lambda kv: -kv[1][0])[:limit]
    people = Person.objects.prefetch_related("name_variants").in_bulk([pid for pid, _ in ranked])
    return [PersonMatch(people[pid], score, text) for pid, (score, text) in ranked if pid in people]
