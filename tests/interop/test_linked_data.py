"""Linked data on the public URLs: Linked Art for items, schema.org for people, places, events.

Every demo record is fetched twice, as a page and as JSON-LD (content
negotiation), and each JSON-LD document is expanded with pyld against local
copies of the contexts (tests/interop/contexts/, no network), so that what
a harvester would read — types, identifiers, languages, dates — is asserted
on the expanded graph, not on our own JSON keys.
"""

import json
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pyld import jsonld

from memoria.archive.models import Event, Item, Media, Person, Place
from memoria.archive.services import media_finish_upload
from tests.conftest import png_bytes

pytestmark = pytest.mark.django_db

CONTEXTS = Path(__file__).parent / "contexts"
LOCAL_CONTEXTS = {
    "https://linked.art/ns/v1/linked-art.json": CONTEXTS / "linked-art.json",
    "https://schema.org": CONTEXTS / "schemaorg-29.0-excerpt.jsonld",
}
JSONLD = "application/ld+json"
LINKED_ART_TYPE = f'{JSONLD};profile="https://linked.art/ns/v1/linked-art.json"'

CRM = "http://www.cidoc-crm.org/cidoc-crm/"
AAT = "http://vocab.getty.edu/aat/"
SDO = "http://schema.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RUSSIAN = f"{AAT}300389168"
ACCESSION_NUMBER = f"{AAT}300312355"

PAGES = {Item: "items", Person: "people", Place: "places", Event: "events"}


def local_loader(url, options=None):
    """pyld document loader: the vendored contexts, and nothing from the network."""
    path = LOCAL_CONTEXTS.get(url.rstrip("/")) or LOCAL_CONTEXTS.get(url)
    if path is None:
        raise AssertionError(f"the test tried to load {url} from the network")
    return {"contentType": JSONLD, "contextUrl": None, "documentUrl": url,
            "document": json.loads(path.read_text(encoding="utf-8"))}


def expand(document):
    return jsonld.expand(document, {"documentLoader": local_loader})


def negotiated(client, url, accept=JSONLD):
    response = client.get(url, HTTP_ACCEPT=accept)
    assert response.status_code == 200, url
    return response


