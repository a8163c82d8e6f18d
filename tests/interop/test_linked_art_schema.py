"""Items' JSON-LD passes the Linked Art 1.0 JSON schema a Linked Art client validates with, and
reaches such a client through the Accept header it sends.

The schema is the HumanMadeObject schema (object.json) and what it references (core.json),
local copies in tests/interop/schemas/linked-art/ (README there); the validator answers the
schemas' own URLs from those copies and fetches nothing.
"""

import json
from functools import cache
from pathlib import Path

import jsonschema_rs
import pytest
from django.core.files.base import ContentFile

from memoria.archive.models import Item, Media
from memoria.archive.services import media_finish_upload
from memoria.core import services
from memoria.core.services import COMMAND_LINE
from tests.conftest import png_bytes

SCHEMAS = Path(__file__).parent / "schemas" / "linked-art"
SCHEMA_URL = "https://linked.art/api/1.0/schema/"
PROFILE = "https://linked.art/ns/v1/linked-art.json"
# What a Linked Art client sends (https://linked.art/api/1.0/protocol/).
LINKED_ART_ACCEPT = f'application/ld+json;profile="{PROFILE}"'


def _local_copy(uri: str):
    name = uri.removeprefix(SCHEMA_URL)
    if name == uri or not (SCHEMAS / name).is_file():
        raise ValueError(f"{uri}: no local copy, and tests never download")
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


@cache
def object_schema():
    # Every reference outside the file goes through the retriever: the local copies, or an error.
    return jsonschema_rs.validator_for(_local_copy(f"{SCHEMA_URL}object.json"), retriever=_local_copy)


def assert_linked_art_object(document: dict) -> None:
    errors = [f"{'/'.join(map(str, e.instance_path)) or '(top)'}: {e.message}"
              for e in object_schema().iter_errors(document)]
    assert errors == [], "fails the Linked Art HumanMadeObject schema:\n" + "\n".join(errors[:20])


def as_linked_art(client, item) -> dict:
    response = client.get(f"/en/items/{item.pk}/", HTTP_ACCEPT=LINKED_ART_ACCEPT)
    assert response.status_code == 200
    assert response["Content-Type"] == LINKED_ART_ACCEPT
    return json.loads(response.content)


@pytest.fixture
def photographed(demo):
    """A demo item with a photograph (so a representation and a IIIF manifest), made in a place,
    at an uncertain date, with text in the four languages."""
    item = Item.objects.get(external_id="demo:item:radio-transmitter")
    media = Media(item=item, content_type="image/png", width=10, height=10)
    media.file.save("x.png", ContentFile(png_bytes((10, 10))), save=False)
    media.save()
    media_finish_upload(media)
    services.update(Item, item.pk, {"date_made": "1943/1944~", "dimensions": "SYNTHETIC 10 × 20 cm",
                                    "rights": "SYNTHETIC test statement"}, COMMAND_LINE, "*")
    return item


def test_every_published_demo_item_passes_the_linked_art_schema(client, demo):
    items = Item.objects.filter(is_published=True)
    assert items
    for item in items:
        assert_linked_art_object(as_linked_art(client, item))


def test_an_item_with_a_photograph_and_its_iiif_manifest_passes_the_schema(client, photographed):
    document = as_linked_art(client, photographed)
    assert_linked_art_object(document)

    manifest = next(s for s in document["subject_of"]
                    if "/iiif/" in s["digitally_carried_by"][0]["access_point"][0]["id"])
    assert manifest["type"] == "LinguisticObject"
    assert document["representation"] and document["produced_by"]["timespan"]


def test_the_schema_does_catch_a_document_that_breaks_it(client, photographed):
    """The check is not vacuous: the shape memoria used to send for the manifest fails it."""
    document = as_linked_art(client, photographed)
    document["subject_of"][-1]["type"] = "InformationObject"
    with pytest.raises(AssertionError, match="subject_of"):
        assert_linked_art_object(document)


# --- what a Linked Art client sends ------------------------------------------------------------------

@pytest.mark.parametrize("accept", [
    LINKED_ART_ACCEPT,
    f'application/ld+json; profile="{PROFILE}"',
    f'text/html;q=0.5, application/ld+json;profile="{PROFILE}"',
    f'application/ld+json;profile="{PROFILE}";q=0.9, */*;q=0.1',
    "application/ld+json",
    "application/json",
])
def test_a_linked_art_client_gets_the_json_ld(client, demo, accept):
    item = Item.objects.filter(is_published=True).first()
    response = client.get(f"/en/items/{item.pk}/", HTTP_ACCEPT=accept)
    assert response["Content-Type"] == LINKED_ART_ACCEPT
    assert json.loads(response.content)["type"] == "HumanMadeObject"


@pytest.mark.parametrize("accept", [
    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",  # a browser
    "*/*",
    f'application/ld+json;profile="{PROFILE}";q=0.2, text/html',  # prefers the page
    "application/ld+json;q=0, text/html;q=0.1",  # refuses JSON-LD outright
])
def test_a_browser_or_a_client_preferring_html_gets_the_page(client, demo, accept):
    item = Item.objects.filter(is_published=True).first()
    response = client.get(f"/en/items/{item.pk}/", HTTP_ACCEPT=accept)
    assert response["Content-Type"].startswith("text/html")
