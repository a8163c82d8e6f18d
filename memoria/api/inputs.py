"""What the API accepts: one schema per record type for POST and PUT (`PlaceIn`), and one for PATCH
derived from it (`PlacePatch`).

The document states every rule a JSON Schema can state, as the models enforce it: required fields
(a model field that may not be blank), lengths, choices, ranges, types (strict: "1" is not a number,
1 is not a boolean), no unknown fields. Text may not contain U+0000 (PostgreSQL cannot store it): the
API's description says so once — a pattern on every text field would make the document costly for
generators of test data (schemathesis took a minute and a gigabyte per operation). What only
the database can tell (a referenced record exists, an inventory number is unique, an EDTF date
parses, a participation names a person or a unit) is refused with 422 (409 when unique), naming
the field.

POST and PUT send the whole record: omitted optional fields are emptied (languages left out of a
language map too). PATCH sends what changes: omitted fields and languages are left as they are, so
its schemas carry no defaults, and a generated client sends only what its caller set.
"""

import copy
import functools
from decimal import Decimal
from functools import cache
from typing import Annotated, Literal

from ninja import Field, Schema
from ninja.errors import ValidationError as RequestValidationError
from pydantic import AfterValidator, BeforeValidator, ConfigDict, PlainSerializer, create_model

# The domains register the kinds of record a citation may name when their actions are imported.
import memoria.archive.services  # noqa: F401
import memoria.exhibitions.services  # noqa: F401
from memoria.archive.models import Event, Item, ItemEvent, ItemPerson, ItemPlace, NameVariant, Person, Unit
from memoria.contributions.forms import MAX_TEXT as CONTRIBUTION_MAX_TEXT
from memoria.contributions.models import Contribution
from memoria.core.i18n import LANGUAGE_CODES as LANGS
from memoria.sources.models import Source
from memoria.sources.services import CITABLE

#: The language a record must be named in (the back office's required column, the site's last fallback).
REQUIRED_LANGUAGE = "en"
LONG_TEXT = 100_000
MAX_ID = 2**63 - 1
MAX_POSITION = 32767


def text_field(max_length: int = LONG_TEXT, *, required: bool = False, **extra):
    """A string field's rules: required ones must not be empty (the model's `blank=False`)."""
    return Field(..., min_length=1, max_length=max_length, **extra) if required else \
        Field("", max_length=max_length, **extra)


def edtf(description: str = "EDTF, e.g. 1942, 1942-05, 1943?, 1941/1945; empty = unknown."):
    return text_field(64, description=description, json_schema_extra={"format": "edtf"})


def choice(model_choices) -> type:
    return Literal[tuple(model_choices.values)]


