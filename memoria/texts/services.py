"""The curator's actions on a text: keep it as a source, read it again, accept or reject what it proposes.

Nothing enters the archive until the curator accepts a proposal. Accepting creates the record
(unpublished) or links the proposal to one the archive has, through the record actions
(memoria.core.services, archive.services, sources.services), and cites the source for every
fact it adds, quoting the sentence the mention stands in with its offsets in the full text.
Each action checks the acting user's permission, runs in one transaction and records history
with that user; refusals are domain errors (ValidationError, PermissionDenied, NotFound).
"""

from __future__ import annotations

import re
import unicodedata

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from memoria.archive.models import (
    Event,
    Item,
    Membership,
    NameVariant,
    Participation,
    Person,
    Place,
    Unit,
)
from memoria.archive.services import person_set_name_variants
from memoria.core import services as records
from memoria.core.errors import NotFound
from memoria.sources.models import Source
from memoria.sources.services import citable_name, citation_create
from memoria.texts.extraction import extract
from memoria.texts.language import LANGUAGES, UnsupportedLanguage, check, detect
from memoria.texts.models import (
    KINDS,
    AcceptedProposal,
    RejectedProposal,
    TextExtraction,
)
from memoria.texts.quotes import quote_for, quote_for_both

#: The record each kind of proposal becomes.
MODELS = {"people": Person, "places": Place, "units": Unit, "objects": Item}
#: The facts a date may be attached to: {record kind: [fields]}.
DATED_FACTS = {"person": ["birth_date", "death_date"], "event": ["date"], "membership": ["date"]}
DATED_MODELS = {"person": Person, "event": Event, "membership": Membership}
#: What a person's proposal may carry when the curator edits it.
PERSON_PARTS = ("given_name", "patronymic", "surname", "rank")


# --- Keys and plain helpers ------------------------------------------------------------


def name_key(kind: str, proposal: dict) -> str:
    """What two proposals of one source are compared by: a date's EDTF value, else its name folded."""
    if kind == "dates":
        return proposal["value"]
    folded = unicodedata.normalize("NFKC", proposal["name"]).casefold()
    return " ".join(folded.split())[:500]


def _script(text: str) -> str:
    if re.search(r"[\u0400-\u04ff]", text):
        return NameVariant.Script.CYRILLIC
    if re.search(r"[A-Za-z\u00c0-\u024f]", text):
        return NameVariant.Script.LATIN
    return NameVariant.Script.OTHER


def _in_languages(value: str, language: str) -> dict:
    """A name as the text writes it: in the text's language, and in English, the language a
    record must be named in (memoria.api.inputs.REQUIRED_LANGUAGE) until a curator translates it."""
    names = {settings.MODELTRANSLATION_DEFAULT_LANGUAGE: value}
    if language in LANGUAGES:
        names[language] = value
    return names


def _unit_kind(name: str) -> str:
    folded = name.casefold()
    partisan = re.search(r"partisan|партизан|partizan", folded)
    if partisan and re.search(r"regiment|régiment|полк", folded):
        return Unit.Kind.PARTISAN_REGIMENT
    if partisan:
        return Unit.Kind.PARTISAN_DETACHMENT
    if re.search(r"division|regiment|régiment|brigade|бригад|корпус|corps|army|armée|армия|дивизи|полк|"
                 r"батальон|battalion|bataillon|әскер|атқыштар", folded):
        return Unit.Kind.ARMY
    return Unit.Kind.ORGANISATION


