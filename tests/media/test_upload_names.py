"""The curator's own file name survives the upload: shown in the back office, given to downloads,
and named in a refusal (never the upload object's inner description)."""

import pytest

from memoria.archive.models import Item, Media
from tests.conftest import png_bytes
from tests.media.files import real_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(db):
    return Item.objects.create(inventory_number="SYN-0002", title_en="Synthetic item 0002", is_published=True)


def test_a_refused_file_is_named_as_the_curator_named_it(uploader, item):
    response = uploader.upload(f"/api/items/{item.pk}/media", b"\xff\xd8\xff not really a jpeg" * 10,
                               name="fake.jpg", content_type="image/jpeg")
    assert response.status_code == 422
    message = " ".join(error["message"] for error in response.json()["errors"])
    assert "“fake.jpg” is not an image or a PDF" in message
    assert "InMemoryUploadedFile" not in message and "<" not in message


def test_the_original_name_is_kept_and_given_to_downloads(uploader, item, curator_client, client):
    response = uploader.upload(f"/api/items/{item.pk}/media", real_pdf(), name="Наградной лист 1944.pdf",
                               content_type="application/pdf", allow_download="true")
    assert response.status_code == 201, response.content
    media = Media.objects.get(item=item)
    assert media.original_name == "Наградной лист 1944.pdf"
    assert "Наградной" not in media.file.name  # stored under a random name all the same
    download = client.get(media.public_file.url)
    assert download.status_code == 200
    assert "filename*=utf-8''%D0%9D%D0%B0%D0%B3" in download["Content-Disposition"]
    page = curator_client.get(f"/admin/archive/item/{item.pk}/change/").content.decode()
    assert "Наградной лист 1944.pdf" in page


def test_an_image_keeps_its_name_too(uploader, item):
    uploader.upload(f"/api/items/{item.pk}/media", png_bytes(), name="partisans-1944.png")
    assert Media.objects.get(item=item).original_name == "partisans-1944.png"