def _integral(value):
    """JSON Schema counts 180.0 as an integer; strict pydantic would not."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


# The rules before the validator: after it, pydantic would leave them out of the document's schema.
RecordId = Annotated[int, Field(ge=1, le=MAX_ID), BeforeValidator(_integral)]
Position = Annotated[int, Field(ge=0, le=MAX_POSITION), BeforeValidator(_integral)]


def _micro_degrees(value: float) -> Decimal:
    """Coordinates are stored to 6 decimal places (about 0.1 m)."""
    return Decimal(str(value)).quantize(Decimal("0.000001"))


def coordinate(limit: int):
    return Annotated[float, Field(ge=-limit, le=limit, allow_inf_nan=False,
                                  description="Degrees; stored to 6 decimal places."),
                     AfterValidator(_micro_degrees), PlainSerializer(lambda value: value)]


class StrictIn(Schema):
    """Input is read as sent: no "1" for 1, no 1 for true, no field the API does not know."""

    model_config = ConfigDict(strict=True, extra="forbid")


def _no_default(schema: dict) -> None:
    schema.pop("default", None)


@cache
def lang_map(max_length: int, *, required: bool = False, patch: bool = False) -> type[StrictIn]:
    """{"kk", "ru", "en", "fr"}; a required text needs its English version (empty = not written yet)."""
    fields = {}
    for code in LANGS:
        must = required and code == REQUIRED_LANGUAGE
        rules = dict(max_length=max_length, min_length=1 if must else None)
        if patch:
            fields[code] = (str, Field(None, json_schema_extra=_no_default, **rules))
        else:
            fields[code] = (str, Field(... if must else "", **rules))
    name = f"Text{'Required' if required else ''}{max_length}{'Patch' if patch else 'In'}"
    doc = ("Languages left out are left as they are." if patch else "Languages left out are emptied.")
    if required:
        doc += f" The {REQUIRED_LANGUAGE} text may not be empty."
    model = create_model(name, __base__=StrictIn, __doc__=doc, **fields)
    model.patch_variant = lambda: lang_map(max_length, required=required, patch=True)
    return model


def translated(max_length: int = LONG_TEXT, *, required: bool = False):
    """A language map field; optional ones get their empty map from a factory (an object default
    in the document breaks client generators)."""
    model = lang_map(max_length, required=required)
    return Annotated[model, Field(...) if required else Field(default_factory=model)]


@cache
def patch_of(model: type[StrictIn]) -> type[StrictIn]:
    """The PATCH schema of `model`: every field optional, no defaults, the same rules."""
    fields = {}
    for name, info in model.model_fields.items():
        optional = copy.copy(info)
        optional.default, optional.default_factory = None, None
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        optional.json_schema_extra = lambda schema, extra=extra: (schema.update(extra), _no_default(schema))
        annotation = info.annotation
        if hasattr(annotation, "patch_variant"):
            annotation = annotation.patch_variant()
        fields[name] = (annotation, optional)  # the copy keeps the rules (metadata)
    name = model.__name__.removesuffix("In") + "Patch"
    return create_model(name, __base__=StrictIn, __doc__="The fields to change; omitted = left as they are.",
                        **fields)


# --- Records ---------------------------------------------------------------------


class RecordIn(StrictIn):
    is_published: bool | None = Field(None, description="Omitted or null: new records stay unpublished, "
                                                        "existing ones keep their state.")
    external_id: str | None = Field(None, min_length=1, max_length=100,
                                    description="An importer's identifier, unique. Omitted or null: "
                                                "left as it is.")


class PlaceIn(RecordIn):
    name: translated(300, required=True)
    description: translated()
    latitude: coordinate(90) | None = None
    longitude: coordinate(180) | None = None


class UnitIn(RecordIn):
    name: translated(300, required=True)
    kind: choice(Unit.Kind) = Unit.Kind.ORGANISATION.value
    description: translated()


class NameVariantIn(StrictIn):
    id: RecordId | None = Field(None, description="An existing spelling of this person; omitted = a new one.")
    text: str = text_field(300, required=True, description="Must contain a visible character.")
    script: Literal[(*NameVariant.Script.values, "")] = ""
    language: str = text_field(16)
    kind: choice(NameVariant.Kind) = NameVariant.Kind.ARCHIVE.value


class PersonIn(RecordIn):
    name: translated(300, required=True)
    sort_name: str = text_field(300)
    sex: choice(Person.Sex) = Person.Sex.UNKNOWN.value
    birth_date: str = edtf()
    birth_place_id: RecordId | None = None
    death_date: str = edtf()
    death_place_id: RecordId | None = None
    roles: translated(300)
    biography: translated()
    name_variants: list[NameVariantIn] | None = Field(
        None, description="The complete list of spellings: listed ones are kept or added, the others "
                          "deleted. Omitted or null: spellings are left as they are.")


class EventIn(RecordIn):
    title: translated(300, required=True)
    kind: choice(Event.Kind) = Event.Kind.OTHER.value
    date: str = edtf()
    place_ids: list[RecordId] | None = Field(None, description="Omitted or null: places are left as they are.")
    description: translated()


class ItemIn(RecordIn):
    inventory_number: str = text_field(64, required=True, description="Unique; must contain a visible character.")
    kind: choice(Item.Kind) = Item.Kind.OBJECT.value
    title: translated(500, required=True)
    description: translated()
    date_made: str = edtf()
    origin: translated(300)
    material: translated(300)
    dimensions: str = text_field(200)
    provenance: translated()
    is_original: bool | None = None
    rights: str = text_field(300)
    transcription: str = text_field()


class SourceIn(RecordIn):
    kind: choice(Source.Kind) = Source.Kind.ARTICLE.value
    title: translated(500, required=True)
    author: str = text_field(300)
    publisher: translated(300)
    date: str = edtf()
    url: str = text_field(1000, description="A web address (http, https or ftp), or empty.")
    language: str = text_field(16)
    archive_reference: str = text_field(300)
    note: translated()


class RecordRefIn(StrictIn):
    type: Literal[tuple(CITABLE)]
    id: RecordId


class CitationIn(StrictIn):
    source_id: RecordId
    record: RecordRefIn
    field: str = text_field(64, description="The fact cited, e.g. birth_date; empty = the whole record.")
    locator: str = text_field(200)
    quote: str = text_field()


class MediaIn(StrictIn):
    """What PATCH changes on a media file; the file itself is replaced by deleting and uploading."""

    alt_text: translated(500)
    caption: translated(500)
    credit: str = text_field(300)
    allow_download: bool = False
    position: Position = 0


def _media_form():
    """The multipart fields sent beside the file: language maps are flat here (alt_text_en…)."""
    fields = {f"{name}_{code}": (str, Field("", max_length=500))
              for name in ("alt_text", "caption") for code in LANGS}
    fields.update(credit=(str, Field("", max_length=300)), allow_download=(bool, False),
                  position=(int, Field(0, ge=0, le=MAX_POSITION)))
    return create_model("MediaUploadForm", __base__=Schema, **fields)


MediaUploadForm = _media_form()


# --- Relations -----------------------------------------------------------------------


class MembershipIn(StrictIn):
    person_id: RecordId
    unit_id: RecordId
    role: translated(200)
    date: str = edtf("EDTF: 1942, 1942-05/1944, 1943?…; empty = unknown.")


class ParticipationIn(StrictIn):
    event_id: RecordId
    person_id: RecordId | None = Field(None, description="A person or a unit took part: exactly one of them.")
    unit_id: RecordId | None = None
    role: translated(200)


class ItemPersonIn(StrictIn):
    item_id: RecordId
    person_id: RecordId
    role: choice(ItemPerson.Role)


class ItemEventIn(StrictIn):
    item_id: RecordId
    event_id: RecordId
    role: choice(ItemEvent.Role)


class ItemPlaceIn(StrictIn):
    item_id: RecordId
    place_id: RecordId
    role: choice(ItemPlace.Role)


# --- Exhibitions -----------------------------------------------------------------------

SLUG = r"^[-a-zA-Z0-9_]+$"


class ExhibitionIn(RecordIn):
    slug: str = Field(..., min_length=1, max_length=100, pattern=SLUG,
                      description="The exhibition's address: /exhibitions/<slug>/; unique.")
    title: translated(300, required=True)
    subtitle: translated(300)
    venue: translated(300)
    hall: translated(200)
    place_id: RecordId | None = None
    opening_date: str = edtf()
    opening_event_id: RecordId | None = None
    introduction: translated()
    is_featured: bool = False


class SectionIn(RecordIn):
    exhibition_id: RecordId
    slug: str = Field(..., min_length=1, max_length=100, pattern=SLUG,
                      description="The section's address inside its exhibition; unique there.")
    position: Position = 0
    title: translated(300, required=True)
    caption: translated()


class EntryIn(StrictIn):
    section_id: RecordId
    position: Position = 0
    item_id: RecordId | None = Field(None, description="An item, a person, or neither (then a text).")
    person_id: RecordId | None = None
    text: translated()
    caption: translated()


class SectionOrderIn(StrictIn):
    section_ids: list[RecordId] = Field(description="Every section of the exhibition, in the new order.")


class EntryOrderIn(StrictIn):
    entry_ids: list[RecordId] = Field(description="Every entry of the section, in the new order.")


# --- Family contributions ----------------------------------------------------------------


class ContributionSubmission(Schema):
    """What a family sends (multipart, with its files in `files`): the fields of the site's form,
    checked by the same action (contributions.services.submit). Which fact a correction may name
    depends on the record: a person's name, birth_date, birth_place, death_date, death_place, roles;
    an item's title, date_made, origin, material, dimensions, provenance."""

    kind: choice(Contribution.Kind)
    about: str = Field("", max_length=30, pattern=r"^((person|item):[1-9][0-9]{0,17})?$",
                       description='The published record it is about: "person:3", "item:12"; empty = the exhibition.')
    text: str = text_field(CONTRIBUTION_MAX_TEXT, description="The story, or what you know (plain text). "
                                                              "Required for a story.")
    field: str = text_field(64, description="A correction: the fact to correct.")
    proposed_value: str = text_field(2000, description="A correction: what the fact should say.")
    person_name: str = text_field(300, description="A missing person: their name.")
    contributor_name: str = text_field(200, required=True)
    contributor_email: str = Field(..., min_length=3, max_length=254, description="Only the museum sees it.")
    relation: str = text_field(200, required=True, description="Your relation to the person: grandson, niece…")
    licence: choice(Contribution.Licence)
    credit_by_name: bool = False
    rights_confirmed: bool = Field(..., description="You hold the rights to what you send: must be true.")
    language: str = Field("", pattern=f"^({'|'.join(LANGS)})?$", description=(
        "kk, ru, en or fr: the language of the e-mails and the status page; empty = the request's "
        "Accept-Language."))


