"""Nothing unpublished reaches a visitor, through any address the project has.

The crawl is not a hand-written list of pages. It walks every URL pattern of Django's resolver
(each language-prefixed one in every language of settings.LANGUAGES, and once without the prefix)
and every path × method of the OpenAPI document, fills their parameters from a world of published
and unpublished records, and requests them as an anonymous visitor. A pattern, an API resource
or an API parameter it does not know how to fill FAILS the test until someone teaches it here:

    ROUTES            URL pattern (by its name, or its route when it has none) → how to exercise it
    API_RESOURCES     first path segment of an OpenAPI path → the kind of record it serves
    API_PATH_PARAMS   OpenAPI path parameter → how to fill it
    API_QUERY         OpenAPI query parameter → the values to try
    API_HEADERS       OpenAPI header parameter → the value to send
    PUBLISHABLE       each model with `is_published` → the kind of its unpublished record in the world

and every foreign key to a publishable model must, in the world, point at an unpublished record
(uncovered_links): a new kind of record or link fails the test until build_world makes one.

Admin pages (/admin/…) are for staff: each one must send an anonymous visitor to the login page
(or answer 404); they are not filled with records.

The world: the demo plus, for every kind of record that has `is_published`, an unpublished
record whose every text carries a greppable marker (LEAKZZ…, УТЕЧКАЖЖ), linked to published
records in every way the archive allows (memberships, participations, item links, exhibition
entries, citations, birth places, event places, an exhibition's place and opening event), images
uploaded through the API (derivatives and IIIF tiles), and a person that was published once and
then withdrawn. Records are written through the API with a curator's token, as a curator's tool
writes them. A published image on a published item proves the crawler fetches what it should.

No response (body, decoded every way a page encodes text, and headers, along every redirect)
may contain a marker, or name an unpublished record where it identifies it (its page address,
its API address, its IIIF identifier or file name, its OAI identifier, a search facet value, its
id in an API document). What a request's own address names or carries (a slug, a query, an
inventory number) may be repeated back to it. Unpublished records' pages answer 404 — not 403,
not 500. No 5xx at all. Anonymous writes through the API are refused and change nothing.
"""

from __future__ import annotations

import html
import io
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlencode, urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils import translation
from django.utils.regex_helper import normalize
from PIL import Image

from memoria.api.models import ApiToken
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db(transaction=False)

LANGS = [code for code, _name in settings.LANGUAGES]
#: Languages in which pages are also asked for as JSON-LD (?format=jsonld and Accept).
JSONLD_LANGS = LANGS[:2]
#: Case-insensitive: any of these in a response is a leak. Every marker of the world contains one.
MARKER_WORDS = ("leakzz", "утечкажж", "utechkazhzh")
MAX_REDIRECTS = 5
MAX_OAI_PAGES = 30
MAX_TILES_PER_IMAGE = 4
#: Samples of published relations, entries and citations asked for one by one in the API.
PUBLISHED_SAMPLE = 3

KINDS_WITH_PAGES = {"person": "people", "item": "items", "place": "places", "event": "events",
                    "unit": "units", "source": "sources"}


def tr(en: str, ru: str | None = None, kk: str | None = None, fr: str | None = None) -> dict:
    return {"en": en, "ru": ru if ru is not None else en, "kk": kk if kk is not None else (ru or en),
            "fr": fr if fr is not None else en}


def png(size, color) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


# --- the world ----------------------------------------------------------------------------------

@dataclass
class MediaFiles:
    pk: int
    hidden: bool
    identifier: str              # IIIF identifier: the stem of the stored original's name
    files: list[str]             # stored names (relative to MEDIA_ROOT): original, display, thumbnail
    tiles: list[str]             # relative to MEDIA_ROOT/iiif/<identifier>/: info.json and tiles


@dataclass
class World:
    #: kind → pks visitors may see (every published record of that kind, a sample for the
    #: relations, entries and citations, which are many)
    pub: dict[str, list[int]] = field(default_factory=dict)
    #: kind → pks visitors must never see: drafts, the withdrawn person, and every relation,
    #: entry, citation and media file of theirs
    hidden: dict[str, set[int]] = field(default_factory=dict)
    #: kind → pks never published (a harvester never saw them: not even their OAI identifier)
    drafts: dict[str, set[int]] = field(default_factory=dict)
    exhibitions: dict[str, list[str]] = field(default_factory=dict)       # "pub"/"hidden" → slugs
    sections: list[tuple[str, str, bool]] = field(default_factory=list)   # (exhibition, section, hidden)
    inventory: dict[str, list[str]] = field(default_factory=dict)         # "pub"/"hidden" → numbers
    media: list[MediaFiles] = field(default_factory=list)
    ids: dict[str, int] = field(default_factory=dict)                      # named records of the world
    published_name: str = ""     # a published person's name: the search must find it (sanity)

    def values(self, kind: str) -> list[tuple[int, bool]]:
        """(pk, hidden) of the published records of a kind, then of the hidden ones."""
        return [(pk, False) for pk in self.pub.get(kind, [])] + [(pk, True) for pk in sorted(self.hidden.get(kind, ()))]

    @property
    def pub_image(self) -> MediaFiles:
        return next(m for m in self.media if not m.hidden)


class Curator:
    """Writes the world through the API, with a curator's token."""

    def __init__(self, token: str):
        self.api = ApiClient(token)

    def create(self, url: str, body: dict) -> dict:
        response = self.api.post(url, body)
        assert response.status_code == 201, (url, body, response.content[:2000])
        return response.json()

    def patch(self, url: str, body: dict) -> dict:
        current = self.api.get(url)
        assert current.status_code == 200, (url, current.content[:2000])
        response = self.api.patch(url, body, **{"If-Match": current["ETag"]})
        assert response.status_code == 200, (url, body, response.content[:2000])
        return response.json()

    def upload(self, url: str, content: bytes, name: str = "scan.png", **fields) -> dict:
        upload = io.BytesIO(content)
        upload.name = name
        response = self.api.client.post(url, {"file": upload, **fields}, headers=self.api.headers)
        assert response.status_code == 201, (url, response.content[:2000])
        return response.json()


