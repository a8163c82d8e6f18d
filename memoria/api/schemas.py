"""What the API sends and accepts.

Translated text travels as a language map {"kk", "ru", "en", "fr"} (empty
string = not written yet; the API never substitutes another language, unlike
the site's fallback). Every record carries `public_url`, its page on the
public site, in the language the client asked for with Accept-Language.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from ninja import Field, Schema
from pydantic import create_model

from memoria.core.visibility import can_preview, is_visible
from memoria.sources.services import citable_name

from memoria.core.i18n import LANGUAGE_CODES as LANGS


def _lang_map(field: str):
    return staticmethod(lambda obj: {code: getattr(obj, f"{field}_{code}") or "" for code in LANGS})


def _absolute(context, path: str) -> str:
    return context["request"].build_absolute_uri(path)


def _public_url(obj, context):
    return _absolute(context, obj.get_absolute_url())


def _viewer(context):
    return context["request"].auth


class LangMap(Schema):
    kk: str = ""
    ru: str = ""
    en: str = ""
    fr: str = ""


class LangMapIn(Schema):
    """Languages left out are emptied by POST and PUT, left as they are by PATCH."""

    kk: str = Field("", max_length=100_000)
    ru: str = Field("", max_length=100_000)
    en: str = Field("", max_length=100_000)
    fr: str = Field("", max_length=100_000)


# --- Output --------------------------------------------------------------------


class RecordOut(Schema):
    id: int
    public_url: str
    is_published: bool
    external_id: str | None
    created_at: datetime.datetime
    updated_at: datetime.datetime

    resolve_public_url = staticmethod(_public_url)


class PlaceRef(Schema):
    id: int
    name: LangMap
    public_url: str

    resolve_name = _lang_map("name")
    resolve_public_url = staticmethod(_public_url)


class PlaceOut(RecordOut):
    name: LangMap
    description: LangMap
    latitude: float | None
    longitude: float | None

    resolve_name = _lang_map("name")
    resolve_description = _lang_map("description")


class UnitOut(RecordOut):
    name: LangMap
    kind: str
    description: LangMap

    resolve_name = _lang_map("name")
    resolve_description = _lang_map("description")


class MediaOut(Schema):
    """A file's web-sized and thumbnail images; the original only where its rights allow."""

    id: int
    item_id: int | None
    person_id: int | None
    content_type: str
    width: int | None
    height: int | None
    alt_text: LangMap
    caption: LangMap
    credit: str
    allow_download: bool
    position: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    display_url: str | None
    thumbnail_url: str | None
    original_url: str | None

    resolve_alt_text = _lang_map("alt_text")
    resolve_caption = _lang_map("caption")

    @staticmethod
    def resolve_display_url(obj, context):
        return _absolute(context, obj.display.url) if obj.display else None

    @staticmethod
    def resolve_thumbnail_url(obj, context):
        return _absolute(context, obj.thumbnail.url) if obj.thumbnail else None

    @staticmethod
    def resolve_original_url(obj, context):
        if obj.allow_download or can_preview(_viewer(context)):
            return _absolute(context, obj.file.url)
        return None


class NameVariantOut(Schema):
    id: int
    text: str
    script: str
    language: str
    kind: str


def _visible_place(attr: str):
    def resolve(obj, context):
        place = getattr(obj, attr)
        return place if is_visible(place, _viewer(context)) else None

    return staticmethod(resolve)


class PersonOut(RecordOut):
    name: LangMap
    sort_name: str
    sex: str
    birth_date: str
    birth_place: PlaceRef | None
    death_date: str
    death_place: PlaceRef | None
    roles: LangMap
    biography: LangMap
    name_variants: list[NameVariantOut]
    media: list[MediaOut]

    resolve_name = _lang_map("name")
    resolve_roles = _lang_map("roles")
    resolve_biography = _lang_map("biography")
    resolve_birth_place = _visible_place("birth_place")
    resolve_death_place = _visible_place("death_place")


class EventOut(RecordOut):
    title: LangMap
    kind: str
    date: str
    date_lower: datetime.date | None
    date_upper: datetime.date | None
    places: list[PlaceRef]
    description: LangMap

    resolve_title = _lang_map("title")
    resolve_description = _lang_map("description")


class ItemOut(RecordOut):
    inventory_number: str
    kind: str
    title: LangMap
    description: LangMap
    date_made: str
    date_lower: datetime.date | None
    date_upper: datetime.date | None
    origin: LangMap
    material: LangMap
    dimensions: str
    provenance: LangMap
    is_original: bool | None
    rights: str
    transcription: str
    media: list[MediaOut]

    resolve_title = _lang_map("title")
    resolve_description = _lang_map("description")
    resolve_origin = _lang_map("origin")
    resolve_material = _lang_map("material")
    resolve_provenance = _lang_map("provenance")


