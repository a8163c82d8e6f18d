"""What accepting a family contribution makes of it — through the archive's own actions — and how
that is taken back.

An accepted contribution becomes:
- a Source of kind "family contribution" holding the text as sent (or as the curator edited it),
  who sent it and in what relation (the name only when the family asked to be credited), the date
  received and the licence; published unless the licence is "for the museum's research only";
- a citation of that source on the record the contribution is about (and on the fact it corrects,
  or the spelling it adds);
- its files as Media of that record (archive.services.media_upload: the public copy without GPS
  or other metadata, the display images, the deep-zoom tiles), unless the licence keeps them for
  research: then they stay private with the contribution;
- for a correction, an edit of the named fact (core.services.update); a new spelling of a name
  becomes a name variant, so the names the archive already holds stay;
- for a missing person, a draft (unpublished) person with the name as a spelling.

Everything made is written into the contribution's `outcome`, with the version of each record
at acceptance, so that `undo` removes exactly that — and refuses (VersionConflict) when a curator
changed one of those records since.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db.models import ProtectedError, Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from memoria.archive.models import Item, Media, NameVariant, Person, Place
from memoria.archive.services import media_upload
from memoria.contributions.models import Contribution
from memoria.contributions.subjects import CORRECTABLE_FACTS
from memoria.contributions.text import plain_text
from memoria.core import services as records
from memoria.core.errors import VersionConflict
from memoria.core.i18n import LANGUAGE_CODES, translated, translated_fields
from memoria.names.normalize import detect_script
from memoria.sources.models import Citation, Source
from memoria.sources.services import citable_name, citation_create

#: What the curator may change before accepting (accept(…, edited=…)).
EDITABLE = ("text", "field", "proposed_value", "person_name")

TITLES = {
    Contribution.Kind.STORY: _("Family story about %(about)s"),
    Contribution.Kind.PHOTOS: _("Family photographs of %(about)s"),
    Contribution.Kind.CORRECTION: _("Family correction about %(about)s"),
    Contribution.Kind.MISSING_PERSON: _("Family information about %(about)s"),
}
MODELS = {"person": Person, "item": Item, "place": Place, "name_variant": NameVariant, "media": Media,
          "source": Source, "citation": Citation}


@dataclass(frozen=True)
class Proposal:
    """The contribution as accepted: what the family sent, with the curator's edits."""

    text: str
    field: str
    proposed_value: str
    person_name: str

    @classmethod
    def of(cls, contribution: Contribution, edited: dict | None) -> Proposal:
        edited = dict(edited or {})
        unknown = set(edited) - set(EDITABLE)
        if unknown:
            raise ValidationError({name: "This cannot be edited before accepting." for name in sorted(unknown)})
        values = {name: edited.get(name, getattr(contribution, name)) or "" for name in EDITABLE}
        records.refuse_null_characters(values)
        # The curator's edits are plain text too, like what the family sent (contributions.text).
        return cls(**{name: plain_text(str(value)) for name, value in values.items()})


def _kind_name(obj) -> str:
    return next(name for name, model in MODELS.items() if isinstance(obj, model))


def _about(record, lang: str) -> str:
    if isinstance(record, Person):
        return record.display_name(lang).text
    if isinstance(record, Item):
        return translated(record, "title", lang).text
    return gettext("the exhibition as a whole")


def _received(contribution: Contribution):
    return timezone.localdate(contribution.created_at)


def _note(contribution: Contribution) -> str:
    """Who sent it, when, under what licence — in the active language."""
    values = {"date": formats.date_format(_received(contribution)), "relation": contribution.relation,
              "name": contribution.contributor_name, "licence": contribution.get_licence_display()}
    if contribution.credit_by_name:
        sent = gettext("Sent by %(name)s (%(relation)s) on %(date)s.") if contribution.relation \
            else gettext("Sent by %(name)s on %(date)s.")
    else:
        sent = gettext("Sent by a family member (%(relation)s) on %(date)s.") if contribution.relation \
            else gettext("Sent by a family member on %(date)s.")
    return f"{sent % values} {gettext('Licence: %(licence)s.') % values}"


def _in_every_language(make) -> dict[str, str]:
    values = {}
    for lang in LANGUAGE_CODES:
        with translation.override(lang):
            values[lang] = make(lang)
    return values