def build_world(curator_user) -> World:
    from memoria.archive.models import (
        Event, Item, ItemEvent, ItemPerson, ItemPlace, Media, Membership, NameVariant, Participation,
        Person, Place, Unit,
    )
    from memoria.demo.loader import load_demo
    from memoria.duplicates.merge import conflicts, merge_people
    from memoria.duplicates.models import CandidatePair
    from memoria.exhibitions.models import Entry, Exhibition, Section
    from memoria.sources.models import Citation, Source

    load_demo()
    c = Curator(ApiToken.objects.issue(curator_user)[1])
    w = World()
    ids = w.ids

    # Published records of the demo that the unpublished ones are tied to.
    person_pub = Person.objects.get(external_id="demo:person:abibulla-koishybayev")
    item_pub = Item.objects.get(external_id="demo:item:koishybayev-certificate-copy")
    event_pub = Event.objects.filter(is_published=True, participations__person=person_pub).first()
    unit_pub = Unit.objects.filter(is_published=True, memberships__person=person_pub).first()
    place_pub = Place.objects.filter(is_published=True).exclude(latitude=None).first()
    source_pub = Source.objects.filter(is_published=True).first()
    exhibition_pub = Exhibition.objects.get(is_published=True, is_featured=True)
    section_pub = Section.objects.filter(exhibition=exhibition_pub, is_published=True).first()
    variant_pub = NameVariant.objects.filter(person=person_pub).first()
    assert all([person_pub, item_pub, event_pub, unit_pub, place_pub, source_pub, section_pub, variant_pub])
    w.published_name = person_pub.name_en
    ids.update(person_pub=person_pub.pk, item_pub=item_pub.pk, event_pub=event_pub.pk, unit_pub=unit_pub.pk,
               place_pub=place_pub.pk, source_pub=source_pub.pk, exhibition_pub=exhibition_pub.pk,
               section_pub=section_pub.pk)

    hidden_flag = {"is_published": False}
    # --- one unpublished record of every kind -------------------------------------------------
    place = c.create("/api/places", {
        **hidden_flag, "external_id": "leakzz:place:aul",
        "name": tr("LEAKZZPLACE Hidden aul", "УТЕЧКАЖЖ аул", "УТЕЧКАЖЖ ауылы", "LEAKZZPLACE aoul caché"),
        "description": tr("LEAKZZPLACE description", "УТЕЧКАЖЖ описание места"),
        "latitude": 47.094, "longitude": 51.923})
    unit = c.create("/api/units", {
        **hidden_flag, "external_id": "leakzz:unit:detachment", "kind": "partisan_detachment",
        "name": tr("LEAKZZUNIT Hidden detachment", "УТЕЧКАЖЖ отряд"),
        "description": tr("LEAKZZUNIT description", "УТЕЧКАЖЖ описание отряда")})
    event = c.create("/api/events", {
        **hidden_flag, "external_id": "leakzz:event:battle", "kind": "battle", "date": "1944-08-19",
        "title": tr("LEAKZZEVENT Hidden battle", "УТЕЧКАЖЖ бой"),
        "description": tr("LEAKZZEVENT description", "УТЕЧКАЖЖ описание боя"),
        "place_ids": [place["id"], place_pub.pk]})
    source = c.create("/api/sources", {
        **hidden_flag, "external_id": "leakzz:source:file", "kind": "archive_file", "date": "1945",
        "title": tr("LEAKZZSOURCE Hidden archive file", "УТЕЧКАЖЖ архивное дело"),
        "author": "LEAKZZSOURCE author", "publisher": tr("LEAKZZSOURCE publisher"),
        "archive_reference": "LEAKZZSOURCE fonds 1, file 2", "note": tr("LEAKZZSOURCE note", "УТЕЧКАЖЖ заметка"),
        "url": "https://example.org/leakzz-source"})
    item = c.create("/api/items", {
        **hidden_flag, "external_id": "leakzz:item:letter", "inventory_number": "LEAKZZ-INV-0001",
        "kind": "document", "date_made": "1943",
        "title": tr("LEAKZZITEM Hidden letter", "УТЕЧКАЖЖ письмо"),
        "description": tr("LEAKZZITEM description", "УТЕЧКАЖЖ описание письма"),
        "origin": tr("LEAKZZITEM origin"), "material": tr("LEAKZZITEM paper"),
        "provenance": tr("LEAKZZITEM provenance"), "dimensions": "LEAKZZITEM 21 × 30 cm",
        "rights": "LEAKZZITEM rights", "transcription": "LEAKZZITEM transcription УТЕЧКАЖЖ"})
    person = c.create("/api/people", {
        **hidden_flag, "external_id": "leakzz:person:utechkazhzhov", "sex": "male",
        "name": tr("Zhaksylyk Utechkazhzhov LEAKZZPERSON", "Жаксылык Утечкажжов", "Жақсылық Утечкажжов"),
        "sort_name": "Utechkazhzhov LEAKZZPERSON, Zhaksylyk", "birth_date": "1920", "death_date": "1944",
        "birth_place_id": place_pub.pk, "death_place_id": place["id"],
        "roles": tr("LEAKZZPERSON partisan", "УТЕЧКАЖЖ партизан"),
        "biography": tr("LEAKZZPERSON biography", "УТЕЧКАЖЖ биография"),
        "name_variants": [
            {"text": "Утечкажжов Жаксылык", "script": "Cyrl", "language": "ru", "kind": "archive"},
            {"text": "Utetschkashshow LEAKZZVARIANT", "script": "Latn", "language": "de", "kind": "archive"},
        ]})
    exhibition = c.create("/api/exhibitions", {
        **hidden_flag, "external_id": "leakzz:exhibition", "slug": "leakzz-exhibition",
        "title": tr("LEAKZZEXHIBITION Hidden exhibition", "УТЕЧКАЖЖ выставка"),
        "subtitle": tr("LEAKZZEXHIBITION subtitle"), "venue": tr("LEAKZZEXHIBITION venue"),
        "hall": tr("LEAKZZEXHIBITION hall"), "introduction": tr("LEAKZZEXHIBITION introduction"),
        "opening_date": "2026", "place_id": place["id"], "opening_event_id": event["id"]})
    section = c.create("/api/sections", {
        **hidden_flag, "external_id": "leakzz:section", "exhibition_id": exhibition_pub.pk,
        "slug": "leakzz-section", "position": 1,
        "title": tr("LEAKZZSECTION Hidden stand", "УТЕЧКАЖЖ стенд"), "caption": tr("LEAKZZSECTION caption")})
    # A published section of the unpublished exhibition: hidden with its exhibition.
    orphan = c.create("/api/sections", {
        "is_published": True, "external_id": "leakzz:section:orphan", "exhibition_id": exhibition["id"],
        "slug": "leakzz-orphan", "title": tr("LEAKZZORPHAN stand of a hidden exhibition"),
        "caption": tr("LEAKZZORPHAN caption")})
    # Published once, then withdrawn: still nothing of it may show (OAI keeps a deleted header).
    withdrawn = c.create("/api/people", {
        "is_published": True, "external_id": "leakzz:person:withdrawn",
        "name": tr("Withdrawn LEAKZZWITHDRAWN", "Отозванный УТЕЧКАЖЖ"),
        "biography": tr("LEAKZZWITHDRAWN biography")})
    c.patch(f"/api/people/{withdrawn['id']}", {"is_published": False})
    # Published, then merged into the unpublished person (a curator's merge: memoria.duplicates):
    # its address must not lead to the hidden survivor, nor its spellings show there.
    merged_away = c.create("/api/people", {
        "is_published": True, "external_id": "leakzz:person:merged",
        "name": tr("Merged LEAKZZMERGED", "Присоединённый УТЕЧКАЖЖ"),
        "name_variants": [{"text": "Utechkazhzhov LEAKZZMERGED", "language": "en", "kind": "archive"}]})
    low, high = sorted((person["id"], merged_away["id"]))
    merged_pair = CandidatePair.objects.update_or_create(
        person_a_id=low, person_b_id=high, defaults={"score": 0.9, "reasons": ["LEAKZZPAIR reason"]})[0]
    survivor, other = Person.objects.get(pk=person["id"]), Person.objects.get(pk=merged_away["id"])
    merge_people(survivor, other, curator_user, choices=dict.fromkeys(conflicts(survivor, other), "survivor"))
    assert CandidatePair.objects.get(pk=merged_pair.pk).status == CandidatePair.Status.MERGED

    # --- published records that point at unpublished ones --------------------------------------
    host_event = c.create("/api/events", {
        "is_published": True, "external_id": "synthetic:event:host", "kind": "other", "date": "1944",
        "title": tr("Synthetic host event"), "place_ids": [place_pub.pk, place["id"]]})
    host_exhibition = c.create("/api/exhibitions", {
        "is_published": True, "external_id": "synthetic:exhibition:host", "slug": "synthetic-host-exhibition",
        "title": tr("Synthetic host exhibition"), "opening_date": "2026",
        "place_id": place["id"], "opening_event_id": event["id"]})
    c.patch(f"/api/people/{person_pub.pk}", {"birth_place_id": place["id"], "death_place_id": place["id"]})

    # --- links between the unpublished records and published ones -------------------------------
    role = tr("LEAKZZROLE role", "УТЕЧКАЖЖ роль")
    relations = {"membership": [], "participation": [], "itemperson": [], "itemevent": [], "itemplace": []}
    for url, kind, body in [
        ("/api/memberships", "membership", {"person_id": person["id"], "unit_id": unit_pub.pk, "role": role}),
        ("/api/memberships", "membership", {"person_id": person_pub.pk, "unit_id": unit["id"], "role": role}),
        ("/api/memberships", "membership", {"person_id": withdrawn["id"], "unit_id": unit_pub.pk, "role": role}),
        ("/api/participations", "participation", {"event_id": event_pub.pk, "person_id": person["id"], "role": role}),
        ("/api/participations", "participation", {"event_id": event_pub.pk, "unit_id": unit["id"], "role": role}),
        ("/api/participations", "participation", {"event_id": event["id"], "person_id": person_pub.pk, "role": role}),
        ("/api/participations", "participation", {"event_id": event["id"], "unit_id": unit_pub.pk, "role": role}),
        ("/api/participations", "participation", {"event_id": event_pub.pk, "person_id": withdrawn["id"],
                                                  "role": role}),
        ("/api/item-people", "itemperson", {"item_id": item_pub.pk, "person_id": person["id"], "role": "mentions"}),
        ("/api/item-people", "itemperson", {"item_id": item["id"], "person_id": person_pub.pk, "role": "depicts"}),
        ("/api/item-people", "itemperson", {"item_id": item_pub.pk, "person_id": withdrawn["id"], "role": "mentions"}),
        ("/api/item-events", "itemevent", {"item_id": item_pub.pk, "event_id": event["id"], "role": "documents"}),
        ("/api/item-events", "itemevent", {"item_id": item["id"], "event_id": event_pub.pk, "role": "mentions"}),
        ("/api/item-places", "itemplace", {"item_id": item_pub.pk, "place_id": place["id"], "role": "mentions"}),
        ("/api/item-places", "itemplace", {"item_id": item["id"], "place_id": place_pub.pk, "role": "made_in"}),
    ]:
        relations[kind].append(c.create(url, body)["id"])

    # Entries: the unpublished item and person on a published stand; stands that are hidden.
    entries = [c.create("/api/entries", body)["id"] for body in [
        {"section_id": section_pub.pk, "position": 90, "item_id": item["id"],
         "caption": tr("LEAKZZENTRY caption of the hidden item", "УТЕЧКАЖЖ подпись")},
        {"section_id": section_pub.pk, "position": 91, "person_id": person["id"],
         "caption": tr("LEAKZZENTRY caption of the hidden person")},
        {"section_id": section_pub.pk, "position": 92, "person_id": withdrawn["id"],
         "caption": tr("LEAKZZENTRY caption of the withdrawn person")},
        {"section_id": section["id"], "item_id": item_pub.pk, "caption": tr("LEAKZZSECTION entry caption")},
        {"section_id": section["id"], "text": tr("LEAKZZSECTION text panel")},
        {"section_id": orphan["id"], "item_id": item_pub.pk, "caption": tr("LEAKZZORPHAN entry caption")},
    ]]

    # Citations: published records citing the unpublished source; unpublished ones citing the published.
    quote_hidden = {"locator": "LEAKZZCITATION p. 7", "quote": "LEAKZZCITATION quote УТЕЧКАЖЖ"}
    citations = [c.create("/api/citations", {"source_id": src, "record": {"type": kind, "id": pk},
                                             **quote_hidden})["id"]
                 for src, kind, pk in [
                     (source["id"], "person", person_pub.pk), (source["id"], "item", item_pub.pk),
                     (source["id"], "event", event_pub.pk), (source["id"], "place", place_pub.pk),
                     (source["id"], "unit", unit_pub.pk), (source["id"], "exhibition", exhibition_pub.pk),
                     (source["id"], "section", section_pub.pk), (source["id"], "name_variant", variant_pub.pk),
                     (source_pub.pk, "person", person["id"]), (source_pub.pk, "item", item["id"]),
                     (source_pub.pk, "event", event["id"]), (source_pub.pk, "place", place["id"]),
                     (source_pub.pk, "unit", unit["id"]), (source_pub.pk, "exhibition", exhibition["id"]),
                     (source_pub.pk, "section", section["id"]), (source_pub.pk, "person", withdrawn["id"]),
                 ]]

    # A text kept in the unpublished source and read into proposals: one rejected, one accepted and
    # cited (memoria.texts, the back office's review); the citation quotes the marked sentence.
    from memoria.core import services as records
    from memoria.texts import services as texts

    records.update(Source, source["id"], {"text": "LEAKZZTEXT Test Person wrote from Paris in 1944."}, curator_user,
                   "*")
    reading = texts.rerun_extraction(Source.objects.get(pk=source["id"]), curator_user)
    assert reading.result["places"] and reading.result["dates"], reading.result
    texts.reject_proposal(reading, "dates", 0, curator_user)
    texts.accept_proposal(reading, "places", 0, curator_user)
    citations += list(Citation.objects.filter(source_id=source["id"], quote__startswith="LEAKZZTEXT")
                      .values_list("pk", flat=True))

    # Images, through the API's upload (derivatives and IIIF tiles are made on upload).
    media_texts = {"alt_text_en": "LEAKZZMEDIA alt text", "alt_text_ru": "УТЕЧКАЖЖ снимок",
                   "caption_en": "LEAKZZMEDIA caption", "caption_kk": "УТЕЧКАЖЖ сурет",
                   "credit": "LEAKZZMEDIA credit", "allow_download": "true"}
    media_hidden = [
        c.upload(f"/api/items/{item['id']}/media", png((1100, 800), (160, 40, 30)), name="LEAKZZFILE-item.png",
                 **media_texts)["id"],
        c.upload(f"/api/people/{person['id']}/media", png((700, 900), (30, 90, 160)), name="LEAKZZFILE-person.png",
                 **media_texts)["id"],
    ]
    media_pub = c.upload(f"/api/items/{item_pub.pk}/media", png((1200, 700), (40, 140, 60)),
                         alt_text_en="Synthetic published scan", allow_download="true", position="0")["id"]

    # --- what the crawl needs to know -----------------------------------------------------------
    hidden_records = {"person": {person["id"], withdrawn["id"], merged_away["id"]}, "item": {item["id"]}, "place": {place["id"]},
                      "event": {event["id"]}, "unit": {unit["id"]}, "source": {source["id"]},
                      "exhibition": {exhibition["id"]}, "section": {section["id"], orphan["id"]}}
    w.hidden = {**hidden_records, **{k: set(v) for k, v in relations.items()}, "entry": set(entries),
                "citation": set(citations), "media": set(media_hidden)}
    w.drafts = {k: set(v) for k, v in hidden_records.items()}
    w.drafts["person"] = {person["id"]}
    ids.update(person=person["id"], withdrawn=withdrawn["id"], merged_away=merged_away["id"], item=item["id"], place=place["id"],
               event=event["id"], unit=unit["id"], source=source["id"], exhibition=exhibition["id"],
               section=section["id"], orphan=orphan["id"], host_event=host_event["id"],
               host_exhibition=host_exhibition["id"], media_pub=media_pub)

    records = {"person": Person, "item": Item, "place": Place, "event": Event, "unit": Unit, "source": Source,
               "exhibition": Exhibition, "section": Section}
    for kind, model in records.items():
        # The world is what we meant: what is hidden is unpublished, the rest published.
        assert not model.objects.filter(pk__in=w.hidden[kind], is_published=True).exclude(
            pk__in=[orphan["id"]]).exists(), kind
        w.pub[kind] = list(model.objects.filter(is_published=True).exclude(pk__in=w.hidden[kind])
                           .order_by("pk").values_list("pk", flat=True))
    w.pub["section"] = list(Section.objects.filter(is_published=True, exhibition__is_published=True)
                            .order_by("pk").values_list("pk", flat=True))
    for kind, model in {"membership": Membership, "participation": Participation, "itemperson": ItemPerson,
                        "itemevent": ItemEvent, "itemplace": ItemPlace, "entry": Entry, "citation": Citation}.items():
        w.pub[kind] = list(model.objects.exclude(pk__in=w.hidden[kind]).order_by("pk")
                           .values_list("pk", flat=True)[:PUBLISHED_SAMPLE])
    w.pub["media"] = [media_pub]
    w.exhibitions = {"pub": list(Exhibition.objects.filter(is_published=True).values_list("slug", flat=True)),
                     "hidden": [exhibition["slug"]]}
    w.sections = [(s.exhibition.slug, s.slug, s.pk in w.hidden["section"] or not s.exhibition.is_published)
                  for s in Section.objects.select_related("exhibition").order_by("pk")]
    # A published section's slug under another exhibition's address is no section either.
    w.sections.append((exhibition_pub.slug, "leakzz-orphan", True))
    w.inventory = {"pub": list(Item.objects.filter(is_published=True).values_list("inventory_number", flat=True)),
                   "hidden": [item["inventory_number"], item["inventory_number"].lower()]}

    media_root = Path(settings.MEDIA_ROOT)
    for pk, hidden in [(media_pub, False), *[(pk, True) for pk in media_hidden]]:
        media = Media.objects.get(pk=pk)
        # What visitors may fetch: the public copy of the original (never the master), the web images.
        names = [f.name for f in (media.public_file, media.display, media.thumbnail) if f]
        assert len(names) == 3, f"media {pk} has no derivatives: {names}"
        identifier = media.file.name.rsplit("/", 1)[-1].split(".", 1)[0]
        tiles_dir = media_root / "iiif" / identifier
        tiles = sorted(p.relative_to(tiles_dir).as_posix() for p in tiles_dir.rglob("*") if p.is_file())
        assert "info.json" in tiles, f"no IIIF tiles were made for media {pk} in {tiles_dir}"
        w.media.append(MediaFiles(pk, hidden, identifier, names, tiles))
    return w


