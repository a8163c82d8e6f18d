"""What the API sends (what it accepts is memoria.api.inputs).

Translated text travels as a language map {"kk", "ru", "en", "fr"} (empty
string = not written yet; the API never substitutes another language, unlike
the site's fallback). Every record carries `public_url`, its page on the
public site, in the language the client asked for with Accept-Language.
"""

from __future__ import annotations

import datetime
from ninja import Field, Schema

from memoria.archive.media_access import download_for
from memoria.core.visibility import is_visible
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
        # The file view's own rule: visitors get the public copy, where its rights allow.
        original = download_for(obj, _viewer(context))
        return _absolute(context, original.url) if original else None


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
    errors: list[FieldError] = Field(default_factory=list,
                                     description="One entry per field at fault; empty or absent when the "
                                                 "refusal is about the whole request.")


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


# --- Exhibitions -------------------------------------------------------------------


class SectionDetailOut(SectionOut):
    exhibition_id: int
    is_published: bool
    external_id: str | None
    created_at: datetime.datetime
    updated_at: datetime.datetime


class EntryDetailOut(EntryOut):
    section_id: int
    created_at: datetime.datetime
    updated_at: datetime.datetime


# --- Family contributions (for the back office's users) ------------------------------------


class ContributionFileOut(Schema):
    """A file as the family sent it; opened in the back office, never by URL here."""

    id: int
    original_name: str
    content_type: str
    size: int


class ContributionOut(Schema):
    id: int
    kind: str
    status: str
    licence: str
    about: str = Field(description='The record it was sent from: "person:3", "item:12"; "" = the exhibition.')
    sent_from: str
    language: str
    text: str
    field: str
    proposed_value: str
    person_name: str
    contributor_name: str
    contributor_email: str
    relation: str
    credit_by_name: bool
    rights_confirmed: bool
    curator_message: str
    created_at: datetime.datetime
    decided_at: datetime.datetime | None
    files: list[ContributionFileOut]
    outcome: dict = Field(description="What acceptance made or changed (source, citations, media, person, edit).")

    @staticmethod
    def resolve_about(obj):
        subject = obj.subject
        return f"{subject._meta.model_name}:{subject.pk}" if subject is not None else ""

    @staticmethod
    def resolve_files(obj):
        return list(obj.files.all())


class ContributionReceiptOut(Schema):
    status: str
    status_url: str = Field(description="The contributor's secret status page: shown once, also e-mailed.")