class SourceOut(RecordOut):
    kind: str
    title: LangMap
    author: str
    publisher: LangMap
    date: str
    url: str = Field(description="Where the source itself is online, if it is.")
    language: str
    archive_reference: str
    note: LangMap

    resolve_title = _lang_map("title")
    resolve_publisher = _lang_map("publisher")
    resolve_note = _lang_map("note")


class RecordRef(Schema):
    type: str
    id: int


class CitationOut(Schema):
    id: int
    source_id: int
    record: RecordRef
    field: str = Field(description="The fact cited, e.g. birth_date; empty = the whole record.")
    locator: str
    quote: str
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_record(obj):
        return {"type": citable_name(obj.content_type.model_class()), "id": obj.object_id}


class ItemRef(Schema):
    id: int
    inventory_number: str
    title: LangMap
    public_url: str

    resolve_title = _lang_map("title")
    resolve_public_url = staticmethod(_public_url)


class PersonRef(Schema):
    id: int
    name: LangMap
    public_url: str

    resolve_name = _lang_map("name")
    resolve_public_url = staticmethod(_public_url)


class EntryOut(Schema):
    id: int
    position: int
    item: ItemRef | None
    person: PersonRef | None
    text: LangMap
    caption: LangMap

    resolve_text = _lang_map("text")
    resolve_caption = _lang_map("caption")


class SectionOut(Schema):
    id: int
    slug: str
    position: int
    title: LangMap
    caption: LangMap
    public_url: str
    entries: list[EntryOut]

    resolve_title = _lang_map("title")
    resolve_caption = _lang_map("caption")
    resolve_public_url = staticmethod(_public_url)


class ExhibitionOut(RecordOut):
    slug: str
    title: LangMap
    subtitle: LangMap
    venue: LangMap
    hall: LangMap
    place: PlaceRef | None
    opening_date: str
    introduction: LangMap
    is_featured: bool

    resolve_title = _lang_map("title")
    resolve_subtitle = _lang_map("subtitle")
    resolve_venue = _lang_map("venue")
    resolve_hall = _lang_map("hall")
    resolve_introduction = _lang_map("introduction")
    resolve_place = _visible_place("place")


class ExhibitionDetailOut(ExhibitionOut):
    sections: list[SectionOut]


class FieldError(Schema):
    field: str | None = Field(description="The field at fault, e.g. birth_date or name_variants[0].text.")
    message: str
    code: str | None = None


class ErrorOut(Schema):
    detail: str
    errors: list[FieldError] = []


# --- Input ---------------------------------------------------------------------
# Every field has a default so that one schema serves POST, PUT and PATCH; what
# a record must have (an English name, a unique inventory number, a valid EDTF
# date…) is the models' rule, checked by full_clean and reported per field.


class RecordIn(Schema):
    is_published: bool | None = Field(None, description="Omitted: new records stay unpublished, "
                                                        "existing ones keep their state.")
    external_id: str | None = Field(None, description="Omitted: left as it is.")


class PlaceIn(RecordIn):
    name: LangMapIn = LangMapIn()
    description: LangMapIn = LangMapIn()
    latitude: Decimal | None = None
    longitude: Decimal | None = None


class UnitIn(RecordIn):
    name: LangMapIn = LangMapIn()
    kind: str = "organisation"
    description: LangMapIn = LangMapIn()


class NameVariantIn(Schema):
    id: int | None = Field(None, description="An existing spelling of this person; omitted = a new one.")
    text: str = ""
    script: str = ""
    language: str = ""
    kind: str = "archive"


class PersonIn(RecordIn):
    name: LangMapIn = LangMapIn()
    sort_name: str = ""
    sex: str = "unknown"
    birth_date: str = ""
    birth_place_id: int | None = None
    death_date: str = ""
    death_place_id: int | None = None
    roles: LangMapIn = LangMapIn()
    biography: LangMapIn = LangMapIn()
    name_variants: list[NameVariantIn] | None = Field(
        None, description="The complete list of spellings: listed ones are kept or added, the others "
                          "deleted. Omitted: spellings are left as they are.")


class EventIn(RecordIn):
    title: LangMapIn = LangMapIn()
    kind: str = "other"
    date: str = ""
    place_ids: list[int] | None = Field(None, description="Omitted: places are left as they are.")
    description: LangMapIn = LangMapIn()


class ItemIn(RecordIn):
    inventory_number: str = ""
    kind: str = "object"
    title: LangMapIn = LangMapIn()
    description: LangMapIn = LangMapIn()
    date_made: str = ""
    origin: LangMapIn = LangMapIn()
    material: LangMapIn = LangMapIn()
    dimensions: str = ""
    provenance: LangMapIn = LangMapIn()
    is_original: bool | None = None
    rights: str = ""
    transcription: str = ""


class SourceIn(RecordIn):
    kind: str = "article"
    title: LangMapIn = LangMapIn()
    author: str = ""
    publisher: LangMapIn = LangMapIn()
    date: str = ""
    url: str = ""
    language: str = ""
    archive_reference: str = ""
    note: LangMapIn = LangMapIn()


