"""The curator's answers about a pair of people: the same person (merge), different people, not sure;
and the undo of a merge.

A merge keeps everything. The kept record (the survivor) takes every spelling, relation, file,
citation and exhibition entry of the other; the other record stays in the archive, unpublished,
with `merged_into` pointing at the survivor (its old addresses redirect there, OAI-PMH reports it
deleted, its history is kept), so that `undo_merge` can give both records back as they were.

What moves is found generically, so that records added by later apps follow without a change
here: every foreign key to Person (`Person._meta.related_objects`: spellings, memberships,
participations, item links, media, exhibition entries, and whatever a later app adds, such as
family contributions) and every generic relation (GenericForeignKey: citations and any other).
A row equal to one the survivor already has (the same spelling in the same language, the same
membership…) is folded: it stays on the merged-away record and its citations go to the
survivor's row, so the survivor shows it once with every source.

The fields of the two records, where both hold a different value, are the curator's choice
(`choices`: {"birth_date": "survivor" | "other", …}); where only one holds a value, it is kept.
What is not chosen is kept too, as far as the model allows:
- a name (per language) becomes a spelling (NameVariant) of the survivor, with the citations of
  that name;
- any other field (dates, places, sex, roles, biography, sort name) has one value per record: the
  value not chosen is kept on the merged-away record with the citations backing that fact
  (`Citation.field`), where the back office shows it — when the other record's value is chosen,
  the two records swap that value and its citations.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from memoria.archive.models import Media, NameVariant, Person
from memoria.core import services as records
from memoria.core.i18n import LANGUAGE_CODES
from memoria.duplicates.models import CandidatePair, PersonMerge
from memoria.names import detect_script
from memoria.sources.models import Citation

SURVIVOR, OTHER = "survivor", "other"

#: The name in each language: the value not chosen becomes a spelling of the survivor.
NAME_FIELDS = [f"name_{code}" for code in LANGUAGE_CODES]
#: Every field a merge compares, in the order the review page shows them.
FIELDS = [
    *NAME_FIELDS, "sort_name", "sex", "birth_date", "birth_place_id", "death_date", "death_place_id",
    *(f"roles_{code}" for code in LANGUAGE_CODES), *(f"biography_{code}" for code in LANGUAGE_CODES),
]
#: Translated facts a citation may name as a whole ("biography"), by their columns.
_TRANSLATED = {"name": NAME_FIELDS, **{base: [f"{base}_{code}" for code in LANGUAGE_CODES]
                                       for base in ("roles", "biography")}}
#: Rows that are never folded into an equal one: two files are two files.
_NEVER_FOLDED = {Media}


def is_empty(field: str, value) -> bool:
    return value in ("", None) or (field == "sex" and value == Person.Sex.UNKNOWN)


def _same(a, b) -> bool:
    return (a.strip() if isinstance(a, str) else a) == (b.strip() if isinstance(b, str) else b)


def conflicts(survivor: Person, other: Person) -> list[str]:
    """The fields where both records hold a value and the values differ: the curator picks one."""
    return [field for field in FIELDS
            if not is_empty(field, getattr(survivor, field)) and not is_empty(field, getattr(other, field))
            and not _same(getattr(survivor, field), getattr(other, field))]


def fact_fields(fact: str) -> list[str]:
    """The fields a citation's `field` names: "birth_place" → ["birth_place_id"], "name" → every
    language's name; [] for the record as a whole (or a fact the merge does not compare)."""
    if fact in _TRANSLATED:
        return _TRANSLATED[fact]
    return [name for name in (fact, f"{fact}_id") if name in FIELDS][:1]


# --- Permission and the pair --------------------------------------------------------------------


def _require_decider(user) -> None:
    records.require_permission(user, CandidatePair, "change")


def _pair_of(a_pk: int, b_pk: int):
    low, high = sorted((a_pk, b_pk))
    return CandidatePair.objects.select_for_update().filter(person_a_id=low, person_b_id=high).first()


def _decide(pair: CandidatePair | None, status: str, user) -> None:
    if pair is None:
        return
    reopened = status == CandidatePair.Status.OPEN
    pair.status = status
    pair.decided_by = None if reopened or getattr(user, "pk", None) is None else user
    pair.decided_at = None if reopened else timezone.now()
    records.save(pair, user, clean=False)


