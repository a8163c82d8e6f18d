"""Find people by name, however the name was spelled.

The one search API: the public search page and the back office's duplicate
hint both call `find_people`.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from memoria.archive.models import NameVariant, Person
from memoria.core.visibility import can_preview
from memoria.names import (
    InvalidName,
    NameMatch,
    detect_script,
    is_confident,
    match_candidates,
    query_keys,
    whole_name_groups,
)
from memoria.search import name_backends

MAX_QUERY_LENGTH = 200


@dataclass
class PersonMatch:
    person: Person
    score: float
    matched: str  # the archive's spelling that matched the query best
    evidence: float = 1.0  # how sure the name engine is that it is the same name

    @property
    def confident(self) -> bool:
        """A match; else the person's name is only "less alike" (memoria.names.is_confident)."""
        return is_confident(self.evidence)

    @property
    def archive_spellings(self) -> list[str]:
        """How the sources write the name (archive and official spellings), each once."""
        texts = [v.text for v in self.person.name_variants.all()
                 if v.kind in (NameVariant.Kind.ARCHIVE, NameVariant.Kind.OFFICIAL)]
        return list(dict.fromkeys(texts)) or [self.person.display_name().text]


def _candidates(queries: list[str], previewer: bool, exclude_person: int | None):
    keys: set[str] = set()
    names: list[tuple[list[str], list[list[str]]]] = []  # per query: its keys, its tokens' keys
    for query in queries:
        try:
            mine = query_keys(query[:MAX_QUERY_LENGTH])
            names.append((mine, whole_name_groups(query[:MAX_QUERY_LENGTH])))
        except InvalidName:
            continue
        keys.update(mine)
    if not keys:
        return []
    return name_backends.candidates(sorted(keys), published_only=not previewer,
                                    exclude_person=exclude_person, names=names)


def _better(found: NameMatch, text: str, held: tuple[NameMatch, str] | None, query: str,
            script: str) -> bool:
    """Whether `text` shows better than the spelling held so far why the person was found
    (`script`: the query's, detect_script(query))."""
    if held is None:
        return True
    mine, theirs = (is_confident(found.evidence), found.score), (is_confident(held[0].evidence), held[0].score)
    if mine != theirs:
        return mine > theirs
    # On equal footing, the spelling in the script the user typed, then the one nearest to
    # the letters typed (Койшибаев: the Russian Койшыбаев, not the Kazakh Қойшыбаев).
    in_script, held_in_script = detect_script(text) == script, detect_script(held[1]) == script
    if in_script != held_in_script:
        return in_script
    typed = query.lower()
    return Levenshtein.normalized_similarity(typed, text.lower()) > Levenshtein.normalized_similarity(
        typed, held[1].lower())


def find_people(queries: str | list[str], user=None, limit: int = 20,
                exclude_person: int | None = None) -> list[PersonMatch]:
    """People whose spellings match any of `queries`: the matches (`confident`), best first,
    then the people whose names are only less alike, best first.

    Visitors find published people only. Input that holds no name gives [].
    """
    queries = [queries] if isinstance(queries, str) else [q for q in queries if q]
    candidates = _candidates(queries, can_preview(user), exclude_person)
    if not candidates:
        return []
    texts = {pk: (person_id, text) for pk, person_id, text in candidates}
    best: dict[int, tuple[NameMatch, str]] = {}
    for query in queries:
        query = query[:MAX_QUERY_LENGTH]
        script = detect_script(query)
        for found in match_candidates(query, ((pk, text) for pk, (_p, text) in texts.items())):
            person_id, text = texts[found.id]
            if _better(found, text, best.get(person_id), query, script):
                best[person_id] = (found, text)
    ranked = sorted(best.items(), key=lambda kv: (not is_confident(kv[1][0].evidence), -kv[1][0].score))[:limit]
    people = Person.objects.prefetch_related("name_variants").in_bulk([pid for pid, _ in ranked])
    return [PersonMatch(people[pid], found.score, text, found.evidence)
            for pid, (found, text) in ranked if pid in people]