#: Each model with `is_published` → the kind under which the world holds an unpublished one.
PUBLISHABLE = {"archive.Person": "person", "archive.Item": "item", "archive.Place": "place",
               "archive.Event": "event", "archive.Unit": "unit", "sources.Source": "source",
               "exhibitions.Exhibition": "exhibition", "exhibitions.Section": "section"}
#: Apps whose rows are derived from the records (indexes): they follow what they index.
DERIVED_APPS = {"search"}
#: Links a published row never has (a check constraint): only their link to a hidden record is needed.
NEVER_FROM_PUBLISHED = {"archive.Person.merged_into"}


def publishable_models() -> list:
    return [m for m in apps.get_models()
            if not m.__name__.startswith("Historical") and any(f.name == "is_published" for f in m._meta.get_fields())]


def uncovered_links(w: World) -> list[str]:
    """Every way a row can point at a publishable record must point at an unpublished one in the
    world (from a published row, when the row is publishable itself): a new kind of link fails
    the test until build_world makes one."""
    missing = []
    publishable = {m: PUBLISHABLE.get(m._meta.label) for m in publishable_models()}
    for model in apps.get_models(include_auto_created=True):
        if model.__name__.startswith("Historical") or model._meta.app_label in DERIVED_APPS:
            continue
        for f in model._meta.get_fields():
            if not (f.concrete and f.is_relation and not f.many_to_many and f.related_model in publishable):
                continue
            kind = publishable[f.related_model]
            rows = model._default_manager.filter(**{f"{f.name}__in": w.hidden.get(kind, ())})
            from_published = model in publishable and f"{model._meta.label}.{f.name}" not in NEVER_FROM_PUBLISHED
            if from_published:
                rows = rows.filter(is_published=True)
            if not rows.exists():
                missing.append(f"{model._meta.label}.{f.name} → an unpublished {f.related_model._meta.label}"
                               + (" (from a published one)" if from_published else ""))
    return missing