def _answer(pair: CandidatePair, status: str, user) -> CandidatePair:
    _require_decider(user)
    with transaction.atomic():
        pair = records.locked(CandidatePair, pair.pk)
        if pair.status == CandidatePair.Status.MERGED:
            raise ValidationError(_("These two records were merged; undo the merge to answer otherwise."))
        _decide(pair, status, user)
    return pair


def decide_different(pair: CandidatePair, user) -> CandidatePair:
    """Two people after all: the pair is never proposed again (finding leaves it DIFFERENT)."""
    return _answer(pair, CandidatePair.Status.DIFFERENT, user)


def decide_unsure(pair: CandidatePair, user) -> CandidatePair:
    """Not sure yet: the pair stays in the queue, after the open ones of its score."""
    return _answer(pair, CandidatePair.Status.UNSURE, user)


# --- Merging -----------------------------------------------------------------------------------


def _check_choices(survivor: Person, other: Person, choices: dict) -> dict:
    unknown = sorted(set(choices) - set(FIELDS))
    if unknown:
        raise ValidationError({"choices": _("No such field: %(fields)s.") % {"fields": ", ".join(unknown)}})
    wrong = sorted(field for field, side in choices.items() if side not in (SURVIVOR, OTHER))
    if wrong:
        raise ValidationError({f"choices.{field}": _("Choose “survivor” or “other”.") for field in wrong})
    needed = conflicts(survivor, other)
    missing = [field for field in needed if field not in choices]
    if missing:
        raise ValidationError({"choices": _("Both records have a different value here; pick one: %(fields)s.")
                               % {"fields": ", ".join(missing)}})
    return {field: choices[field] for field in needed}


def _lock_both(survivor_pk: int, other_pk: int) -> tuple[Person, Person]:
    # Always in the same order, so that two merges of the same people wait for each other.
    locked = {pk: records.locked(Person, pk) for pk in sorted((survivor_pk, other_pk))}
    return locked[survivor_pk], locked[other_pk]


def _identity(row):
    """What makes a row the same as another of the same person: its values, not its id or times.
    A spelling is the same when its text and language are (the database's unique rule)."""
    if isinstance(row, NameVariant):
        return row.text.strip(), row.language
    skip = {"id", "created_at", "updated_at"}
    return tuple((f.attname, repr(getattr(row, f.attname))) for f in row._meta.concrete_fields
                 if f.attname not in skip and not (f.many_to_one and f.related_model is Person))


def _person_relations():
    """(model, foreign key field) of every row that belongs to a person, in any installed app."""
    return [(rel.related_model, rel.field) for rel in Person._meta.related_objects
            if rel.one_to_many and rel.field.name != "merged_into"]


def _generic_relations():
    """(model, GenericForeignKey) of every model that can point at any record."""
    return [(model, field) for model in apps.get_models() for field in model._meta.private_fields
            if isinstance(field, GenericForeignKey)]


