"""People, places and events as schema.org JSON-LD (https://schema.org/).

Search engines and general-purpose harvesters read schema.org. Texts carry
their language (@value/@language); dates appear as schema.org Dates only
when the source is precise enough, otherwise the EDTF text is stated in a
description rather than turned into a date the sources never gave.
"""

from __future__ import annotations

from memoria.linked_data.common import is_exact, label, open_interval_free, page_url, per_language, record_uri

CONTEXT = "https://schema.org"


def _lang_values(record, field: str) -> list[dict]:
    return [{"@value": text, "@language": code} for code, text in per_language(record, field)]


def _ref(request, kind: str, url_name: str, record, name_field: str) -> dict:
    return {"@type": kind, "@id": record_uri(request, url_name, record.pk), "name": label(record, name_field)}


def _base(request, kind: str, url_name: str, record, name_field: str, text_field: str) -> dict:
    doc = {
        "@context": CONTEXT,
        "@type": kind,
        "@id": record_uri(request, url_name, record.pk),
        "url": page_url(request, record),
        "name": _lang_values(record, name_field) or label(record, name_field),
    }
    description = _lang_values(record, text_field)
    if description:
        doc["description"] = description
    return doc


def _items(request, item_links) -> list[dict]:
    return [_ref(request, "CreativeWork", "public:item", link.item, "title") for link in item_links]


def _images(request, media) -> list[str]:
    return [request.build_absolute_uri(m.display.url) for m in media if m.is_image and m.display]


def person_document(request, page) -> dict:
    """A person page (archive.selectors.person_page) as a schema.org Person."""
    person = page.record
    doc = _base(request, "Person", "public:person", person, "name", "biography")
    alternate = []
    for variant in person.name_variants.all():
        value = {"@value": variant.text, "@language": variant.language} if variant.language else variant.text
        if value not in alternate:
            alternate.append(value)
    if alternate:
        doc["alternateName"] = alternate
    for prefix in ("birth", "death"):
        edtf = getattr(person, f"{prefix}_date")
        if is_exact(edtf):
            doc[f"{prefix}Date"] = edtf.strip()
        place = page.related[f"{prefix}_place"]  # None when not visible (archive.selectors)
        if place is not None:
            doc[f"{prefix}Place"] = _ref(request, "Place", "public:place", place, "name")
    roles = _lang_values(person, "roles")
    if roles:
        doc["jobTitle"] = roles
    units = []
    for membership in page.related["memberships"]:
        ref = _ref(request, "Organization", "public:unit", membership.unit, "name")
        if ref not in units:
            units.append(ref)
    if units:
        doc["memberOf"] = units
    items = _items(request, page.related["item_links"])
    if items:
        doc["subjectOf"] = items
    events = [_ref(request, "Event", "public:event", p.event, "title") for p in page.related["participations"]]
    if events:
        doc["performerIn"] = events
    images = _images(request, person.media.all())
    if images:
        doc["image"] = images
    return doc


def place_document(request, page) -> dict:
    """A place page (archive.selectors.place_page) as a schema.org Place."""
    place = page.record
    doc = _base(request, "Place", "public:place", place, "name", "description")
    if place.latitude is not None and place.longitude is not None:
        doc["geo"] = {"@type": "GeoCoordinates", "latitude": float(place.latitude),
                      "longitude": float(place.longitude)}
    events = [_ref(request, "Event", "public:event", event, "title") for event in page.related["events"]]
    if events:
        doc["event"] = events
    items = _items(request, page.related["item_links"])
    if items:
        doc["subjectOf"] = items
    return doc


def event_document(request, page) -> dict:
    """An event page (archive.selectors.event_page) as a schema.org Event."""
    event = page.record
    doc = _base(request, "Event", "public:event", event, "title", "description")
    if event.date:
        if open_interval_free(event.date) and event.date_lower and event.date_upper:
            doc["startDate"] = event.date_lower.isoformat()
            doc["endDate"] = event.date_upper.isoformat()
        else:
            # Uncertain or approximate: say what the sources say, as EDTF.
            doc.setdefault("description", []).append(f"Date (EDTF, ISO 8601-2): {event.date}")
    places = [_ref(request, "Place", "public:place", place, "name") for place in event.places.all()]
    if places:
        doc["location"] = places
    performers = []
    # The selector already dropped participations whose person or unit the user may not see.
    for participation in page.related["participations"]:
        if participation.person_id:
            performers.append(_ref(request, "Person", "public:person", participation.person, "name"))
        else:
            performers.append(_ref(request, "Organization", "public:unit", participation.unit, "name"))
    if performers:
        doc["performer"] = performers
    items = _items(request, page.related["item_links"])
    if items:
        doc["subjectOf"] = items
    return doc