# --- the URL patterns ---------------------------------------------------------------------------

_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<parameter>[^>]+)>")


@dataclass
class Pattern:
    parts: list                  # the patterns from the root resolver down to this one
    name: str                    # "namespace:name", or "" when it has none
    callback: Callable

    @property
    def i18n(self) -> bool:
        return any(isinstance(p, LocalePrefixPattern) for p in self.parts)

    @property
    def route(self) -> str:
        """The route without its language prefix, e.g. "people/<int:pk>/"."""
        return "".join(str(p) for p in self.parts if not isinstance(p, LocalePrefixPattern))

    @property
    def key(self) -> str:
        return self.name or self.route

    def path(self, lang: str | None = None, *, check: bool = True, **kwargs) -> str:
        """The URL of this pattern with these parameters (lang None: without the language prefix);
        checked to resolve to this very pattern, so that the crawl asks what it means to ask."""
        out = "/"
        for part in self.parts:
            if isinstance(part, LocalePrefixPattern):
                out += f"{lang}/" if lang else ""
            elif isinstance(part, RoutePattern):
                out += _PARAM.sub(lambda m: quote(str(kwargs[m["parameter"]]),
                                                  safe="/" if m["converter"] == "path" else ""), str(part))
            elif isinstance(part, RegexPattern):
                for fmt, params in normalize(part.regex.pattern):
                    if set(params) <= set(kwargs):
                        out += fmt % {p: quote(str(kwargs[p]), safe="") for p in params}
                        break
                else:
                    raise KeyError(f"{self.key}: no parameters {sorted(kwargs)} for {part.regex.pattern}")
            else:
                raise TypeError(f"{self.key}: unknown kind of pattern {part!r}")
        if check and (lang or not self.i18n):
            assert self.resolves_here(out, lang), f"{out} does not resolve to the pattern {self.key} it was built from"
        return out

    def resolves_here(self, path: str, lang: str | None = None) -> bool:
        try:
            with translation.override(lang or settings.LANGUAGE_CODE):  # the prefix resolves in its language
                match = resolve(unquote(urlsplit(path).path))
        except Resolver404:
            return False
        return match.func is self.callback or getattr(match.func, "__wrapped__", None) is self.callback \
            or (match.route == self.route and match.url_name == (self.name.rsplit(":", 1)[-1] or None))


def url_patterns() -> list[Pattern]:
    """Every URL pattern of the project, from Django's resolver (nested resolvers walked)."""
    found = []

    def walk(resolver, parts, namespaces):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                walk(entry, parts + [entry.pattern], namespaces + ([entry.namespace] if entry.namespace else []))
            elif isinstance(entry, URLPattern):
                name = ":".join(namespaces + [entry.name]) if entry.name else ""
                found.append(Pattern(parts + [entry.pattern], name, entry.callback))

    walk(get_resolver(), [], [])
    return found


def parameters(pattern: Pattern) -> set[str]:
    names = set()
    for part in pattern.parts:
        if isinstance(part, RoutePattern):
            names |= {m["parameter"] for m in _PARAM.finditer(str(part))}
        elif isinstance(part, RegexPattern):  # unnamed groups are "_0", "_1"… (as reverse() names them)
            names |= {name for _fmt, params in normalize(part.regex.pattern) for name in params}
    return names


# --- the crawler --------------------------------------------------------------------------------

@dataclass
class Answer:
    status: int
    url: str
    content_type: str
    text: str                    # the body decoded (empty for binary bodies)
    headers: dict


