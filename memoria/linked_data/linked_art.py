"""An item as a Linked Art HumanMadeObject (https://linked.art/model/object/).

Linked Art is the CIDOC-CRM profile museums publish with; its JSON-LD
context maps the short keys used here (identified_by, referred_to_by,
produced_by, ...) to CRM properties. Vocabulary terms are Getty AAT
concepts, as the Linked Art patterns require. The ids below come from
cromulent's vocabulary (the Linked Art reference library) or, for the object
genres documents, publications and artifacts, from the AAT's own data; none
is guessed.
"""

from __future__ import annotations

import mimetypes

from django.urls import reverse

from memoria.archive.models import Item, ItemPlace
from memoria.iiif.manifests import images_of
from memoria.linked_data.common import label, page_url, per_language, record_uri

CONTEXT = "https://linked.art/ns/v1/linked-art.json"
PROFILE = CONTEXT
AAT = "http://vocab.getty.edu/aat/"


def _type(aat_id: str, name: str, metatype: dict | None = None) -> dict:
    term = {"id": f"{AAT}{aat_id}", "type": "Type", "_label": name}
    if metatype:
        term["classified_as"] = [metatype]
    return term


TYPE_OF_WORK = _type("300435443", "Type of Work")
BRIEF_TEXT = _type("300418049", "Brief Text")
PRIMARY_NAME = _type("300404670", "Primary Name")
ACCESSION_NUMBER = _type("300312355", "Accession Number")
WEB_PAGE = _type("300264578", "Web Page")


def _statement(aat_id: str, name: str) -> dict:
    return _type(aat_id, name, BRIEF_TEXT)


DESCRIPTION = _statement("300435416", "Description")
MATERIAL_STATEMENT = _statement("300435429", "Material Statement")
DIMENSION_STATEMENT = _statement("300435430", "Dimension Statement")
PROVENANCE_STATEMENT = _statement("300435438", "Provenance Statement")
RIGHTS_STATEMENT = _statement("300435434", "Copyright/License Statement")
PRODUCTION_STATEMENT = _statement("300435436", "Production Statement")

# Our item kinds as AAT object genres ("type of work").
KIND_TYPES = {
    Item.Kind.OBJECT: _type("300117127", "artifacts (object genre)", TYPE_OF_WORK),
    Item.Kind.DOCUMENT: _type("300026030", "documents", TYPE_OF_WORK),
    Item.Kind.PHOTOGRAPH: _type("300046300", "photographs", TYPE_OF_WORK),
    Item.Kind.PUBLICATION: _type("300111999", "publications (documents)", TYPE_OF_WORK),
    Item.Kind.AUDIO_VIDEO: _type("300185191", "time-based media", TYPE_OF_WORK),
}

# The AAT has English, French and Russian as language concepts; no AAT id
# for Kazakh could be confirmed, so Kazakh uses the Library of Congress
# ISO 639-2 URI, which Linked Art accepts as any Language entity.
LANGUAGES = {
    "en": {"id": f"{AAT}300388277", "type": "Language", "_label": "English"},
    "fr": {"id": f"{AAT}300388306", "type": "Language", "_label": "French"},
    "ru": {"id": f"{AAT}300389168", "type": "Language", "_label": "Russian"},
    "kk": {"id": "http://id.loc.gov/vocabulary/iso639-2/kaz", "type": "Language", "_label": "Kazakh"},
}


def _texts(record, field: str, kind: str, classification: dict) -> list[dict]:
    """One Linked Art text entity per language that has the text."""
    return [
        {"type": kind, "classified_as": [classification], "content": text, "language": [LANGUAGES[code]]}
        for code, text in per_language(record, field)
    ]


def _plain_statement(text: str, classification: dict) -> list[dict]:
    return [{"type": "LinguisticObject", "classified_as": [classification], "content": text}] if text else []


def _timespan(edtf: str, lower, upper) -> dict | None:
    """The EDTF bounds as Linked Art's outer bounds; the EDTF text stays as the span's name."""
    if not edtf:
        return None
    span = {"type": "TimeSpan", "identified_by": [{"type": "Name", "content": edtf}]}
    if lower:
        span["begin_of_the_begin"] = f"{lower.isoformat()}T00:00:00Z"
    if upper:
        span["end_of_the_end"] = f"{upper.isoformat()}T23:59:59Z"
    return span


