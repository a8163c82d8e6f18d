"""Curators upload, describe and delete media files through the API; bad files are refused whole."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from PIL import Image

from memoria.api.models import ApiToken
from memoria.archive.models import Item, Media, Person
from tests.conftest import png_bytes
from tests.media.files import real_pdf

pytestmark = pytest.mark.django_db


def stored_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


class Uploader:
    """Multipart uploads with a token, as `curl -F file=@scan.png -F alt_text_en=…` sends them."""

    def __init__(self, token: str | None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def upload(self, url, content: bytes, name="scan.png", content_type="image/png", **fields):
        upload = io.BytesIO(content)
        upload.name = name
        return self.client.post(url, {"file": upload, **fields}, headers=self.headers)


@pytest.fixture
def uploader(curator):
    return Uploader(ApiToken.objects.issue(curator)[1])


@pytest.fixture
def item(db):
    return Item.objects.create(inventory_number="SYN-0001", title_en="Synthetic item 0001", is_published=True)


def errors_of(response):
    assert response.status_code == 422, response.content
    return {e["field"]: e["message"] for e in response.json()["errors"]}


def test_curator_uploads_an_image_with_its_texts_and_reads_it_back(uploader, item, anonymous, curator):
    response = uploader.upload(f"/api/items/{item.pk}/media", png_bytes((800, 600)),
                               alt_text_en="A synthetic test image", caption_ru="Синтетический снимок",
                               credit="Synthetic credit", position="3")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["content_type"] == "image/png" and (data["width"], data["height"]) == (800, 600)
    assert data["alt_text"] == {"kk": "", "ru": "", "en": "A synthetic test image", "fr": ""}
    assert data["caption"]["ru"] == "Синтетический снимок" and data["position"] == 3
    assert data["item_id"] == item.pk and data["allow_download"] is False
    assert response["Location"].endswith(f"/api/media/{data['id']}")
    # Visitors get the web images but not the original, whose rights are not cleared.
    [listed] = anonymous.get(f"/api/items/{item.pk}/media").json()
    assert listed["original_url"] is None
    for url in (listed["display_url"], listed["thumbnail_url"]):
        fetched = anonymous.client.get(url)
        assert fetched.status_code == 200 and fetched["Content-Type"] == "image/jpeg"
    assert anonymous.get(f"/api/items/{item.pk}").json()["media"][0]["id"] == data["id"]
    assert Media.objects.get().history.first().history_user == curator


def test_a_pdf_is_accepted_for_a_person(uploader, anonymous):
    person = Person.objects.create(name_en="Synthetic Person 00001", is_published=True)
    response = uploader.upload(f"/api/people/{person.pk}/media", real_pdf(), name="letter.pdf")
    assert response.status_code == 201, response.content
    assert response.json()["content_type"] == "application/pdf"
    assert response.json()["display_url"] is None
    assert [m["person_id"] for m in anonymous.get(f"/api/people/{person.pk}/media").json()] == [person.pk]


@pytest.mark.parametrize("content, name, reason", [
    (b"MZ\x90\x00 this is not a picture" * 40, "photo.jpg", "not an image or a PDF that memoria can read"),
    (png_bytes((800, 600))[:300], "scan.png", "not an image or a PDF that memoria can read"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "logo.svg",
     "not an image or a PDF that memoria can read"),
    (b"", "empty.png", "The file is empty."),
])
def test_fake_truncated_and_svg_files_are_refused_and_nothing_is_stored(uploader, item, content, name, reason):
    before = stored_files()
    errors = errors_of(uploader.upload(f"/api/items/{item.pk}/media", content, name=name))
    assert reason in errors["file"]
    assert not Media.objects.exists() and not Media.history.exists()
    assert stored_files() == before


def test_oversized_file_is_refused(uploader, item, settings):
    settings.MEMORIA_MAX_UPLOAD_BYTES = 10_000
    response = uploader.upload(f"/api/items/{item.pk}/media", png_bytes((400, 400)) + b"\0" * 20_000)
    # Stopped while it arrives (memoria.core.uploads), before the API or a temporary file sees it.
    assert response.status_code == 413
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert "“scan.png” is larger than 0.0095 MB, the most a file may be here" in errors["file"]
    assert not Media.objects.exists()


def test_decompression_bomb_is_refused(uploader, item):
    out = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(out, "PNG")  # 400 million pixels in a small file
    before = stored_files()
    errors = errors_of(uploader.upload(f"/api/items/{item.pk}/media", out.getvalue()))
    assert "pixels" in errors["file"]
    assert not Media.objects.exists() and stored_files() == before


def test_upload_needs_a_curator_token_and_an_existing_record(uploader, item, reviewer):
    assert Uploader(None).upload(f"/api/items/{item.pk}/media", png_bytes()).status_code == 401
    assert Uploader("made-up").upload(f"/api/items/{item.pk}/media", png_bytes()).status_code == 401
    as_reviewer = Uploader(ApiToken.objects.issue(reviewer)[1])
    assert as_reviewer.upload(f"/api/items/{item.pk}/media", png_bytes()).status_code == 403
    assert uploader.upload(f"/api/items/{item.pk + 999}/media", png_bytes()).status_code == 404
    assert not Media.objects.exists()


def test_captions_and_rights_change_with_if_match(uploader, item, as_curator, as_reviewer, anonymous):
    created = uploader.upload(f"/api/items/{item.pk}/media", png_bytes())
    url, tag = created["Location"], created["ETag"]
    change = {"caption": {"fr": "Image synthétique"}, "alt_text": {"kk": "Синтетикалық сурет"},
              "credit": "Synthetic archive", "allow_download": True, "position": 2}
    assert as_reviewer.patch(url, change, **{"If-Match": tag}).status_code == 403
    assert as_curator.patch(url, change).status_code == 428
    assert as_curator.patch(url, change, **{"If-Match": '"stale"'}).status_code == 412
    changed = as_curator.patch(url, change, **{"If-Match": tag})
    assert changed.status_code == 200 and changed["ETag"] != tag
    data = changed.json()
    assert data["caption"]["fr"] == "Image synthétique" and data["alt_text"]["kk"] == "Синтетикалық сурет"
    assert (data["credit"], data["allow_download"], data["position"]) == ("Synthetic archive", True, 2)
    # Now the rights allow it, visitors get the original too.
    original = anonymous.get(url).json()["original_url"]
    assert original and anonymous.client.get(original).status_code == 200
    errors = errors_of(as_curator.patch(url, {"alt_text": {"en": "x" * 501}}, **{"If-Match": changed["ETag"]}))
    assert "alt_text.en" in errors
    errors = errors_of(as_curator.patch(url, {"position": -1}, **{"If-Match": changed["ETag"]}))
    assert "position" in errors


def test_delete_needs_the_current_etag(uploader, item, as_curator):
    created = uploader.upload(f"/api/items/{item.pk}/media", png_bytes())
    url = created["Location"]
    assert as_curator.delete(url).status_code == 428
    assert as_curator.delete(url, **{"If-Match": '"stale"'}).status_code == 412
    assert as_curator.delete(url, **{"If-Match": created["ETag"]}).status_code == 204
    assert not Media.objects.exists()
    assert as_curator.get(url).status_code == 404


def test_media_of_unpublished_records_are_hidden_from_visitors(uploader, item, anonymous, as_reviewer):
    created = uploader.upload(f"/api/items/{item.pk}/media", png_bytes())
    item.is_published = False
    item.save()
    assert anonymous.get(f"/api/items/{item.pk}/media").status_code == 404
    assert anonymous.get(created["Location"]).status_code == 404
    display = as_reviewer.get(created["Location"]).json()["display_url"]
    assert anonymous.client.get(display).status_code == 404
    assert [m["id"] for m in as_reviewer.get(f"/api/items/{item.pk}/media").json()] == [created.json()["id"]]