class Crawler:
    """Requests URLs as an anonymous visitor and checks every answer."""

    def __init__(self, world: World):
        self.world = world
        self.client = Client()
        self.problems: list[str] = []
        self.unknown: list[str] = []
        self.requests = 0
        self.statuses: dict[int, int] = {}
        self.by_route: dict[str, int] = {}
        self.seconds_by_route: dict[str, float] = {}
        self.cache: dict[tuple, Answer] = {}
        self.ok_media: set[str] = set()
        hidden = world.hidden
        contexts = []
        for kind, prefix in KINDS_WITH_PAGES.items():
            for pk in hidden.get(kind, ()):
                contexts.append(rf"/{prefix}/{pk}/")
        for resource, kind in API_RESOURCES.items():
            for pk in hidden.get(kind, ()):
                contexts.append(rf"/api/{re.escape(resource)}/{pk}(?!\d)")
        for pk in hidden.get("item", ()):
            contexts.append(rf"/iiif/item/{pk}/")
            contexts.append(rf"[?&](?:amp;)?item={pk}(?!\d)")
        for kind in ("place", "unit", "event", "person", "source"):
            for pk in hidden.get(kind, ()):
                contexts.append(rf"[?&](?:amp;)?{kind}={pk}(?!\d)")
        for kind, pks in world.drafts.items():
            for pk in pks:
                contexts.append(rf"oai:[\w.-]+:{kind}/{pk}(?!\d)")
        for slug in world.exhibitions["hidden"]:
            contexts.append(rf"/exhibitions/{re.escape(slug)}/")
        for media in world.media:
            if media.hidden:
                contexts.append(re.escape(media.identifier))
                contexts += [re.escape(name.rsplit("/", 1)[-1]) for name in media.files]
        self.contexts = re.compile("|".join(contexts))

    # One request, its redirects, and the checks of every answer.
    def get(self, path: str, *, query: dict | list | str | None = None, via: str, expect=None,
            echo: tuple[str, ...] = (), headers: dict | None = None,
            method: str = "get", client: Client | None = None, follow: bool = True) -> Answer:
        client = client or self.client
        url = path + (("?" + (query if isinstance(query, str) else urlencode(query, doseq=True))) if query else "")
        echo = echoes(url, echo)
        named = self.named_in(url)
        answers = []
        current, current_method = url, method
        for _hop in range(MAX_REDIRECTS + 1):
            kwargs = {"headers": headers or {}}
            if current_method not in ("get", "head", "options"):
                kwargs.update(data=b"{}", content_type="application/json")
            # The same GET by the same (stateless) visitor is asked once; its answer is checked again.
            key = (current, tuple(sorted(kwargs["headers"].items()))) if (
                current_method == "get" and client is self.client) else None
            started = time.monotonic()
            if key in self.cache:
                answer = self.cache[key]
            else:
                self.requests += 1
                self.by_route[via] = self.by_route.get(via, 0) + 1
                answer = self._answer(current, getattr(client, current_method)(current, **kwargs))
                if key:
                    self.cache[key] = answer
            answers.append(answer)
            self._check(method.upper(), answer, via=via, named=named, echo=echo)
            self.seconds_by_route[via] = self.seconds_by_route.get(via, 0) + time.monotonic() - started
            location = answer.headers.get("Location", "")
            if not (follow and answer.status in (301, 302, 303, 307, 308) and location):
                break
            target = urlsplit(location)
            if target.netloc and target.netloc not in ("testserver", "localhost"):
                break  # an address of another site: not ours to crawl
            current = target.path + (f"?{target.query}" if target.query else "")
            current_method = "get"
        else:
            self.problems.append(f"{method.upper()} {url} (from {via}): more than {MAX_REDIRECTS} redirects")
        final = answers[-1]
        self._expect(method.upper(), url, answers, expect, via)
        return final

    def _answer(self, url: str, response) -> Answer:
        if getattr(response, "streaming", False):
            # (the test client closes the response once its content is read: closing it again
            # would fire request_finished and close the database connection)
            body = b"".join(response.streaming_content)
        else:
            body = response.content
        content_type = response.get("Content-Type", "")
        self.statuses[response.status_code] = self.statuses.get(response.status_code, 0) + 1
        textual = not content_type or any(t in content_type for t in ("text", "json", "xml", "javascript"))
        text = body.decode("utf-8", "replace") if textual else body.decode("latin-1")
        return Answer(response.status_code, url, content_type, text, dict(response.items()))

    def named_in(self, url: str) -> set[str]:
        """The unpublished records a request's own address names (asking for them is no leak)."""
        return {_canonical(m.group(0)) for m in self.contexts.finditer(unquote(url))}

    def _check(self, method: str, answer: Answer, *, via: str, named: set[str], echo: tuple[str, ...]):
        where = f"{method} {answer.url} [{answer.status}] (from {via})"
        if answer.status >= 500:
            self.problems.append(f"{where}: server error: {excerpt(answer.text, 0)}")
        for source, text in [("headers", "\n".join(f"{k}: {v}" for k, v in answer.headers.items())),
                             ("body", answer.text)]:
            readable = readable_forms(text, answer.content_type if source == "body" else "text/plain")
            for repeated in echo:  # the visitor's own query, shown back to them, is no leak
                readable = readable.replace(repeated, " ")
            folded = readable.casefold()
            for word in MARKER_WORDS:
                at = folded.find(word)
                if at >= 0:
                    token = re.search(r"[\w-]*", readable[at:]).group(0)
                    self.problems.append(f"{where}: marker {token!r} in the {source}: {excerpt(readable, at)}")
                    break
            for found in self.contexts.finditer(readable):
                if _canonical(found.group(0)) not in named:
                    self.problems.append(f"{where}: unpublished record named by {found.group(0)!r} in the "
                                         f"{source}: {excerpt(readable, found.start())}")
                    break
        if answer.url.startswith("/api/") and "json" in answer.content_type and answer.text:
            try:
                document = json.loads(answer.text)
            except ValueError:
                return
            for leak in api_leaks(answer.url, document, self.world.hidden):
                self.problems.append(f"{where}: {leak}")

    def _expect(self, method: str, url: str, answers: list[Answer], expect, via: str):
        first, final = answers[0], answers[-1]
        where = f"{method} {url} (from {via})"
        if expect is None:
            return
        if expect == "404":
            if final.status != 404:
                self.problems.append(f"{where}: an unpublished record must answer 404, got {final.status}"
                                     + (f" after {len(answers) - 1} redirect(s)" if len(answers) > 1 else ""))
        elif expect == "200":
            if final.status != 200:
                self.problems.append(f"{where}: a published record should answer 200, got {final.status}: "
                                     f"{excerpt(final.text, 0)}")
        elif expect == "refused":
            if first.status not in (401, 403, 404, 405):
                self.problems.append(f"{where}: an anonymous write must be refused, got {first.status}: "
                                     f"{excerpt(first.text, 0)}")
        elif expect == "login":
            location = first.headers.get("Location", "")
            to_login = first.status == 302 and urlsplit(location).path.startswith("/admin/login/")
            if not (first.status == 404 or to_login):
                self.problems.append(f"{where}: the back office must send a visitor to the login page, got "
                                     f"{first.status} {location}")
        elif isinstance(expect, tuple):
            if first.status not in expect:
                self.problems.append(f"{where}: expected one of {expect}, got {first.status}")
        else:
            raise ValueError(expect)


def _canonical(context: str) -> str:
    return re.sub(r"^[?&](?:amp;)?", "", context)


def echoes(url: str, given: tuple[str, ...]) -> tuple[str, ...]:
    """What a response may repeat of its own request without leaking: the parts of the address
    the visitor typed (a slug, an inventory number, a query) that carry a marker."""
    split = urlsplit(url)
    parts = [unquote(segment) for segment in split.path.split("/")]
    parts += [unquote(v.replace("+", " ")) for pair in split.query.split("&") for v in pair.split("=")[1:]]
    typed = [*given, *(p for p in parts if any(word in p.casefold() for word in MARKER_WORDS))]
    # longest first, so that a query is removed whole before any of its words
    return tuple(sorted({form for t in typed if t for form in (t, t.replace(" ", "+"))}, key=len, reverse=True))


def readable_forms(text: str, content_type: str) -> str:
    """The text as a reader of the page would see it: HTML entities and %-escapes decoded, JSON's
    \\u escapes too."""
    forms = [text, html.unescape(text), unquote(text)]
    if "json" in content_type:
        try:
            forms.append(json.dumps(json.loads(text), ensure_ascii=False))
        except ValueError:
            pass
    return "\n".join(forms)


def excerpt(text: str, at: int, width: int = 110) -> str:
    return repr(text[max(0, at - width): at + width])


#: Keys of the API's documents that name a record of a kind (its id, or an object with "id").
API_KEYS = {
    "person": "person", "person_id": "person", "item": "item", "item_id": "item", "unit": "unit",
    "unit_id": "unit", "event": "event", "event_id": "event", "opening_event": "event",
    "opening_event_id": "event", "place": "place", "place_id": "place", "places": "place",
    "place_ids": "place", "birth_place": "place", "birth_place_id": "place", "death_place": "place",
    "death_place_id": "place", "source": "source", "source_id": "source", "exhibition": "exhibition",
    "exhibition_id": "exhibition", "section": "section", "section_id": "section", "sections": "section",
    "entries": "entry", "media": "media", "citations": "citation",
}


def api_leaks(url: str, document, hidden: dict[str, set[int]]) -> list[str]:
    """Unpublished records named in an API document by their id."""
    leaks = []
    segments = urlsplit(url).path.strip("/").split("/")
    top = API_RESOURCES.get(segments[1]) if len(segments) > 1 else None
    if len(segments) > 3:
        top = {"media": "media", "citations": "citation"}.get(segments[3])

    def check(kind, pk, where):
        if kind and isinstance(pk, int) and not isinstance(pk, bool) and pk in hidden.get(kind, ()):
            leaks.append(f"the API names the unpublished {kind} {pk} at {where}")

    def walk(value, kind, where):
        if isinstance(value, dict):
            check(kind, value.get("id"), where)
            for key, sub in value.items():
                if key == "record" and isinstance(sub, dict):
                    check(sub.get("type"), sub.get("id"), f"{where}.record")
                elif key in API_KEYS:
                    walk(sub, API_KEYS[key], f"{where}.{key}")
                elif isinstance(sub, (dict, list)):
                    walk(sub, None, f"{where}.{key}")
        elif isinstance(value, list):
            for i, sub in enumerate(value):
                walk(sub, kind, f"{where}[{i}]")
        else:
            check(kind, value, where)

    if isinstance(document, dict) and isinstance(document.get("items"), list) and "count" in document:
        walk(document["items"], top, "items")
        walk({k: v for k, v in document.items() if k != "items"}, None, "")
    else:
        walk(document, top, "")
    return leaks


# --- how to exercise each URL pattern -------------------------------------------------------------
# Each function gets the crawler, the world, the pattern and the language (None: without prefix;
# only for language-prefixed patterns) and requests what the pattern can show.

def _detail(kind: str, param: str = "pk"):
    def teach(c: Crawler, w: World, p: Pattern, lang):
        for pk, hidden in w.values(kind):
            path = p.path(lang, **{param: pk})
            expect = "404" if hidden else "200"
            c.get(path, via=p.key, expect=expect)
            if lang in JSONLD_LANGS:  # linked data: both ways of asking for it
                c.get(path, query={"format": "jsonld"}, via=p.key, expect=expect)
                c.get(path, via=p.key, expect=expect,
                      headers={"Accept": "application/ld+json"})
    return teach