class _Merge:
    """One merge in progress: the moves it makes and the snapshot that undoes them."""

    def __init__(self, survivor: Person, other: Person, user):
        self.survivor, self.other, self.user = survivor, other, user
        self.person_type = ContentType.objects.get_for_model(Person)
        self.snapshot = {"survivor_fields": {}, "merged_fields": {}, "moved": [], "citations": [],
                         "generic": [], "added_variants": [], "merged_was_published": other.is_published}

    # rows that belong to a person
    def move_relations(self) -> None:
        for model, fk in _person_relations():
            own = {}
            if model not in _NEVER_FOLDED:
                for row in model._base_manager.filter(**{fk.name: self.survivor.pk}):
                    own.setdefault(_identity(row), row)
            for row in model._base_manager.filter(**{fk.name: self.other.pk}).order_by("pk"):
                twin = None if model in _NEVER_FOLDED else own.get(_identity(row))
                if twin is not None:
                    self.repoint_citations(row, twin)
                    continue
                setattr(row, fk.name, self.survivor)
                records.save(row, self.user, clean=False)
                self.snapshot["moved"].append([model._meta.label, row.pk, fk.name])

    # citations and other generic relations
    def repoint(self, citation: Citation, target, field: str | None = None) -> None:
        before = [citation.content_type_id, citation.object_id, citation.field]
        citation.content_type = ContentType.objects.get_for_model(target)
        citation.object_id = target.pk
        if field is not None:
            citation.field = field
        records.save(citation, self.user, clean=False)
        self.snapshot["citations"].append(
            [citation.pk, *before, citation.content_type_id, citation.object_id, citation.field])

    def repoint_citations(self, row, twin) -> None:
        for citation in Citation.objects.filter(content_type=ContentType.objects.get_for_model(row),
                                                object_id=row.pk):
            self.repoint(citation, twin)

    def move_generic(self) -> None:
        for model, gfk in _generic_relations():
            if model is Citation:
                continue  # by fact, in move_citations
            rows = model._base_manager.filter(**{gfk.ct_field: self.person_type, gfk.fk_field: self.other.pk})
            for row in rows:
                setattr(row, gfk.fk_field, self.survivor.pk)
                records.save(row, self.user, clean=False)
                self.snapshot["generic"].append([model._meta.label, row.pk, gfk.ct_field, gfk.fk_field,
                                                 self.other.pk])

    # fields
    def keep_spelling(self, text: str, language: str) -> NameVariant:
        """The survivor's spelling `text` in `language`, added if it has none."""
        text = text.strip()
        existing = self.survivor.name_variants.filter(text=text, language=language).first()
        if existing is not None:
            return existing
        script = detect_script(text)
        variant = NameVariant(person=self.survivor, text=text, language=language,
                              script=script if script in ("Cyrl", "Latn") else NameVariant.Script.OTHER,
                              kind=NameVariant.Kind.ARCHIVE)
        variant.full_clean()
        records.save(variant, self.user, clean=False)
        self.snapshot["added_variants"].append(variant.pk)
        return variant

    def set_field(self, person: Person, key: str, field: str, value) -> None:
        self.snapshot[key][field] = [getattr(person, field), value]
        setattr(person, field, value)

    def merge_fields(self, choices: dict) -> tuple[dict, dict]:
        """Sets the survivor's fields; returns where each field's citations go, for the other
        record's and for the survivor's: "survivor", "other", a NameVariant, or absent (stay)."""
        theirs, ours = {}, {}
        for field in FIELDS:
            mine, other = getattr(self.survivor, field), getattr(self.other, field)
            if is_empty(field, other):
                continue
            if is_empty(field, mine) or _same(mine, other):
                if is_empty(field, mine):
                    self.set_field(self.survivor, "survivor_fields", field, other)
                theirs[field] = self.survivor
                continue
            language = field.rsplit("_", 1)[1] if field in NAME_FIELDS else None
            if choices[field] == SURVIVOR:
                if language:  # the other name becomes a spelling, with its sources
                    theirs[field] = self.keep_spelling(other, language)
                continue  # the other record keeps its value, with its sources
            self.set_field(self.survivor, "survivor_fields", field, other)
            theirs[field] = self.survivor
            if language:
                ours[field] = self.keep_spelling(mine, language)
            else:
                self.set_field(self.other, "merged_fields", field, mine)
                ours[field] = self.other
        return theirs, ours

    def citations_of(self, person: Person) -> list[Citation]:
        return list(Citation.objects.filter(content_type=self.person_type, object_id=person.pk).order_by("pk"))

    def move_citations(self, citations: list[Citation], of: Person, destinations: dict, default) -> None:
        for citation in citations:
            fields = fact_fields(citation.field)
            targets = {_key(destinations.get(field)): destinations.get(field) for field in fields}
            target = next(iter(targets.values())) if len(targets) == 1 else default
            if target is None or target == of:
                continue
            self.repoint(citation, target, field="" if isinstance(target, NameVariant) else None)


def _save_person(person: Person, user) -> None:
    # The model validates a translated field through the active language's column, and the rule
    # is that the default language's text is there, whatever language the curator reads.
    with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        records.save(person, user)


def _key(record):
    return None if record is None else (type(record), record.pk)