def _production(request, item, place_links) -> dict | None:
    made_in = [link.place for link in place_links if link.role == ItemPlace.Role.MADE_IN]
    production = {"type": "Production"}
    span = _timespan(item.date_made, item.date_lower, item.date_upper)
    if span:
        production["timespan"] = span
    if made_in:
        production["took_place_at"] = [
            {"id": record_uri(request, "public:place", place.pk), "type": "Place", "_label": label(place, "name")}
            for place in made_in
        ]
    origin = _texts(item, "origin", "LinguisticObject", PRODUCTION_STATEMENT)
    if origin:
        production["referred_to_by"] = origin
    return production if len(production) > 1 else None


def _home_page(url: str) -> dict:
    return {
        "type": "LinguisticObject",
        "digitally_carried_by": [{
            "type": "DigitalObject",
            "classified_as": [WEB_PAGE],
            "format": "text/html",
            "access_point": [{"id": url, "type": "DigitalObject"}],
        }],
    }


def iiif_manifest_url(request, item) -> str | None:
    """The item's IIIF manifest, when it has one: only items with tiled images do."""
    if not images_of(item):
        return None
    return request.build_absolute_uri(reverse("iiif:manifest", args=[item.pk]))


def _iiif_manifest(url: str) -> dict:
    """The manifest as Linked Art's digital-integration pattern has it: like the home page, a
    LinguisticObject (the manifest's text) carried by a DigitalObject that conforms to the
    Presentation API's top-level URI (https://linked.art/model/digital/)."""
    return {
        "type": "LinguisticObject",
        "digitally_carried_by": [{
            "type": "DigitalObject",
            "format": 'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"',
            "conforms_to": [{"id": "http://iiif.io/api/presentation/", "type": "InformationObject"}],
            "access_point": [{"id": url, "type": "DigitalObject"}],
        }],
    }


def _representations(request, images) -> list[dict]:
    return [{
        "type": "VisualItem",
        "digitally_shown_by": [{
            "type": "DigitalObject",
            "classified_as": [_type("300215302", "Digital Image")],
            "format": mimetypes.guess_type(media.display.name)[0] or media.content_type,
            "access_point": [{"id": request.build_absolute_uri(media.display.url), "type": "DigitalObject"}],
        }],
    } for media in images]


def item_document(request, page) -> dict:
    """The Linked Art document of an item page (archive.selectors.item_page)."""
    item = page.record
    images = [media for media in item.media.all() if media.is_image and media.display]
    doc = {
        "@context": CONTEXT,
        "id": record_uri(request, "public:item", item.pk),
        "type": "HumanMadeObject",
        "_label": label(item, "title"),
        "classified_as": [KIND_TYPES[item.kind]] if item.kind in KIND_TYPES else [],
        "identified_by": [
            *_texts(item, "title", "Name", PRIMARY_NAME),
            {"type": "Identifier", "classified_as": [ACCESSION_NUMBER], "content": item.inventory_number},
        ],
    }
    referred = [
        *_texts(item, "description", "LinguisticObject", DESCRIPTION),
        *_texts(item, "material", "LinguisticObject", MATERIAL_STATEMENT),
        *_texts(item, "provenance", "LinguisticObject", PROVENANCE_STATEMENT),
        *_plain_statement(item.dimensions, DIMENSION_STATEMENT),
        *_plain_statement(item.rights, RIGHTS_STATEMENT),
    ]
    if referred:
        doc["referred_to_by"] = referred
    production = _production(request, item, page.related["places"])
    if production:
        doc["produced_by"] = production
    if images:
        doc["representation"] = _representations(request, images)
    doc["subject_of"] = [_home_page(page_url(request, item))]
    manifest = iiif_manifest_url(request, item)
    if manifest:
        doc["subject_of"].append(_iiif_manifest(manifest))
    # The exhibition sections showing the item are curated sets of objects.
    sections = [entry.section for entry in page.related["entries"]]
    if sections:
        doc["member_of"] = [{
            "id": request.build_absolute_uri(section.get_absolute_url()),
            "type": "Set",
            "_label": f"{label(section.exhibition, 'title')} — {label(section, 'title')}",
        } for section in sections]
    if not doc["classified_as"]:
        del doc["classified_as"]
    return doc
