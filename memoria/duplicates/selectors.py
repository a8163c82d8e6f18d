"""Reads of the review queue: the pairs still to decide, and one pair side by side."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from memoria.archive.models import Person
from memoria.duplicates.merge import FIELDS, conflicts, is_empty
from memoria.duplicates.models import CandidatePair, PersonMerge
from memoria.sources.models import Citation

#: The answers still waiting: open first, then those a curator was not sure about.
TO_REVIEW = (CandidatePair.Status.OPEN, CandidatePair.Status.UNSURE)


def queue():
    """The pairs to review, best first; a pair whose record was merged away meanwhile is left out."""
    return (CandidatePair.objects.filter(status__in=TO_REVIEW)
            .filter(person_a__merged_into__isnull=True, person_b__merged_into__isnull=True)
            .select_related("person_a", "person_b").order_by("-score", "pk"))


@dataclass
class Entry:
    """One line of a list on the pair's page; `only_here`: the other record has no such line."""

    text: str
    key: object
    only_here: bool = False


@dataclass
class Side:
    """One record of the pair, with everything a curator compares."""

    person: Person
    lists: dict[str, list[Entry]]
    media: list = field(default_factory=list)


@dataclass
class Row:
    """One field of both records; `pick`: both hold a different value, the curator chooses."""

    field: str
    label: str
    a: str
    b: str
    pick: bool

    @property
    def differs(self) -> bool:
        return self.a != self.b


@dataclass
class Review:
    pair: CandidatePair
    a: Side
    b: Side
    rows: list[Row]

    @property
    def lists(self) -> list[tuple[str, list[Entry], list[Entry]]]:
        """(title, A's lines, B's lines) for each list compared."""
        return [(title, entries, self.b.lists[title]) for title, entries in self.a.lists.items()]


def _people(pks):
    return (Person.objects.filter(pk__in=pks).select_related("birth_place", "death_place")
            .prefetch_related("name_variants", "memberships__unit", "participations__event",
                              "item_links__item", "media"))


def _label(name: str) -> str:
    base, _sep, lang = name.rpartition("_")
    if name.endswith("_id"):
        return str(Person._meta.get_field(name[:-3]).verbose_name)
    if base and base in {"name", "roles", "biography"}:
        return f"{Person._meta.get_field(base).verbose_name} ({lang})"
    return str(Person._meta.get_field(name).verbose_name)


def _shown(person: Person, name: str) -> str:
    value = getattr(person, name)
    if is_empty(name, value):
        return ""
    if name.endswith("_id"):
        return str(getattr(person, name[:-3]))
    if name == "sex":
        return str(person.get_sex_display())
    return str(value).strip()


def _sources(people: list[Person]) -> dict[int, list]:
    """The sources cited by each person, its spellings and relations: one query."""
    person_type = ContentType.objects.get_for_model(Person)
    condition = Q(content_type=person_type, object_id__in=[p.pk for p in people])
    owner = {}
    for person in people:
        for relation in ("name_variants", "memberships", "participations", "item_links"):
            rows = getattr(person, relation).all()
            if rows:
                model_type = ContentType.objects.get_for_model(rows[0])
                condition |= Q(content_type=model_type, object_id__in=[row.pk for row in rows])
                owner.update({(model_type.pk, row.pk): person.pk for row in rows})
    found: dict[int, list] = {p.pk: [] for p in people}
    for citation in Citation.objects.filter(condition).select_related("source").order_by("pk"):
        pk = (citation.object_id if citation.content_type_id == person_type.pk
              else owner.get((citation.content_type_id, citation.object_id)))
        if pk in found and citation.source not in found[pk]:
            found[pk].append(citation.source)
    return found


def _lists(person: Person, sources: list) -> dict[str, list[Entry]]:
    """What the two records are compared on beyond their fields, each line with what makes two
    lines the same (a spelling's text, a unit, an event, an item, a source)."""
    return {
        _("Spellings"): [Entry(f"{v.text} ({v.language or '—'}, {v.get_kind_display()})", v.text.strip())
                         for v in person.name_variants.all()],
        _("Units"): [Entry(" — ".join(filter(None, [str(m.unit), m.role, m.date])), m.unit_id)
                     for m in person.memberships.all()],
        _("Events"): [Entry(" — ".join(filter(None, [str(p.event), p.role])), p.event_id)
                      for p in person.participations.all()],
        _("Items"): [Entry(f"{link.item} ({link.get_role_display()})", link.item_id)
                     for link in person.item_links.all()],
        _("Sources"): [Entry(str(source), source.pk) for source in sources],
    }


def pair_review(pk: int) -> Review:
    """One pair side by side for the back office (staff see every record, published or not)."""
    pair = get_object_or_404(CandidatePair, pk=pk)
    people = {p.pk: p for p in _people([pair.person_a_id, pair.person_b_id])}
    sources = _sources(list(people.values()))
    sides = [Side(person, _lists(person, sources[person.pk]), list(person.media.all()))
             for person in (people[pair.person_a_id], people[pair.person_b_id])]
    for side, other in ((sides[0], sides[1]), (sides[1], sides[0])):
        for title, entries in side.lists.items():
            theirs = {entry.key for entry in other.lists[title]}
            for entry in entries:
                entry.only_here = entry.key not in theirs
    a, b = sides[0].person, sides[1].person
    picks = set(conflicts(a, b))
    rows = [Row(name, _label(name), _shown(a, name), _shown(b, name), name in picks) for name in FIELDS]
    # A field neither record fills (a language with no biography yet) is not worth a row.
    return Review(pair, sides[0], sides[1], [row for row in rows if row.a or row.b])


def merges_into(person: Person) -> list[PersonMerge]:
    """The merges into this person that can still be undone, newest first (its change page)."""
    return list(PersonMerge.objects.filter(survivor=person, undone_at__isnull=True)
                .select_related("merged", "by").order_by("-at", "-pk"))