def _source(contribution: Contribution, proposal: Proposal, record, user) -> Source:
    about_of = (lambda lang: proposal.person_name) if contribution.kind == Contribution.Kind.MISSING_PERSON \
        else (lambda lang: _about(record, lang))
    title = TITLES[contribution.kind]
    return records.create(Source, {
        "kind": Source.Kind.FAMILY,
        # The date is the source's own field (the footnote shows it), not part of the title.
        "title": _in_every_language(lambda lang: str(title) % {"about": about_of(lang)[:300]}),
        "note": _in_every_language(lambda lang: _note(contribution)),
        "author": contribution.contributor_name if contribution.credit_by_name else "",
        "date": _received(contribution).isoformat(),
        "language": contribution.language,
        "text": proposal.text,
        "is_published": contribution.licence != Contribution.Licence.RESEARCH_ONLY,
    }, user)


def _cite(source: Source, record, user, field: str = "") -> Citation:
    return citation_create({"source_id": source.pk, "field": field,
                            "record": {"type": citable_name(type(record)), "id": record.pk}}, user)


def _spelling(person: Person, text: str, language: str) -> dict:
    script = detect_script(text)
    return {"person_id": person.pk, "text": text, "language": language, "kind": NameVariant.Kind.ARCHIVE,
            "script": script if script in NameVariant.Script.values else NameVariant.Script.OTHER}


def _missing_person(contribution: Contribution, proposal: Proposal, user) -> Person:
    if not proposal.person_name:
        raise ValidationError({"person_name": gettext("Give the name of the missing person.")})
    # The name in the family's language; the curator completes the draft before publishing it.
    with translation.override(contribution.language):
        person = records.create(Person, {f"name_{contribution.language}": proposal.person_name,
                                         "is_published": False}, user)
    return person


def _place(value: str) -> Place:
    """A place named by its number or by one of its names (exactly, in any language)."""
    if value.isdigit():
        found = list(Place.objects.filter(pk=int(value)))
    else:
        names = Q()
        for lang in LANGUAGE_CODES:
            names |= Q(**{f"name_{lang}__iexact": value})
        found = list(Place.objects.filter(names)[:2])
    if len(found) != 1:
        raise ValidationError({"proposed_value": gettext(
            "No single place is named “%(value)s”: edit the value to the number of the place "
            "(create the place first if the archive has none).") % {"value": value}})
    return found[0]


def _correct(contribution: Contribution, proposal: Proposal, record, user) -> tuple[dict, object]:
    """Apply the correction; returns (the edit, for undo, or {} for a new spelling; what to cite)."""
    model = type(record)
    if proposal.field not in CORRECTABLE_FACTS.get(model, ()):
        raise ValidationError({"field": gettext("This fact cannot be corrected from a contribution.")})
    if not proposal.proposed_value:
        raise ValidationError({"proposed_value": gettext("Give the corrected value.")})
    if isinstance(record, Person) and proposal.field == "name":
        # Another spelling, beside those the archive holds (each cited by its own source).
        variant = records.create(NameVariant, _spelling(record, proposal.proposed_value, contribution.language),
                                 user)
        return {}, variant
    field = model._meta.get_field(proposal.field)
    if field.many_to_one:
        column, new = field.attname, _place(proposal.proposed_value).pk
    elif proposal.field in translated_fields(model):
        column, new = f"{proposal.field}_{contribution.language}", proposal.proposed_value
    else:
        column, new = proposal.field, proposal.proposed_value
    old = getattr(record, column)
    changed = records.update(model, record.pk, {column: new}, user, records.version_of(record))
    edit = {"model": _kind_name(record), "pk": record.pk, "field": column, "old": old,
            "new": getattr(changed, column)}
    return edit, changed


def current_value(contribution: Contribution) -> str:
    """What the fact a correction names says now, in the contribution's language (for the
    moderation queue's "what would change"); "" when it says nothing or names no fact."""
    record, name = contribution.subject, contribution.field
    if contribution.kind != Contribution.Kind.CORRECTION or name not in CORRECTABLE_FACTS.get(type(record), ()):
        return ""
    if isinstance(record, Person) and name == "name":
        return " · ".join(text for text, _variants in record.spellings()) or str(record)
    field = type(record)._meta.get_field(name)
    if field.many_to_one:
        target = getattr(record, name)
        return translated(target, "name", contribution.language).text if target is not None else ""
    if name in translated_fields(type(record)):
        return getattr(record, f"{name}_{contribution.language}", "") or ""
    return str(getattr(record, name) or "")


