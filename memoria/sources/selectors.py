"""Footnotes: the citations of a page's records and relations, numbered once."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q

from django.shortcuts import get_object_or_404

from memoria.core.read_cache import per_generation
from memoria.core.visibility import rule_q, visible
from memoria.sources.models import Citation, Source


@dataclass
class Note:
    number: int
    source: object
    locator: str
    quotes: list[str] = field(default_factory=list)


class Footnotes:
    """Citations of many subjects, fetched in one query, numbered in page order.

    A note is one (source, locator) pair; several facts citing the same page
    of the same source share its number.
    """

    def __init__(self, citations):
        self._by_subject: dict[tuple, list[Citation]] = defaultdict(list)
        for citation in citations:
            key = (citation.content_type.app_label, citation.content_type.model, citation.object_id)
            self._by_subject[key].append(citation)
        self._numbers: dict[tuple, Note] = {}
        self.notes: list[Note] = []

    def for_one_request(self) -> Footnotes:
        """The same citations, none numbered yet: each page rendering numbers its own."""
        fresh = Footnotes.__new__(Footnotes)
        fresh._by_subject, fresh._numbers, fresh.notes = self._by_subject, {}, []
        return fresh

    def numbers_for(self, obj, fact: str = "") -> list[Note]:
        """Notes for one record or relation (and one fact of it, if given)."""
        meta = obj._meta
        found = []
        for citation in self._by_subject.get((meta.app_label, meta.model_name, obj.pk), []):
            if citation.field != fact:
                continue
            key = (citation.source_id, citation.locator)
            note = self._numbers.get(key)
            if note is None:
                note = Note(len(self.notes) + 1, citation.source, citation.locator)
                self._numbers[key] = note
                self.notes.append(note)
            if citation.quote and citation.quote not in note.quotes:
                note.quotes.append(citation.quote)
            if note not in found:
                found.append(note)
        return found


def footnotes_for(*groups) -> Footnotes:
    """One query for the citations of every record given (instances or iterables of them)."""
    subjects: dict[tuple, set] = defaultdict(set)
    for group in groups:
        for obj in [group] if isinstance(group, models.Model) else group:
            if obj is not None:
                subjects[(obj._meta.app_label, obj._meta.model_name)].add(obj.pk)
    if not subjects:
        return Footnotes([])
    condition = Q()
    for (app_label, model), ids in subjects.items():
        condition |= Q(content_type__app_label=app_label, content_type__model=model, object_id__in=ids)
    citations = (
        Citation.objects.filter(condition)
        .filter(rule_q(Citation))  # visitors' rule even in a preview: drafts of sources stay out
        .select_related("source", "content_type")
        .order_by("pk")
    )
    return Footnotes(citations)


@per_generation
def source_page(pk: int, user):
    """A source and the published records that cite it, grouped by kind of record."""
    source = get_object_or_404(visible(Source.objects, user), pk=pk)
    citations = list(source.citations.select_related("content_type"))
    ids_by_model: dict = defaultdict(set)
    for citation in citations:
        ids_by_model[citation.content_type].add(citation.object_id)
    cited = []
    for content_type, ids in sorted(ids_by_model.items(), key=lambda kv: kv[0].model):
        model = content_type.model_class()
        if model is None or not hasattr(model, "get_absolute_url"):
            continue  # relations and name variants are shown on their records' pages
        cited.extend(visible(model.objects.filter(pk__in=ids), user))
    return source, cited, len(citations)
