"""Nonsense is refused with a message naming the field and the reason; nothing is half-saved."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from memoria.archive.models import Item, Media, NameVariant, Person, Place
from tests.admin.forms import add_inline_rows, form_data
from tests.conftest import png_bytes

pytestmark = pytest.mark.django_db


def snapshot():
    return (Person.objects.count(), NameVariant.objects.count(), Item.objects.count(),
            Media.objects.count(), Place.objects.count(), Person.history.count(), Item.history.count())


def post_item(client, media_file=None, **fields):
    data = form_data(client.get("/admin/archive/item/add/"))
    data.update({"inventory_number": "KP-1", "kind": "object", "title_en": "Field telephone"})
    data.update(fields)
    if media_file is not None:
        add_inline_rows(data, "media", [{"alt_text_en": "x", "position": "0"}])
        data["media-0-file"] = media_file
    return client.post("/admin/archive/item/add/", data)


def errors_of(response) -> str:
    assert response.status_code == 200, "the form should come back with errors"
    html = response.content.decode()
    assert "errorlist" in html
    return html


def test_invalid_edtf_date_is_refused(curator_client):
    before = snapshot()
    html = errors_of(post_item(curator_client, date_made="summer of 44"))
    assert "is not a valid EDTF date" in html
    assert snapshot() == before


def test_reversed_date_range_is_refused(curator_client):
    html = errors_of(post_item(curator_client, date_made="1945/1941"))
    assert "ends before it starts" in html


def test_coordinates_out_of_range_are_refused(curator_client):
    data = form_data(curator_client.get("/admin/archive/place/add/"))
    data.update({"name_en": "Nowhere", "latitude": "91", "longitude": "-181"})
    before = snapshot()
    html = errors_of(curator_client.post("/admin/archive/place/add/", data))
    assert "less than or equal to 90" in html
    assert "greater than or equal to -180" in html
    assert snapshot() == before


def test_duplicate_inventory_number_is_refused(curator_client):
    assert post_item(curator_client).status_code == 302
    before = snapshot()
    html = errors_of(post_item(curator_client, title_en="Another"))
    assert "Another item already has this inventory number." in html
    assert snapshot() == before


def test_file_that_is_not_the_image_it_claims_is_refused(curator_client):
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 this is not a picture" * 40, "image/jpeg")
    before = snapshot()
    html = errors_of(post_item(curator_client, media_file=fake))
    assert "not an image or a PDF that memoria can read" in html
    assert snapshot() == before  # neither the item nor the media row was kept


def test_truncated_image_is_refused(curator_client):
    data = png_bytes((800, 600))
    truncated = SimpleUploadedFile("scan.png", data[: len(data) // 2], "image/png")
    html = errors_of(post_item(curator_client, media_file=truncated))
    assert "not an image or a PDF that memoria can read" in html


def test_svg_is_refused(curator_client):
    svg = SimpleUploadedFile("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                             "image/svg+xml")
    before = snapshot()
    errors_of(post_item(curator_client, media_file=svg))
    assert snapshot() == before


def test_oversized_file_is_refused(curator_client, settings):
    settings.MEMORIA_MAX_UPLOAD_BYTES = 10_000
    big = SimpleUploadedFile("big.png", png_bytes((400, 400)) + b"\0" * 20_000, "image/png")
    before = snapshot()
    # Stopped while it arrives (memoria.core.uploads), before the form or a temporary file sees it.
    response = post_item(curator_client, media_file=big)
    assert response.status_code == 413
    assert "“big.png” is larger than 0.0095 MB, the most a file may be here" in response.content.decode()
    assert snapshot() == before


def test_decompression_bomb_is_refused(curator_client):
    out = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(out, "PNG")  # 400 million pixels in a small file
    bomb = SimpleUploadedFile("bomb.png", out.getvalue(), "image/png")
    before = snapshot()
    html = errors_of(post_item(curator_client, media_file=bomb))
    assert "pixels" in html
    assert snapshot() == before


def test_name_variant_with_no_text_is_refused(curator_client):
    data = form_data(curator_client.get("/admin/archive/person/add/"))
    data.update({"name_en": "Kabysh Omarov", "sex": "unknown"})
    add_inline_rows(data, "name_variants", [
        {"text": "Kabysh Omarov", "script": "Latn", "language": "en", "kind": "archive"},
        {"text": "  \u200b ", "script": "Latn", "language": "fr", "kind": "archive"},
    ])
    before = snapshot()
    html = errors_of(curator_client.post("/admin/archive/person/add/", data))
    assert "This field cannot be blank." in html or "This text is empty" in html
    assert snapshot() == before  # the person and the good variant were not saved either