def _page(c: Crawler, w: World, p: Pattern, lang):
    c.get(p.path(lang), via=p.key, expect="200")
    if lang == LANGS[0]:
        c.get(p.path(lang), query={"page": "2"}, via=p.key)


def _exhibition(c: Crawler, w: World, p: Pattern, lang):
    for slug in w.exhibitions["pub"]:
        c.get(p.path(lang, slug=slug), via=p.key, expect="200")
    for slug in w.exhibitions["hidden"]:
        c.get(p.path(lang, slug=slug), via=p.key, expect="404")


def _section(c: Crawler, w: World, p: Pattern, lang):
    for exhibition, section, hidden in w.sections:
        c.get(p.path(lang, slug=exhibition, section=section), via=p.key,
              expect="404" if hidden else "200")


#: What a visitor types in the search box: the markers (as typed: shown back to them), a name
#: spelled otherwise than the unpublished person's Cyrillic variant, an inventory number.
SEARCHES = ["LeakZZPerson", "LeakZZ", "УтечкаЖЖ", "Utechkazhzhov", "Утечкажжов Жаксылык", "Utetschkashshow",
            "LEAKZZ-INV-0001", "leakzz-exhibition"]
SEARCH_TYPES = ["item", "person", "event", "place", "unit", "source", "exhibition", "section"]


def _search(c: Crawler, w: World, p: Pattern, lang):
    path = p.path(lang)
    for q in SEARCHES:
        c.get(path, query={"q": q}, via=p.key, echo=(q,), expect="200")
    found = c.get(path, query={"q": w.published_name}, via=p.key, expect="200")
    if f"/people/{w.ids['person_pub']}/" not in found.text:
        c.problems.append(f"GET {path}?q={w.published_name}: the search does not find a published person — "
                          "then finding no unpublished one proves nothing")
    if lang != LANGS[0]:
        return
    for kind in SEARCH_TYPES:
        c.get(path, query={"q": "LeakZZ", "type": kind}, via=p.key, echo=("LeakZZ",))
    for kind in ("place", "unit", "event"):  # facets chosen by a hidden record's id
        for pk, hidden in w.values(kind):
            if hidden or pk == w.ids.get(f"{kind}_pub"):
                c.get(path, query={kind: pk}, via=p.key)
                c.get(path, query={"q": "LeakZZ", kind: pk}, via=p.key, echo=("LeakZZ",))
    c.get(path, query={"images": "1"}, via=p.key)
    c.get(path, query={"from": "1900", "to": "2100"}, via=p.key)
    c.get(path, query={"q": "", "kind": "document"}, via=p.key)


def _kiosk(c: Crawler, w: World, p: Pattern, lang):
    # Its own browser: the kiosk flag lives in the session and changes every later page.
    kiosk = Client()
    c.get(p.path(lang), via=p.key, client=kiosk)
    c.get("/" + (lang or LANGS[0]) + "/", via=p.key, client=kiosk)
    c.get("/" + (lang or LANGS[0]) + "/search/", query={"q": "LeakZZ"}, echo=("LeakZZ",), via=p.key, client=kiosk)


def _short_link(c: Crawler, w: World, p: Pattern, lang):
    for number in w.inventory["pub"]:
        c.get(p.path(inventory_number=number), via=p.key, expect="200")
    for number in w.inventory["hidden"]:
        c.get(p.path(inventory_number=number), via=p.key, expect="404")
        c.get(p.path(inventory_number=number), via=p.key, expect="404",
              headers={"Accept-Language": "ru"})


def _media(c: Crawler, w: World, p: Pattern, lang):
    for media in w.media:
        for name in media.files:
            answer = c.get(p.path(path=name), via=p.key, expect="404" if media.hidden else "200")
            if answer.status == 200:
                c.ok_media.add(name)
        for tile in media.tiles[:2]:  # the tiles' own files are served through IIIF only
            c.get(p.path(path=f"iiif/{media.identifier}/{tile}"), via=p.key,
                  expect="404" if media.hidden else None)


def _iiif_identifier(c: Crawler, w: World, p: Pattern, lang):
    for media in w.media:
        answer = c.get(p.path(identifier=media.identifier), via=p.key,
                       expect="404" if media.hidden else "200")
        if not media.hidden and p.name == "iiif:info" and answer.status == 200:
            c.ok_media.add("info.json")
    c.get(p.path(identifier="0" * 32), via=p.key, expect="404")


def _iiif_tile(c: Crawler, w: World, p: Pattern, lang):
    for media in w.media:
        tiles = [t for t in media.tiles if t.endswith(".jpg")]
        if not media.hidden:
            # The tiles a viewer asks for, from the info.json a visitor gets.
            info = json.loads(c.get(f"/iiif/{media.identifier}/info.json", via=p.key, expect="200").text)
            tile_size = info["tiles"][0]["width"]
            largest = max(info["tiles"][0]["scaleFactors"])
            width, height = info["width"], info["height"]
            region_w, region_h = min(tile_size * largest, width), min(tile_size * largest, height)
            tiles.insert(0, f"0,0,{region_w},{region_h}/{-(-region_w // largest)},/0/default.jpg")
        for tile in dict.fromkeys(tiles[:MAX_TILES_PER_IMAGE] + ["full/max/0/default.jpg"]):
            region, size, rotation, quality = tile.split("/")
            answer = c.get(p.path(identifier=media.identifier, region=region, size=size, rotation=rotation,
                                  quality=quality), via=p.key,
                           expect="404" if media.hidden else None)
            if not media.hidden and answer.status == 200 and answer.content_type == "image/jpeg":
                c.ok_media.add("tile")


def _manifest(c: Crawler, w: World, p: Pattern, lang):
    with_image = w.ids["item_pub"]
    for pk, hidden in w.values("item"):
        expect = "404" if hidden else ("200" if pk == with_image else (200, 404))
        answer = c.get(p.path(pk=pk), via=p.key, expect=expect)
        if pk == with_image and answer.status == 200:
            c.ok_media.add("manifest")


def _oai(c: Crawler, w: World, p: Pattern, lang):
    url = p.path()

    def oai(via=p.key, **params):
        return c.get(url, query=params, via=via)

    def pages(**params) -> str:
        """Every page of a list (its resumption tokens followed), as one text."""
        answer, texts = oai(**params), []
        for _ in range(MAX_OAI_PAGES):
            texts.append(answer.text)
            token = re.search(r"<resumptionToken[^>]*>([^<]+)</resumptionToken>", answer.text)
            if not token:
                break
            answer = oai(verb=params["verb"], resumptionToken=html.unescape(token.group(1)))
        return "\n".join(texts)

    identify = oai(verb="Identify")
    assert "<Identify>" in identify.text, identify.text[:2000]
    formats = re.findall(r"<metadataPrefix>([^<]+)</metadataPrefix>", oai(verb="ListMetadataFormats").text)
    assert formats, "OAI-PMH lists no metadata format"
    specs, answer = [], oai(verb="ListSets")
    for _ in range(MAX_OAI_PAGES):
        specs += re.findall(r"<setSpec>([^<]+)</setSpec>", answer.text)
        token = re.search(r"<resumptionToken[^>]*>([^<]+)</resumptionToken>", answer.text)
        if not token:
            break
        answer = oai(verb="ListSets", resumptionToken=html.unescape(token.group(1)))
    assert specs, "OAI-PMH lists no set"
    listed = oai(verb="ListIdentifiers", metadataPrefix=formats[0]).text
    found = re.search(r"<identifier>(oai:[^<:]+):", listed)
    prefix = found.group(1) if found else "oai:memoria"
    for metadata in formats:
        for spec in [None, *dict.fromkeys(specs), *[f"exhibition:{s}" for s in w.exhibitions["hidden"]]]:
            for verb in ("ListIdentifiers", "ListRecords"):
                harvested = pages(verb=verb, metadataPrefix=metadata, **({"set": spec} if spec else {}))
                published = f"{prefix}:person/{w.ids['person_pub']}"
                if spec is None and f"{published}<" not in harvested:
                    c.problems.append(f"GET {url} {verb} {metadata}: a published person ({published}) is not "
                                      "harvested — then harvesting no unpublished one proves nothing")
        oai(verb="ListRecords", metadataPrefix=metadata, **{"from": "2000-01-01", "until": "2999-12-31"})
        for kind, pks in w.drafts.items():
            for pk in pks:
                identifier = f"{prefix}:{kind}/{pk}"
                answer = c.get(url, query={"verb": "GetRecord", "metadataPrefix": metadata, "identifier": identifier},
                               via=p.key)
                if 'code="idDoesNotExist"' not in answer.text:
                    c.problems.append(f"GET {url} GetRecord {identifier}: a record never published must be "
                                      f"idDoesNotExist: {excerpt(answer.text, 0, 400)}")
                c.get(url, query={"verb": "ListMetadataFormats", "identifier": identifier}, via=p.key)
        withdrawn = f"{prefix}:person/{w.ids['withdrawn']}"
        answer = c.get(url, query={"verb": "GetRecord", "metadataPrefix": metadata, "identifier": withdrawn},
                       via=p.key)
        if 'status="deleted"' not in answer.text or "<metadata>" in answer.text:
            c.problems.append(f"GET {url} GetRecord {withdrawn}: a withdrawn record must be a deleted header "
                              f"without metadata: {excerpt(answer.text, 0, 400)}")
        for kind in ("person", "item", "event", "place", "unit", "source", "exhibition"):
            oai(verb="GetRecord", metadataPrefix=metadata, identifier=f"{prefix}:{kind}/{w.ids[f'{kind}_pub']}")
    # Harvesters may POST as well.
    c.get(url, method="post", via=p.key, query={"verb": "ListRecords", "metadataPrefix": formats[0]})