class AcceptIn(StrictIn):
    """The curator's edits before accepting; omitted = as the family sent it."""

    text: str | None = Field(None, max_length=CONTRIBUTION_MAX_TEXT)
    field: str | None = Field(None, max_length=64)
    proposed_value: str | None = Field(None, max_length=2000)
    person_name: str | None = Field(None, max_length=300)


class DeclineIn(StrictIn):
    reason: str = Field(..., min_length=1, max_length=5000, description="Shown to the contributor.")


class AskMoreIn(StrictIn):
    message: str = Field(..., min_length=1, max_length=5000, description="Shown to the contributor.")



def declared_query_only(*schemas):
    """Refuse (422) a query parameter that none of `schemas` declares, as the bodies refuse unknown
    fields: a misspelt filter (`?update_since=`) must not be dropped silently and answer the whole
    list (django-ninja maps the declared names and ignores the rest). For list operations, on the
    view itself (innermost), with the filters and the pagination's Input."""
    declared = {field.alias or name for schema in schemas for name, field in schema.model_fields.items()}

    def decorator(view):
        @functools.wraps(view)
        def checked(request, *args, **kwargs):
            unknown = sorted(set(request.GET) - declared)
            if unknown:
                raise RequestValidationError([
                    {"loc": ("query", name), "msg": f"This list has no query parameter {name!r}.",
                     "type": "unknown_parameter"}
                    for name in unknown])
            return view(request, *args, **kwargs)
        return checked
    return decorator