def embedded(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def values(node, prop):
    return node.get(prop, [])


def ids(node, prop):
    return [v["@id"] for v in values(node, prop)]


def literals(node, prop):
    return [v["@value"] for v in values(node, prop)]


def published(model):
    return list(model.objects.filter(is_published=True).order_by("pk"))


@pytest.mark.parametrize("model", list(PAGES))
def test_every_demo_record_negotiates_embeds_and_expands(client, demo, model):
    records = published(model)
    assert records
    for record in records:
        url = f"/en/{PAGES[model]}/{record.pk}/"
        response = negotiated(client, url)
        assert response["Content-Type"] == (LINKED_ART_TYPE if model is Item else JSONLD)
        assert "Accept" in response["Vary"]
        document = json.loads(response.content)

        page = client.get(url, HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
        assert page.status_code == 200
        assert page["Content-Type"].startswith("text/html")
        assert "Accept" in page["Vary"]
        html = page.content.decode()
        assert embedded(html) == document
        # The plain alternate link gives the same document to a client that cannot set Accept.
        alternate = re.search(r'<link rel="alternate" type="application/ld\+json" href="([^"]+)">', html)
        assert alternate and alternate.group(1) == f"{url}?format=jsonld"
        assert json.loads(client.get(alternate.group(1).replace("&amp;", "&")).content) == document

        graph = expand(document)
        assert len(graph) == 1
        assert graph[0]["@id"] == f"http://testserver/{PAGES[model]}/{record.pk}/"


def test_an_item_is_a_linked_art_human_made_object(client, demo):
    item = Item.objects.get(external_id="demo:item:koishybayev-certificate-copy")
    [node] = expand(json.loads(negotiated(client, f"/ru/items/{item.pk}/").content))
    assert node["@type"] == [f"{CRM}E22_Human-Made_Object"]
    assert f"{AAT}300026030" in ids(node, f"{CRM}P2_has_type")  # documents

    names = values(node, f"{CRM}P1_is_identified_by")
    [inventory] = [n for n in names if n["@type"] == [f"{CRM}E42_Identifier"]]
    assert literals(inventory, f"{CRM}P190_has_symbolic_content") == [item.inventory_number]
    assert ids(inventory, f"{CRM}P2_has_type") == [ACCESSION_NUMBER]

    russian = [n for n in names if ids(n, f"{CRM}P72_has_language") == [RUSSIAN]]
    assert [literals(n, f"{CRM}P190_has_symbolic_content") for n in russian] == [[item.title_ru]]
    assert re.search("[А-Яа-яЁё]", item.title_ru)  # the Russian title really is in Cyrillic

    statements = values(node, f"{CRM}P67i_is_referred_to_by")
    descriptions = {
        tuple(ids(s, f"{CRM}P72_has_language")): literals(s, f"{CRM}P190_has_symbolic_content")[0]
        for s in statements if f"{AAT}300435416" in ids(s, f"{CRM}P2_has_type")
    }
    assert descriptions[(RUSSIAN,)] == item.description_ru
    assert descriptions[(f"{AAT}300388277",)] == item.description_en

    # The public page and the exhibition sections showing the item.
    pages = [ap["@id"] for s in values(node, f"{CRM}P129i_is_subject_of")
             for d in values(s, "https://linked.art/ns/terms/digitally_carried_by")
             for ap in values(d, "https://linked.art/ns/terms/access_point")]
    assert f"http://testserver/ru/items/{item.pk}/" in pages
    assert not any("/iiif/" in p for p in pages)  # no image, no IIIF manifest
    assert ids(node, "https://linked.art/ns/terms/member_of")


def test_an_item_with_a_photograph_links_its_iiif_manifest_and_image(client, demo):
    item = Item.objects.get(external_id="demo:item:radio-transmitter")
    media = Media(item=item, content_type="image/png", width=10, height=10)
    media.file.save("x.png", ContentFile(png_bytes((10, 10))), save=False)
    media.save()
    media_finish_upload(media)
    [node] = expand(json.loads(negotiated(client, f"/en/items/{item.pk}/").content))
    access = [ap["@id"] for s in values(node, f"{CRM}P129i_is_subject_of")
              for d in values(s, "https://linked.art/ns/terms/digitally_carried_by")
              for ap in values(d, "https://linked.art/ns/terms/access_point")]
    manifest = f"http://testserver/iiif/item/{item.pk}/manifest.json"
    assert manifest in access
    assert client.get(manifest.removeprefix("http://testserver")).status_code == 200
    images = [ap["@id"] for r in values(node, f"{CRM}P138i_has_representation")
              for d in values(r, "https://linked.art/ns/terms/digitally_shown_by")
              for ap in values(d, "https://linked.art/ns/terms/access_point")]
    assert len(images) == 1 and client.get(images[0].removeprefix("http://testserver")).status_code == 200


def test_item_dates_are_the_edtf_bounds(client, demo):
    item = Item.objects.get(external_id="demo:item:radio-transmitter")
    item.date_made = "1943/1944~"
    item.save()
    [node] = expand(json.loads(negotiated(client, f"/en/items/{item.pk}/").content))
    [production] = values(node, f"{CRM}P108i_was_produced_by")
    [span] = values(production, f"{CRM}P4_has_time-span")
    assert values(span, f"{CRM}P82a_begin_of_the_begin") == [
        {"@value": f"{item.date_lower.isoformat()}T00:00:00Z", "@type": f"{XSD}dateTime"}]
    assert literals(span, f"{CRM}P82b_end_of_the_end") == [f"{item.date_upper.isoformat()}T23:59:59Z"]
    assert item.date_lower.isoformat() == "1943-01-01"


def test_a_person_lists_every_spelling_with_its_language(client, demo):
    person = Person.objects.get(external_id="demo:person:abibulla-koishybayev")
    [node] = expand(json.loads(negotiated(client, f"/en/people/{person.pk}/").content))
    assert node["@type"] == [f"{SDO}Person"]
    alternates = values(node, f"{SDO}alternateName")
    assert {"@value": "Абибулла Койшыбаев", "@language": "ru"} in alternates
    assert {"@value": "Abibulla Koishybayev", "@language": "en"} in alternates
    assert {"@value": "Abibulla Koishybayev", "@language": "en"} in values(node, f"{SDO}name")
    assert ids(node, f"{SDO}url") == [f"http://testserver/en/people/{person.pk}/"]
    assert values(node, f"{SDO}memberOf")  # the partisan regiment
    # The article gives no birth or death date: none is made up.
    assert f"{SDO}birthDate" not in node and f"{SDO}deathDate" not in node


def test_an_exact_birth_date_is_stated_and_a_vague_one_is_not(client, demo):
    person = Person.objects.get(external_id="demo:person:abibulla-koishybayev")
    person.birth_date, person.death_date = "1921-03-08", "1990~"
    person.save()
    [node] = expand(json.loads(negotiated(client, f"/en/people/{person.pk}/").content))
    assert values(node, f"{SDO}birthDate") == [{"@value": "1921-03-08", "@type": f"{SDO}Date"}]
    assert f"{SDO}deathDate" not in node


def test_event_dates_equal_the_edtf_bounds(client, demo):
    war = Event.objects.get(external_id="demo:event:great-patriotic-war")
    assert war.date == "1941/1945"
    [node] = expand(json.loads(negotiated(client, f"/en/events/{war.pk}/").content))
    assert node["@type"] == [f"{SDO}Event"]
    assert values(node, f"{SDO}startDate") == [{"@value": war.date_lower.isoformat(), "@type": f"{SDO}Date"}]
    assert values(node, f"{SDO}endDate") == [{"@value": war.date_upper.isoformat(), "@type": f"{SDO}Date"}]
    assert (war.date_lower.isoformat(), war.date_upper.isoformat()) == ("1941-01-01", "1945-12-31")


def test_an_uncertain_event_date_stays_edtf_text(client, demo):
    opening = Event.objects.get(external_id="demo:event:exhibition-opening")
    assert opening.date == "2025-02-01?"
    [node] = expand(json.loads(negotiated(client, f"/en/events/{opening.pk}/").content))
    assert f"{SDO}startDate" not in node
    assert "Date (EDTF, ISO 8601-2): 2025-02-01?" in literals(node, f"{SDO}description")
    places = values(node, f"{SDO}location")
    assert [p["@id"] for p in places] == [
        f"http://testserver/places/{Place.objects.get(external_id='demo:place:astana').pk}/"]


def test_a_place_has_its_coordinates(client, demo):
    toulouse = Place.objects.get(external_id="demo:place:toulouse")
    [node] = expand(json.loads(negotiated(client, f"/fr/places/{toulouse.pk}/").content))
    [geo] = values(node, f"{SDO}geo")
    assert geo["@type"] == [f"{SDO}GeoCoordinates"]
    assert literals(geo, f"{SDO}latitude") == [float(toulouse.latitude)]
    assert literals(geo, f"{SDO}longitude") == [float(toulouse.longitude)]
    assert values(node, f"{SDO}event")  # the liberation and the parade


def test_the_record_uri_leads_to_the_page(client, demo):
    item = Item.objects.filter(is_published=True).first()
    document = json.loads(negotiated(client, f"/kk/items/{item.pk}/").content)
    response = client.get(document["id"].removeprefix("http://testserver"), HTTP_ACCEPT_LANGUAGE="kk")
    assert response.status_code == 302 and response["Location"] == f"/kk/items/{item.pk}/"


@pytest.mark.parametrize("model", list(PAGES))
def test_unpublished_records_are_404_for_visitors_in_every_form(client, curator_client, demo, model):
    record = published(model)[0]
    record.is_published = False
    record.save()
    url = f"/en/{PAGES[model]}/{record.pk}/"
    assert client.get(url, HTTP_ACCEPT=JSONLD).status_code == 404
    assert client.get(url, HTTP_ACCEPT="application/json").status_code == 404
    assert client.get(f"{url}?format=jsonld").status_code == 404
    # The back office previews it, as it previews the page.
    assert curator_client.get(url, HTTP_ACCEPT=JSONLD).status_code == 200


def test_plain_json_is_served_the_same_document(client, demo):
    person = published(Person)[0]
    url = f"/en/people/{person.pk}/"
    as_json = client.get(url, HTTP_ACCEPT="application/json")
    assert as_json["Content-Type"] == JSONLD
    assert json.loads(as_json.content) == json.loads(negotiated(client, url).content)
    # A browser (or no Accept header at all) gets the page.
    assert client.get(url)["Content-Type"].startswith("text/html")
    assert client.get(url, HTTP_ACCEPT="*/*")["Content-Type"].startswith("text/html")


def test_text_cannot_break_out_of_the_embedded_block(client, demo):
    item = Item.objects.get(external_id="demo:item:radio-transmitter")
    hostile = 'Radio </script><script>alert("x")</script> & <!-- done'
    item.description_en = hostile
    item.save()
    html = client.get(f"/en/items/{item.pk}/").content.decode()
    assert "<script>alert" not in html
    document = embedded(html)
    contents = [s["content"] for s in document["referred_to_by"]]
    assert hostile in contents


def test_linked_data_costs_no_extra_queries(client, demo):
    for model in PAGES:
        record = published(model)[0]
        url = f"/en/{PAGES[model]}/{record.pk}/"
        for accept in (JSONLD, "text/html"):
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url, HTTP_ACCEPT=accept).status_code == 200
            assert len(ctx.captured_queries) <= 10, (url, accept, len(ctx.captured_queries))


def _keys(node, found):
    if isinstance(node, dict):
        for key, value in node.items():
            if not key.startswith("@"):
                found.add(key)
            _keys(value, found)
    elif isinstance(node, list):
        for value in node:
            _keys(value, found)
    return found


def test_the_schema_org_excerpt_defines_every_term_we_use(client, demo):
    """The vendored excerpt expands like schema.org's full context only if it defines every term used."""
    context = json.loads(LOCAL_CONTEXTS["https://schema.org"].read_text())["@context"]
    used = set()
    for model in (Person, Place, Event):
        for record in published(model):
            document = json.loads(negotiated(client, f"/en/{PAGES[model]}/{record.pk}/").content)
            _keys(document, used)
            used.update(v for v in _types(document))
    assert used - set(context) == set()


def _types(node):
    if isinstance(node, dict):
        if "@type" in node:
            yield node["@type"]
        for value in node.values():
            yield from _types(value)
    elif isinstance(node, list):
        for value in node:
            yield from _types(value)