def _plain(c: Crawler, w: World, p: Pattern, lang):
    c.get(p.path(lang), via=p.key, expect="200")


def _sitemap_section(c: Crawler, w: World, p: Pattern, lang):
    from memoria.public.sitemaps import SITEMAPS

    for section in SITEMAPS:
        c.get(p.path(section=section), via=p.key, expect="200")


def _api_document(c: Crawler, w: World, p: Pattern, lang):
    c.get(p.path(), via=p.key)


def _contribute(c: Crawler, w: World, p: Pattern, lang):
    """The family contribution form: about a published person or item, or the exhibition; never
    about an unpublished one."""
    c.get(p.path(lang), via=p.key, expect="200")
    for kind in ("person", "item"):
        for pk, hidden in w.values(kind):
            c.get(p.path(lang), query={"about": f"{kind}:{pk}"}, via=p.key, expect="404" if hidden else "200")


def _contribution_token(c: Crawler, w: World, p: Pattern, lang):
    """Only a contribution's secret token opens its status page (or withdraws it): any other is 404."""
    method = "post" if p.key.endswith("withdraw") else "get"
    if method == "post" and lang is None:
        return  # without a language prefix the answer is a redirect, which a POST does not follow
    c.get(p.path(lang, token="made-up-token"), via=p.key, expect="404", method=method)


ROUTES: dict[str, Callable] = {
    # the public site, in every language
    "public:home": _page,
    "public:exhibitions": _page,
    "public:exhibition": _exhibition,
    "public:section": _section,
    "public:items": _page,
    "public:item": _detail("item"),
    "public:people": _page,
    "public:person": _detail("person"),
    "public:places": _page,
    "public:place": _detail("place"),
    "public:events": _page,
    "public:event": _detail("event"),
    "public:units": _page,
    "public:unit": _detail("unit"),
    "public:source": _detail("source"),
    "public:search": _search,
    "public:map": _plain,
    "public:timeline": _plain,
    "public:contribute": _contribute,
    "public:contribution_received": _plain,
    "public:contribution_status": _contribution_token,
    "public:contribution_withdraw": _contribution_token,
    "kiosk:start": _kiosk,
    "kiosk:exit": _kiosk,
    "kiosk:attract": _kiosk,
    # outside the language prefix
    "labels:short-link": _short_link,
    "media": _media,
    "oai": _oai,
    "robots": _plain,
    "favicon": lambda c, w, p, lang: c.get(p.path(), via=p.key),  # a redirect to the static icon
    "sitemap": _plain,
    "sitemap-section": _sitemap_section,
    "iiif:manifest": _manifest,
    "iiif:image": _iiif_identifier,
    "iiif:info": _iiif_identifier,
    "iiif:tile": _iiif_tile,
    # the API's own pages (its routes come from the OpenAPI document)
    "api:openapi-json": _api_document,
    "api:openapi-view": _api_document,
    "api:api-root": _api_document,
}

#: OpenAPI path prefix (/api/<resource>/…) → the kind of record it serves.
API_RESOURCES = {
    "people": "person", "items": "item", "events": "event", "places": "place", "units": "unit",
    "sources": "source", "exhibitions": "exhibition", "sections": "section", "entries": "entry",
    "citations": "citation", "media": "media", "memberships": "membership", "participations": "participation",
    "item-people": "itemperson", "item-events": "itemevent", "item-places": "itemplace",
    "contributions": "contribution",
    "extract": "text",  # POST /api/extract: a curator's reading of a text, no record of its own
}
#: Resources only the back office's users read or act on (a visitor's request: 401, nothing shown);
#: the one exception, POST /api/contributions (a family sends a contribution), is refused when empty.
API_STAFF_ONLY = {"contribution"}
#: OpenAPI path parameter → (pk, hidden) values, given the world and the resource's kind.
API_PATH_PARAMS: dict[str, Callable[[World, str], list[tuple[int, bool]]]] = {
    "pk": lambda w, kind: w.values(kind),
}


def _ids_of(kind):
    return lambda w, schema: [(str(pk), hidden) for pk, hidden in w.values(kind)]


def _api_limit(w, schema):
    return [(str(schema.get("maximum", 100)), False)]


def _api_kind(w, schema):
    values = schema.get("enum") or [s.get("const") for s in schema.get("anyOf", []) if "const" in s]
    return [(v, False) for v in (values or ["document", "partisan_detachment", "battle", "archive_file"])]


#: OpenAPI query parameter → (value, names a hidden record) to try, one parameter at a time.
API_QUERY: dict[str, Callable[[World, dict], list[tuple[str, bool]]]] = {
    "q": lambda w, schema: [(q, False) for q in SEARCHES],
    "limit": _api_limit,
    "offset": lambda w, schema: [("0", False), ("2", False)],
    "updated_since": lambda w, schema: [("2000-01-01T00:00:00Z", False)],
    "kind": _api_kind,
    "inventory_number": lambda w, schema: [(n, True) for n in w.inventory["hidden"]] + [(w.inventory["pub"][0], False)],
    "date_from": lambda w, schema: [("1900-01-01", False)],
    "date_to": lambda w, schema: [("2100-12-31", False)],
    "person": _ids_of("person"), "unit": _ids_of("unit"), "event": _ids_of("event"), "item": _ids_of("item"),
    "place": _ids_of("place"), "section": _ids_of("section"), "exhibition": _ids_of("exhibition"),
    "status": lambda w, schema: [(value, False) for value in schema.get("enum", [])],
}
#: OpenAPI header parameter → what an anonymous writer sends.
API_HEADERS = {"If-Match": '"0123456789abcdef"'}


def _schema(parameter: dict) -> dict:
    schema = parameter.get("schema", {})
    for option in schema.get("anyOf", []):
        if option.get("type") not in (None, "null"):
            return {**schema, **option}
    return schema