def merge_people(survivor: Person, other: Person, user, *, choices: dict | None = None) -> PersonMerge:
    """Merge `other` into `survivor` (see the module's docstring); returns the merge, for undo.

    `choices` names, for every field where both records hold a different value (`conflicts()`),
    which to keep: "survivor" or "other". Refused (ValidationError) when one is missing, when the
    two are one record, or when either was already merged away.
    """
    _require_decider(user)
    records.require_permission(user, Person, "change")
    if survivor.pk == other.pk:
        raise ValidationError(_("A record cannot be merged into itself."))
    with transaction.atomic():
        survivor, other = _lock_both(survivor.pk, other.pk)
        for person in (survivor, other):
            if person.merged_into_id is not None:
                raise ValidationError(_("%(person)s was already merged into another record.") % {"person": person})
        picked = _check_choices(survivor, other, dict(choices or {}))
        merge = _Merge(survivor, other, user)
        merge.move_relations()
        merge.move_generic()
        theirs, ours = merge.merge_fields(picked)
        # Read both lists before moving any: a swapped fact's citations cross over.
        their_citations, our_citations = merge.citations_of(other), merge.citations_of(survivor)
        merge.move_citations(their_citations, other, theirs, default=survivor)
        merge.move_citations(our_citations, survivor, ours, default=None)
        _save_person(survivor, user)
        other.merged_into = survivor
        other.is_published = False
        _save_person(other, user)
        _decide(_pair_of(survivor.pk, other.pk), CandidatePair.Status.MERGED, user)
        return PersonMerge.objects.create(
            survivor=survivor, merged=other, by=user if getattr(user, "pk", None) is not None else None,
            choices=picked, snapshot=merge.snapshot)


# --- Undo ----------------------------------------------------------------------------------------


def _check_undoable(merge: PersonMerge, survivor: Person) -> None:
    if merge.undone_at is not None:
        raise ValidationError(_("This merge was already undone."))
    if survivor.merged_into_id is not None:
        raise ValidationError(_("The kept record was merged into another since: undo that merge first."))
    later = PersonMerge.objects.filter(survivor_id=merge.survivor_id, undone_at__isnull=True, pk__gt=merge.pk)
    if later.exists():
        raise ValidationError(_("Another record was merged into this one later: undo that merge first."))


def _restore_fields(person: Person, fields: dict) -> None:
    """Each field back to its value before the merge, unless someone changed it since."""
    for field, (before, set_to) in fields.items():
        if _same(getattr(person, field), set_to):
            setattr(person, field, before)


def undo_merge(merge: PersonMerge, user) -> PersonMerge:
    """Give both records back as they were before `merge`.

    Rows, citations and values the merge moved go back, unless they were changed since (a
    citation moved again, a field edited: the later edit stays); what was added to the survivor
    since the merge stays on the survivor. The merged-away record is published again if it was,
    and its address shows it again; the pair goes back to the queue.
    """
    _require_decider(user)
    records.require_permission(user, Person, "change")
    with transaction.atomic():
        merge = records.locked(PersonMerge, merge.pk)
        survivor, merged = _lock_both(merge.survivor_id, merge.merged_id)
        _check_undoable(merge, survivor)
        snapshot = merge.snapshot
        for pk, *before_and_after in reversed(snapshot["citations"]):
            ct, obj, fact, ct_now, obj_now, _fact_now = before_and_after
            citation = Citation.objects.filter(pk=pk, content_type_id=ct_now, object_id=obj_now).first()
            if citation is not None:
                citation.content_type_id, citation.object_id, citation.field = ct, obj, fact
                records.save(citation, user, clean=False)
        for label, pk, fk_name in snapshot["moved"]:
            row = apps.get_model(label)._base_manager.filter(pk=pk, **{fk_name: survivor.pk}).first()
            if row is not None:
                setattr(row, fk_name, merged)
                records.save(row, user, clean=False)
        for label, pk, ct_field, fk_field, before in snapshot["generic"]:
            row = apps.get_model(label)._base_manager.filter(pk=pk, **{fk_field: survivor.pk}).first()
            if row is not None:
                setattr(row, fk_field, before)
                records.save(row, user, clean=False)
        for variant in NameVariant.objects.filter(pk__in=snapshot["added_variants"], person=survivor):
            if not variant.citations.exists():  # one cited since the merge is the survivor's now
                records.delete_record(variant, user)
        _restore_fields(survivor, snapshot["survivor_fields"])
        _restore_fields(merged, snapshot["merged_fields"])
        records.save(survivor, user, clean=False)
        merged.merged_into = None
        merged.is_published = snapshot["merged_was_published"]
        records.save(merged, user, clean=False)
        _decide(_pair_of(survivor.pk, merged.pk), CandidatePair.Status.OPEN, user)
        merge.undone_at = timezone.now()
        merge.undone_by = user if getattr(user, "pk", None) is not None else None
        merge.save(update_fields=["undone_at", "undone_by"])
        return merge
