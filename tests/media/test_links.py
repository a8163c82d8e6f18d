"""Visitors never see a link to a file they cannot get: every file a public page, its JSON-LD, its
IIIF manifest or the API names answers 200, and a PDF whose rights forbid a download is named
without a link."""

import json
import re
from html import unescape

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from memoria.archive.media import make_derivatives
from memoria.archive.models import Item, Media
from tests.iiif.scans import synthetic_jpeg
from tests.media.files import real_pdf

pytestmark = pytest.mark.django_db

#: A quoted URL (attribute or JSON string) of a file, an image service or a manifest.
FILE_URL = re.compile(r'["\'](?:https?://testserver)?(/(?:media|iiif)/[^"\'\s<>\\]+)')



@pytest.fixture
def items(uploader):
    """Published items with every kind of file, downloadable or not, and one stored before public copies."""
    made = {}
    for name, content, content_type, download in [
        ("photo-open", synthetic_jpeg((800, 600)), "image/jpeg", "true"),
        ("photo-closed", synthetic_jpeg((800, 600)), "image/jpeg", "false"),
        ("pdf-open", real_pdf(), "application/pdf", "true"),
        ("pdf-closed", real_pdf(), "application/pdf", "false"),
    ]:
        item = Item.objects.create(inventory_number=f"SYN-{name}", title_en=f"Synthetic {name}", is_published=True)
        created = uploader.upload(f"/api/items/{item.pk}/media", content, name=name,
                                  content_type=content_type, allow_download=download)
        assert created.status_code == 201, created.content
        made[name] = item
    older = Item.objects.create(inventory_number="SYN-older", title_en="Synthetic older", is_published=True)
    media = Media(item=older, content_type="image/jpeg", width=800, height=600, allow_download=True)
    media.file.save("older.jpg", ContentFile(synthetic_jpeg((800, 600))), save=False)
    make_derivatives(media)
    media.save()
    made["older"] = older
    return made


def file_urls(text: str) -> set[str]:
    """The file, image-service and manifest URLs in a page or document; a manifest's canvas and
    annotation ids are names, which IIIF does not require to answer."""
    return {unescape(url) for url in FILE_URL.findall(text) if "/canvas/" not in url}


def test_a_pdf_that_may_not_be_downloaded_is_named_without_a_link(client, items):
    page = client.get(f"/en/items/{items['pdf-closed'].pk}/").content.decode()
    assert "<p>Document (PDF)</p>" in page
    assert not [url for url in file_urls(page) if url.startswith("/media/")]
    page = client.get(f"/en/items/{items['pdf-open'].pk}/").content.decode()
    [link] = re.findall(r'<a href="(/media/[^"]+)">Document \(PDF\)</a>', page)
    response = client.get(link)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_every_file_a_visitor_is_shown_answers(client, items):
    visitor = Client()
    checked = set()
    for item in items.values():
        sources = [client.get(f"/{lang}/items/{item.pk}/").content.decode() for lang in ("kk", "ru", "en", "fr")]
        sources.append(client.get(f"/en/items/{item.pk}/", HTTP_ACCEPT="application/ld+json").content.decode())
        sources.append(json.dumps(client.get(f"/api/items/{item.pk}").json()))
        sources.append(json.dumps(client.get(f"/api/items/{item.pk}/media").json()))
        for url in set().union(*map(file_urls, sources)):
            if url.endswith("/manifest.json"):
                sources.append(client.get(url).content.decode())
        for url in set().union(*map(file_urls, sources)) - checked:
            response = visitor.get(url)
            assert response.status_code in (200, 303), (item.inventory_number, url, response.status_code)
            checked.add(url)
    assert any(url.endswith("/info.json") for url in checked) and any("manifest" in url for url in checked)
    assert any(url.startswith("/media/derivatives/") for url in checked)
    downloads = {url for url in checked if url.startswith("/media/public/")}
    # Only the two files whose rights allow it are offered, and only as their public copies.
    assert len(downloads) == 2
    assert not {url for url in checked if url.startswith("/media/media/")}