def crawl_api(c: Crawler, w: World, document: dict):
    """Every path × method of the OpenAPI document, anonymously."""
    for path, operations in document["paths"].items():
        segments = path.strip("/").split("/")
        resource = segments[1] if len(segments) > 1 and segments[0] == "api" else None
        if resource not in API_RESOURCES:
            c.unknown.append(f"OpenAPI path {path}: resource {resource!r} unknown — add it to API_RESOURCES "
                             f"in {__file__}")
            continue
        kind = API_RESOURCES[resource]
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            via = f"{method.upper()} {path}"
            params = operation.get("parameters", [])
            path_params = [x["name"] for x in params if x["in"] == "path"]
            query_params = [x for x in params if x["in"] == "query"]
            header_params = [x["name"] for x in params if x["in"] == "header"]
            missing = ([f"path parameter {n!r} (API_PATH_PARAMS)" for n in path_params if n not in API_PATH_PARAMS]
                       + [f"query parameter {x['name']!r} (API_QUERY)" for x in query_params
                          if x["name"] not in API_QUERY]
                       + [f"header {n!r} (API_HEADERS)" for n in header_params if n not in API_HEADERS])
            if missing:
                c.unknown += [f"{via}: {m} unknown — teach it in {__file__}" for m in missing]
                continue
            if kind in API_STAFF_ONLY:
                url = re.sub(r"\{\w+\}", "1", path)
                sends = method == "post" and not path_params  # anyone may send one: an empty one is refused
                c.get(url, method=method, via=via, follow=False, expect=(401, 422) if sends else (401,))
                continue
            # Sub-resources (/people/{pk}/media) show records of another kind, of the record named by pk.
            targets = [({}, False)]
            for name in path_params:
                targets = [({**filled, name: pk}, hidden or h) for filled, hidden in targets
                           for pk, h in API_PATH_PARAMS[name](w, kind)]
            headers = {n: API_HEADERS[n] for n in header_params}
            for filled, hidden in targets:
                url = re.sub(r"\{(\w+)\}", lambda m: str(filled[m.group(1)]), path)
                if method != "get":
                    c.get(url, method=method, headers=headers, via=via, expect="refused",
                          follow=False)
                    continue
                c.get(url, via=via, expect="404" if hidden else "200")
            if method != "get":
                continue
            # Query parameters, one at a time (with the page size at its largest), on the first target.
            filled, _ = targets[0]
            url = re.sub(r"\{(\w+)\}", lambda m: str(filled[m.group(1)]), path)
            limit = {"limit": API_QUERY["limit"](w, _schema(x))[0][0] for x in query_params if x["name"] == "limit"}
            for parameter in query_params:
                if parameter["name"] == "limit":
                    continue
                for value, _hidden in API_QUERY[parameter["name"]](w, _schema(parameter)):
                    c.get(url, query={**limit, parameter["name"]: value}, via=via,
                          echo=(value,) if parameter["name"] in ("q",) else ())
            if limit:
                c.get(url, query=limit, via=via)


def admin_path(p: Pattern) -> str | None:
    """An address of an admin pattern, its parameters filled with anything that resolves to it."""
    names = sorted(parameters(p))
    candidates = ["1", "archive", "person", "x"]
    tries = [{}] if not names else [dict.fromkeys(names, v) for v in candidates]
    # app_label-like parameters only accept the installed apps' labels
    tries += [{n: label for n in names} for label in sorted(a.label for a in apps.get_app_configs())]
    for kwargs in tries:
        try:
            path = p.path(LANGS[0], check=False, **kwargs)
        except (KeyError, TypeError):
            continue
        if p.resolves_here(path, LANGS[0]):
            return path
    return None


def known_routes(patterns: list[Pattern], openapi: dict) -> tuple[list[Pattern], list[Pattern], list[str]]:
    """(admin patterns, patterns taught in ROUTES, unknown: messages)."""
    admin, taught, unknown = [], [], []
    api_paths = {re.sub(r"\{(\w+)\}", r"<\1>", path) for path in openapi["paths"]}
    for p in patterns:
        if p.route.startswith("admin/"):
            admin.append(p)
        elif p.key in ROUTES:
            taught.append(p)
        elif "/" + p.route in api_paths:
            continue  # crawled from the OpenAPI document
        else:
            unknown.append(f"URL pattern {p.route!r} (name {p.name or '—'}; parameters {sorted(parameters(p))}) "
                           f"is not known to the crawler — teach it in ROUTES in {__file__}")
    return admin, taught, unknown


def model_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for label in ("archive", "exhibitions", "sources")
            for m in apps.get_app_config(label).get_models()}


# --- the tests ----------------------------------------------------------------------------------

@pytest.fixture
def world(curator):
    return build_world(curator)


def test_every_url_pattern_and_api_route_is_known_to_the_crawler(client):
    unknown_kinds = [m._meta.label for m in publishable_models() if m._meta.label not in PUBLISHABLE]
    assert not unknown_kinds, (f"{unknown_kinds} can be unpublished: add an unpublished one to build_world and "
                               f"its kind to PUBLISHABLE in {__file__}")
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    openapi = response.json()
    patterns = url_patterns()
    admin, taught, unknown = known_routes(patterns, openapi)
    assert not unknown, "\n".join(unknown)
    assert taught and admin
    for path, operations in openapi["paths"].items():
        segments = path.strip("/").split("/")
        assert len(segments) > 1 and segments[1] in API_RESOURCES, \
            f"OpenAPI path {path}: add its resource to API_RESOURCES in {__file__}"
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                table = {"path": API_PATH_PARAMS, "query": API_QUERY, "header": API_HEADERS}[parameter["in"]]
                assert parameter["name"] in table, (f"{method.upper()} {path}: {parameter['in']} parameter "
                                                    f"{parameter['name']!r} — teach it in {__file__}")
    # Every admin address can be built, so the crawl reaches it.
    unbuilt = [p.route for p in admin if admin_path(p) is None]
    assert not unbuilt, f"admin patterns whose parameters the crawler cannot fill: {unbuilt}"


def test_an_anonymous_visitor_sees_nothing_unpublished_anywhere(world):
    missing = uncovered_links(world)
    assert not missing, "the world lacks these links to unpublished records — add them to build_world:\n" + \
        "\n".join(missing)
    started = time.monotonic()
    c = Crawler(world)
    before = model_counts()

    openapi_answer = c.get("/api/openapi.json", via="api:openapi-json", expect="200")
    openapi = json.loads(openapi_answer.text)
    patterns = url_patterns()
    admin, taught, unknown = known_routes(patterns, openapi)
    c.unknown += unknown

    for p in taught:
        for lang in (LANGS + [None]) if p.i18n else [None]:
            ROUTES[p.key](c, world, p, lang)
    crawl_api(c, world, openapi)
    for p in admin:
        path = admin_path(p)
        if path is None:
            c.unknown.append(f"admin pattern {p.route!r}: cannot fill its parameters")
            continue
        name = p.name.rsplit(":", 1)[-1]
        expect = (200,) if name == "login" else ((200, 302, 405) if name == "logout" else "login")
        c.get(path, via="admin", expect=expect, follow=False)

    assert model_counts() == before, "anonymous requests changed the archive"
    elapsed = time.monotonic() - started
    summary = (f"{c.requests} requests in {elapsed:.1f} s; {len(taught)} URL patterns taught, {len(admin)} admin "
               f"patterns, {len(openapi['paths'])} OpenAPI paths; statuses {dict(sorted(c.statuses.items()))}")
    slowest = sorted(c.seconds_by_route.items(), key=lambda kv: -kv[1])[:8]
    print(summary, "; slowest:", ", ".join(f"{via} {c.by_route.get(via, 0)}× {seconds:.1f} s"
                                           for via, seconds in slowest))
    assert not c.unknown, "\n".join(c.unknown)
    assert not c.problems, f"{len(c.problems)} problem(s) — {summary}\n" + "\n".join(
        dict.fromkeys(p[:700] for p in c.problems))
    # The crawl did fetch what a visitor may see: the published image, its tiles and manifest.
    assert set(world.pub_image.files) <= c.ok_media, f"published image files not served: {c.ok_media}"
    assert {"info.json", "tile", "manifest"} <= c.ok_media, c.ok_media
    assert c.statuses.get(200, 0) > 300, summary


def test_back_office_users_do_see_the_unpublished_records(client, reviewer, world):
    """The markers are on the pages when the records are visible: their absence above means something."""
    client.force_login(reviewer)
    person = client.get(f"/en/people/{world.ids['person']}/")
    assert person.status_code == 200
    assert "LEAKZZPERSON" in person.content.decode()
    section = client.get(f"/en/exhibitions/{world.exhibitions['hidden'][0]}/leakzz-orphan/")
    assert section.status_code == 200 and "LEAKZZORPHAN" in section.content.decode()
    hidden_image = next(m for m in world.media if m.hidden)
    assert client.get(f"/iiif/{hidden_image.identifier}/info.json").status_code == 200
    assert client.get(f"/media/{hidden_image.files[2]}").status_code == 200
    found = client.get("/en/search/", {"q": "LeakZZPerson"})
    assert f"/en/people/{world.ids['person']}/" in found.content.decode()
    token = ApiToken.objects.issue(reviewer)[1]
    api_person = ApiClient(token).get(f"/api/people/{world.ids['person']}")
    assert api_person.status_code == 200 and api_person.json()["name"]["en"].endswith("LEAKZZPERSON")