class CitationIn(Schema):
    source_id: int | None = None
    record: RecordRef | None = None
    field: str = ""
    locator: str = ""
    quote: str = ""



class MediaIn(Schema):
    """What PATCH changes on a media file; the file itself is replaced by deleting and uploading."""

    alt_text: LangMapIn = LangMapIn()
    caption: LangMapIn = LangMapIn()
    credit: str = ""
    allow_download: bool = False
    position: int = Field(0, ge=0, le=32767)


def _media_form():
    """The multipart fields sent beside the file: language maps are flat here (alt_text_en…)."""
    fields = {f"{name}_{code}": (str, Field("", max_length=100_000)) for name in ("alt_text", "caption")
              for code in LANGS}
    fields.update(credit=(str, Field("", max_length=100_000)), allow_download=(bool, False),
                  position=(int, Field(0, ge=0, le=32767)))
    return create_model("MediaUploadForm", __base__=Schema, **fields)


MediaUploadForm = _media_form()


# --- Relations -------------------------------------------------------------------


class UnitRef(Schema):
    id: int
    name: LangMap
    public_url: str

    resolve_name = _lang_map("name")
    resolve_public_url = staticmethod(_public_url)


class EventRef(Schema):
    id: int
    title: LangMap
    date: str
    public_url: str

    resolve_title = _lang_map("title")
    resolve_public_url = staticmethod(_public_url)


class RelationOut(Schema):
    id: int
    created_at: datetime.datetime
    updated_at: datetime.datetime


class MembershipOut(RelationOut):
    person: PersonRef
    unit: UnitRef
    role: LangMap
    date: str
    date_lower: datetime.date | None
    date_upper: datetime.date | None

    resolve_role = _lang_map("role")


class ParticipationOut(RelationOut):
    event: EventRef
    person: PersonRef | None
    unit: UnitRef | None
    role: LangMap

    resolve_role = _lang_map("role")


class ItemPersonOut(RelationOut):
    item: ItemRef
    person: PersonRef
    role: str


class ItemEventOut(RelationOut):
    item: ItemRef
    event: EventRef
    role: str


class ItemPlaceOut(RelationOut):
    item: ItemRef
    place: PlaceRef
    role: str


class MembershipIn(Schema):
    person_id: int | None = None
    unit_id: int | None = None
    role: LangMapIn = LangMapIn()
    date: str = Field("", description="EDTF: 1942, 1942-05/1944, 1943?…")


class ParticipationIn(Schema):
    event_id: int | None = None
    person_id: int | None = Field(None, description="A person or a unit took part, not both.")
    unit_id: int | None = None
    role: LangMapIn = LangMapIn()


class ItemPersonIn(Schema):
    item_id: int | None = None
    person_id: int | None = None
    role: str = Field("", description="belonged_to, depicts, mentions or written_by.")


class ItemEventIn(Schema):
    item_id: int | None = None
    event_id: int | None = None
    role: str = Field("", description="depicts, mentions or documents.")


class ItemPlaceIn(Schema):
    item_id: int | None = None
    place_id: int | None = None
    role: str = Field("", description="made_in, depicts or mentions.")


# --- Exhibitions -------------------------------------------------------------------


class ExhibitionIn(RecordIn):
    slug: str = Field("", description="The exhibition's address: /exhibitions/<slug>/.")
    title: LangMapIn = LangMapIn()
    subtitle: LangMapIn = LangMapIn()
    venue: LangMapIn = LangMapIn()
    hall: LangMapIn = LangMapIn()
    place_id: int | None = None
    opening_date: str = ""
    opening_event_id: int | None = None
    introduction: LangMapIn = LangMapIn()
    is_featured: bool = False


class SectionDetailOut(SectionOut):
    exhibition_id: int
    is_published: bool
    external_id: str | None
    created_at: datetime.datetime
    updated_at: datetime.datetime


class SectionIn(RecordIn):
    exhibition_id: int | None = None
    slug: str = Field("", description="The section's address inside its exhibition.")
    position: int = Field(0, ge=0, le=32767)
    title: LangMapIn = LangMapIn()
    caption: LangMapIn = LangMapIn()


class EntryDetailOut(EntryOut):
    section_id: int
    created_at: datetime.datetime
    updated_at: datetime.datetime


class EntryIn(Schema):
    section_id: int | None = None
    position: int = Field(0, ge=0, le=32767)
    item_id: int | None = Field(None, description="An item, a person, or neither (a text panel).")
    person_id: int | None = None
    text: LangMapIn = LangMapIn()
    caption: LangMapIn = LangMapIn()


class SectionOrderIn(Schema):
    section_ids: list[int] = Field(description="Every section of the exhibition, in the new order.")


class EntryOrderIn(Schema):
    entry_ids: list[int] = Field(description="Every entry of the section, in the new order.")