def _media(contribution: Contribution, record, user) -> list[Media]:
    if contribution.licence == Contribution.Licence.RESEARCH_ONLY:
        return []  # kept for research: the files stay private with the contribution
    credit = ", ".join(filter(None, [
        contribution.contributor_name if contribution.credit_by_name else "",
        Contribution.Licence.CC_BY.label if contribution.licence == Contribution.Licence.CC_BY else ""]))
    date = _received(contribution)
    details = {
        "alt_text": _in_every_language(lambda lang: gettext("A photograph sent by the family")),
        "caption": _in_every_language(lambda lang: gettext("Sent by the family, received %(date)s")
                                      % {"date": formats.date_format(date)}),
        "credit": credit[:300],
        # Only a free licence lets visitors download the (metadata-stripped) original.
        "allow_download": contribution.licence == Contribution.Licence.CC_BY,
    }
    made = []
    for sent in contribution.files.all():
        with sent.file.open("rb") as handle:
            made.append(media_upload(type(record), record.pk, File(handle, name=sent.original_name or "upload"),
                                     details, user))
    return made


def accept(contribution: Contribution, edited: dict | None, user) -> dict:
    """Make the records; returns the outcome to store. Called inside the acceptance's transaction."""
    proposal = Proposal.of(contribution, edited)
    record = contribution.subject if isinstance(contribution.subject, (Person, Item)) else None
    if contribution.kind == Contribution.Kind.STORY and not proposal.text:
        raise ValidationError({"text": gettext("The story is empty.")})
    if contribution.kind in (Contribution.Kind.CORRECTION, Contribution.Kind.PHOTOS) and record is None:
        raise ValidationError({"subject": gettext("The record this was sent from no longer exists.")})
    outcome = {"person": None, "variant": None, "edit": None, "media": [], "citations": []}
    if contribution.kind == Contribution.Kind.MISSING_PERSON:
        record = _missing_person(contribution, proposal, user)
        outcome["person"] = record.pk
    source = _source(contribution, proposal, record, user)
    outcome["source"] = source.pk
    if record is not None:
        outcome["citations"].append(_cite(source, record, user).pk)
    if contribution.kind == Contribution.Kind.MISSING_PERSON:
        variant = records.create(NameVariant, _spelling(record, proposal.person_name, contribution.language), user)
        outcome["variant"] = variant.pk
        outcome["citations"].append(_cite(source, variant, user).pk)
    if contribution.kind == Contribution.Kind.CORRECTION:
        edit, cited = _correct(contribution, proposal, record, user)
        if edit:
            outcome["edit"] = edit
            outcome["citations"].append(_cite(source, cited, user, proposal.field).pk)
        else:
            outcome["variant"] = cited.pk
            outcome["citations"].append(_cite(source, cited, user).pk)
    elif proposal.field and record is not None:
        # The curator names the fact a story (or a photograph) supports: the source cites it too.
        if proposal.field not in CORRECTABLE_FACTS.get(type(record), ()):
            raise ValidationError({"field": gettext("This fact cannot be corrected from a contribution.")})
        outcome["citations"].append(_cite(source, record, user, proposal.field).pk)
    if record is not None:
        outcome["media"] = [media.pk for media in _media(contribution, record, user)]
    outcome["edited"] = {name: getattr(proposal, name) for name in EDITABLE
                         if getattr(proposal, name) != getattr(contribution, name)}
    outcome["versions"] = _versions(outcome)
    return outcome


# --- Undo ---------------------------------------------------------------------------------


def _made(outcome: dict) -> list[tuple[str, int]]:
    """What acceptance created, in the order undo deletes it (citations before their source)."""
    made = [("citation", pk) for pk in outcome.get("citations", [])]
    made += [("media", pk) for pk in outcome.get("media", [])]
    if outcome.get("variant"):
        made.append(("name_variant", outcome["variant"]))
    if outcome.get("person"):
        made.append(("person", outcome["person"]))
    made.append(("source", outcome["source"]))
    return made


def _versions(outcome: dict) -> dict[str, str]:
    """The version of every record acceptance created, as it stands at the end of acceptance."""
    return {f"{name}:{pk}": records.version_of(MODELS[name].objects.get(pk=pk)) for name, pk in _made(outcome)}


def undo(contribution: Contribution, user) -> None:
    """Remove what acceptance made and restore the edited fact; inside the undo's transaction."""
    outcome = contribution.outcome
    versions = outcome.get("versions", {})
    edit = outcome.get("edit")
    if edit:
        model = MODELS[edit["model"]]
        current = records.locked(model, edit["pk"])
        if getattr(current, edit["field"]) != edit["new"]:
            raise VersionConflict  # the fact was changed again since: undoing would lose that change
        records.update(model, edit["pk"], {edit["field"]: edit["old"]}, user, records.version_of(current))
    for name, pk in _made(outcome):
        model = MODELS[name]
        if not model.objects.filter(pk=pk).exists():
            continue  # already deleted by a curator (or with the person it belonged to)
        try:
            records.delete(model, pk, user, versions.get(f"{name}:{pk}"))
        except ProtectedError:
            raise ValidationError(gettext(
                "Other citations now use the source made from this contribution: remove them first.")) from None