def _check_text(text: str) -> None:
    records.refuse_null_characters(text, "text")
    if not text.strip():
        raise ValidationError({"text": _("The text is empty: paste a text or choose a file.")})
    limit = int(settings.MEMORIA_TEXT_MAX_BYTES)
    if len(text.encode("utf-8")) > limit:
        raise ValidationError({"text": _("The text is longer than %(limit)s MB; split it into several sources.")
                                       % {"limit": limit // (1024 * 1024)}})


def _read(text: str, language: str | None) -> dict:
    try:
        return extract(text, check(language) if language else None)
    except UnsupportedLanguage as exc:
        raise ValidationError({"language": str(exc)}) from None


# --- Reading a text ----------------------------------------------------------------------


def read_proposals(text: str, language: str | None, user) -> dict:
    """What the text proposes, linked to the archive, without saving anything (the API's /extract)."""
    records.require_permission(user, TextExtraction, "add")
    _check_text(text)
    return _read(text, language)


def _without_rejected(source: Source, result: dict) -> dict:
    rejected = set(RejectedProposal.objects.filter(source=source).values_list("kind", "name_key"))
    return {key: ([p for p in value if (key, name_key(key, p)) not in rejected] if key in KINDS else value)
            for key, value in result.items()}


def _store_extraction(source: Source, result: dict, user) -> TextExtraction:
    extraction = TextExtraction(source=source, language=result["language"], result=_without_rejected(source, result),
                                created_by=user if getattr(user, "pk", None) else None)
    records.save(extraction, user)
    return extraction


def new_text_source(data: dict, text: str, user) -> Source:
    """A new source (unpublished) that keeps `text` whole, not read yet: the back office reads it
    as a job (texts/jobs.py, then rerun_extraction). Quick: the checks and the language only.

    `data`: title, author, url, date (EDTF), language (detected when empty), kind.
    """
    records.require_permission(user, Source, "add")
    records.require_permission(user, TextExtraction, "add")
    _check_text(text)
    try:
        language = check(data["language"]) if data.get("language") else detect(text)
    except UnsupportedLanguage as exc:
        raise ValidationError({"language": str(exc)}) from None
    with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        return records.create(Source, _source_values(data, text, language), user)


def _source_values(data: dict, text: str, language: str) -> dict:
    return {
        "kind": data.get("kind") or Source.Kind.ARTICLE,
        "title": _in_languages((data.get("title") or "").strip(), language),
        "author": data.get("author") or "",
        "url": data.get("url") or "",
        "date": data.get("date") or "",
        "language": language,
        "text": text,
    }


def source_from_text(data: dict, text: str, user) -> tuple[Source, TextExtraction]:
    """A new source (unpublished) that keeps `text` whole, and what the text proposes, at once.

    `data`: as new_text_source.
    """
    records.require_permission(user, Source, "add")
    records.require_permission(user, TextExtraction, "add")
    _check_text(text)
    result = _read(text, data.get("language") or None)  # the slow part, before any lock is held
    with transaction.atomic(), translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        source = records.create(Source, _source_values(data, text, result["language"]), user)
        return source, _store_extraction(source, result, user)


@transaction.atomic
def rerun_extraction(source: Source, user) -> TextExtraction:
    """Read the source's text again (a better extraction, the archive grown): rejected proposals stay out."""
    records.require_permission(user, TextExtraction, "add")
    if not source.text.strip():
        raise ValidationError({"text": _("This source keeps no text to read.")})
    return _store_extraction(source, _read(source.text, source.language or None), user)


# --- Deciding on a proposal ------------------------------------------------------------------


def proposal_at(extraction: TextExtraction, kind: str, index: int) -> dict:
    if kind not in KINDS:
        raise ValidationError({"kind": _("Choose one of: %(kinds)s.") % {"kinds": ", ".join(KINDS)}})
    proposals = extraction.result.get(kind, [])
    if not 0 <= index < len(proposals):
        raise NotFound(f"The text has no {kind} proposal #{index}.")
    return proposals[index]


def _decided(extraction: TextExtraction, kind: str, key: str) -> None:
    if AcceptedProposal.objects.filter(source=extraction.source, kind=kind, name_key=key).exists():
        raise ValidationError(_("This proposal has already been accepted."))
    if RejectedProposal.objects.filter(source=extraction.source, kind=kind, name_key=key).exists():
        raise ValidationError(_("This proposal has already been rejected."))


@transaction.atomic
def reject_proposal(extraction: TextExtraction, kind: str, index: int, user) -> RejectedProposal:
    """Never propose it again for this source (also when the extraction runs again)."""
    records.require_permission(user, RejectedProposal, "add")
    proposal = proposal_at(extraction, kind, index)
    key = name_key(kind, proposal)
    _decided(extraction, kind, key)
    rejected = RejectedProposal(source=extraction.source, kind=kind, name_key=key,
                                decided_by=user if getattr(user, "pk", None) else None)
    records.save(rejected, user)
    return rejected


def _cite(source: Source, record, user, quote: dict, field: str = "") -> None:
    citation_create({"source_id": source.pk, "record": {"type": citable_name(type(record)), "id": record.pk},
                     "field": field, **quote}, user)


def _target(model, pk):
    try:
        return model.objects.get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise ValidationError({"link_to": _("No %(kind)s with id %(id)s.") % {
            "kind": model._meta.verbose_name, "id": pk}}) from None


def _person_values(proposal: dict, edited: dict, language: str) -> dict:
    parts = {part: (edited.get(part) if part in edited else proposal.get(part)) or "" for part in PERSON_PARTS}
    composed = " ".join(p for p in (parts["given_name"], parts["patronymic"], parts["surname"]) if p)
    name = (edited.get("name") or "").strip() or (composed if any(k in edited for k in PERSON_PARTS) else "") \
        or proposal["name"]
    values = {"name": _in_languages(name, language)}
    if parts["surname"]:
        values["sort_name"] = ", ".join(p for p in (parts["surname"],
                                                    " ".join(filter(None, (parts["given_name"], parts["patronymic"]))))
                                        if p)
    roles = ", ".join(dict.fromkeys(filter(None, (parts["rank"], proposal.get("role")))))
    if roles:
        values["roles"] = {language if language in LANGUAGES else settings.MODELTRANSLATION_DEFAULT_LANGUAGE: roles}
    return values


def _written_forms(text: str, spans: list) -> list[tuple[str, list]]:
    """Each distinct way the text writes a name, with the spans where it does."""
    forms: dict[str, list] = {}
    for start, end in spans:
        forms.setdefault(" ".join(text[start:end].split()), []).append([start, end])
    return [(form, where) for form, where in forms.items() if form]


def _add_spellings(person: Person, source: Source, spans: list, language: str, user, *, new: bool) -> None:
    """The text's spellings of the person's name, each citing the sentence it is written in."""
    forms = _written_forms(source.text, spans)
    existing = {(v.text, v.language): v for v in person.name_variants.all()}
    missing = [(form, where) for form, where in forms if (form, language) not in existing]
    if new:
        person_set_name_variants(person, [{"text": form, "script": _script(form), "language": language,
                                           "kind": NameVariant.Kind.ARCHIVE} for form, _where in missing], user)
    else:
        for form, _where in missing:
            records.create(NameVariant, {"person_id": person.pk, "text": form, "script": _script(form),
                                         "language": language, "kind": NameVariant.Kind.ARCHIVE}, user)
    spelled = {(v.text, v.language): v for v in person.name_variants.all()}
    for form, where in forms:
        _cite(source, spelled[(form, language)], user, quote_for(source.text, where))


def _create_record(kind: str, proposal: dict, edited: dict, language: str, user):
    model = MODELS[kind]
    if kind == "people":
        return records.create(model, _person_values(proposal, edited, language), user)
    name = (edited.get("name") or "").strip() or proposal["name"]
    if kind == "places":
        return records.create(model, {"name": _in_languages(name, language)}, user)
    if kind == "units":
        unit_kind = edited.get("unit_kind") or _unit_kind(name)
        return records.create(model, {"name": _in_languages(name, language), "kind": unit_kind}, user)
    number = (edited.get("inventory_number") or "").strip()
    if not number:
        raise ValidationError({"inventory_number": _("A new item needs its inventory number.")})
    return records.create(model, {"title": _in_languages(name, language), "inventory_number": number,
                                  "kind": proposal.get("kind") or Item.Kind.OBJECT}, user)


def _spans_of_record(extraction: TextExtraction, kind: str, record) -> list:
    """The spans of the proposal of this text accepted as `record` (a unit a person belonged to)."""
    ct = ContentType.objects.get_for_model(type(record))
    keys = set(AcceptedProposal.objects.filter(source=extraction.source, kind=kind, content_type=ct,
                                               object_id=record.pk).values_list("name_key", flat=True))
    return [span for p in extraction.result.get(kind, []) if name_key(kind, p) in keys for span in p["spans"]]


def _relate(extraction: TextExtraction, person: Person, spans: list, options: dict, user) -> None:
    """A membership in a unit, a presence at an event: each a relation citing its sentence."""
    source = extraction.source
    if options.get("member_of"):
        unit = _target(Unit, options["member_of"])
        membership = records.create(Membership, {"person_id": person.pk, "unit_id": unit.pk}, user)
        _cite(source, membership, user, quote_for_both(source.text, spans, _spans_of_record(extraction, "units", unit)))
    if options.get("took_part_in"):
        event = _target(Event, options["took_part_in"])
        participation = records.create(Participation, {"person_id": person.pk, "event_id": event.pk}, user)
        _cite(source, participation, user, quote_for(source.text, spans))


def _attach_date(extraction: TextExtraction, proposal: dict, fact: dict | None, user):
    """A date becomes the value of a fact of a record (a person's birth date, an event's date)."""
    kind, field = (fact or {}).get("type"), (fact or {}).get("field")
    if kind not in DATED_FACTS or field not in DATED_FACTS[kind]:
        raise ValidationError({"fact": _("Choose the fact this date is: a person's birth or death date, "
                                         "an event's date or a membership's dates.")})
    try:
        record = records.locked(DATED_MODELS[kind], fact.get("id"))
    except NotFound:
        raise ValidationError({"fact": _("No %(kind)s with id %(id)s.") % {
            "kind": DATED_MODELS[kind]._meta.verbose_name, "id": fact.get("id")}}) from None
    value, current = proposal["value"], getattr(record, field)
    if current and current != value:
        raise ValidationError({"fact": _("%(record)s already has %(value)s there: change it in the record "
                                         "if the text is right.") % {"record": record, "value": current}})
    setattr(record, field, value)
    records.save(record, user)
    _cite(extraction.source, record, user, quote_for(extraction.source.text, proposal["spans"]), field)
    return record


@transaction.atomic
def accept_proposal(extraction: TextExtraction, kind: str, index: int, user, *, link_to: int | None = None,
                    edited: dict | None = None, create_new: bool = False, member_of: int | None = None,
                    took_part_in: int | None = None, fact: dict | None = None):
    """Create the proposal's record (a draft) or link it to one the archive has, and cite the source.

    Links to `link_to` when given, else to the extraction's match unless `create_new`; else creates
    the record from the proposal, with the curator's `edited` values (name; a person's given name,
    patronymic, surname and rank; a unit's kind; an item's inventory number). A person may also be
    made a member of a unit (`member_of`) or present at an event (`took_part_in`); a date is
    attached to a `fact` ({"type": "person", "id": 3, "field": "birth_date"}). Returns the record.
    """
    records.require_permission(user, AcceptedProposal, "add")
    proposal = proposal_at(extraction, kind, index)
    key = name_key(kind, proposal)
    _decided(extraction, kind, key)
    source, language, edited = extraction.source, extraction.language, edited or {}
    with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        if kind == "dates":
            record = _attach_date(extraction, proposal, fact, user)
        else:
            match = proposal.get("match")
            pk = link_to or (None if create_new else (match or {}).get("id"))
            if pk is not None:
                record = _target(MODELS[kind], pk)
                records.require_permission(user, MODELS[kind], "change")
            else:
                record = _create_record(kind, proposal, edited, language, user)
            _cite(source, record, user, quote_for(source.text, proposal["spans"]))
            if kind == "people":
                _add_spellings(record, source, proposal["spans"], language, user, new=pk is None)
                if pk is None and "roles" in _person_values(proposal, edited, language):
                    _cite(source, record, user, quote_for(source.text, proposal["spans"]), "roles")
                _relate(extraction, record, proposal["spans"], {"member_of": member_of, "took_part_in": took_part_in},
                        user)
    accepted = AcceptedProposal(source=source, kind=kind, name_key=key, record=record,
                                decided_by=user if getattr(user, "pk", None) else None)
    records.save(accepted, user)
    return record
