"""A curator catalogues through the real back office, and visitors see the result."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape

from memoria.archive.models import Item, Person
from memoria.sources.models import Citation, Source
from tests.admin.forms import add_inline_rows, form_data
from tests.conftest import png_bytes

pytestmark = pytest.mark.django_db

CITATIONS = "sources-citation-content_type-object_id"


@pytest.fixture
def article(db):
    return Source.objects.create(title_en="A test letter", kind="archive_file", is_published=True)


def add_person(client, article, **extra):
    data = form_data(client.get("/admin/archive/person/add/"))
    data.update({"name_en": "Abibulla Koishybayev", "name_ru": "Абибулла Койшибаев",
                 "name_kk": "Әбділла Қойшыбаев", "name_fr": "Abibulla Koïchibaev",
                 "sort_name": "Koishybayev, Abibulla", "biography_en": "A partisan in France.",
                 "birth_date": "1920?", "sex": "male"})
    add_inline_rows(data, "name_variants", [
        {"text": "Koishybayev Abibulla", "script": "Latn", "language": "en", "kind": "archive"},
        {"text": "Койшибаев Абибулла", "script": "Cyrl", "language": "ru", "kind": "archive"},
        {"text": "Qoişybaev Äbdilla", "script": "Latn", "language": "kk", "kind": "transliteration"},
    ])
    add_inline_rows(data, CITATIONS, [{"source": article.pk, "field": "", "quote": "the letter says so"}])
    data.update(extra)
    return client.post("/admin/archive/person/add/", data)


def test_curator_creates_a_person_with_three_spellings_and_publishes(curator_client, client, article):
    response = add_person(curator_client, article)
    assert response.status_code == 302, response.content.decode()[:3000]
    person = Person.objects.get(sort_name="Koishybayev, Abibulla")
    assert person.name_variants.count() == 3
    assert person.birth_lower.year == 1920 and person.birth_upper.year == 1920

    # New records stay unpublished: visitors get 404, the curator a preview.
    assert client.get(f"/en/people/{person.pk}/").status_code == 404

    changelist = form_data(curator_client.get("/admin/archive/person/"))
    response = curator_client.post("/admin/archive/person/", {
        **{k: v for k, v in changelist.items() if k in ("csrfmiddlewaretoken",)},
        "action": "publish", "_selected_action": [person.pk],
    })
    assert response.status_code == 302
    html = client.get(f"/ru/people/{person.pk}/").content.decode()
    for spelling in ("Koishybayev Abibulla", "Койшибаев Абибулла", "Qoişybaev Äbdilla"):
        assert escape(spelling) in html
    assert "the letter says so" in html  # the footnote, with its quotation
    assert f'href="/ru/sources/{article.pk}/"' in html


def test_history_records_each_edit(curator_client, article):
    add_person(curator_client, article)
    person = Person.objects.get()
    data = form_data(curator_client.get(f"/admin/archive/person/{person.pk}/change/"))
    data["biography_en"] = "A partisan in southern France."
    response = curator_client.post(f"/admin/archive/person/{person.pk}/change/", data)
    assert response.status_code == 302
    history = person.history.order_by("history_date")
    assert [h.history_type for h in history] == ["+", "~"]
    assert history.last().biography_en == "A partisan in southern France."
    assert history.last().history_user.username == "curator"
    page = curator_client.get(f"/admin/archive/person/{person.pk}/history/").content.decode()
    assert "curator" in page


def test_curator_adds_an_item_with_an_image_and_a_citation(curator_client, client, article):
    data = form_data(curator_client.get("/admin/archive/item/add/"))
    data.update({"inventory_number": "KP-1001", "kind": "photograph", "title_en": "Partisans in Toulouse",
                 "title_ru": "Партизаны в Тулузе", "description_en": "A group photograph.",
                 "date_made": "1944~", "is_published": "on"})
    add_inline_rows(data, "media", [{"alt_text_en": "Six men in a street", "position": "0"}])
    add_inline_rows(data, CITATIONS, [{"source": article.pk, "field": "date_made", "quote": "dated 1944"}])
    data["media-0-file"] = SimpleUploadedFile("photo.png", png_bytes((2400, 1600)), "image/png")
    response = curator_client.post("/admin/archive/item/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]

    item = Item.objects.get(inventory_number="KP-1001")
    media = item.media.get()
    assert media.content_type == "image/png" and (media.width, media.height) == (2400, 1600)
    assert Citation.objects.filter(object_id=item.pk, field="date_made").exists()

    html = client.get(f"/en/items/{item.pk}/").content.decode()
    assert 'alt="Six men in a street"' in html
    assert "dated 1944" in html and "about 1944" in html
    image = client.get(media.display.url)
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    # The original is not downloadable unless its rights allow it.
    assert client.get(media.file.url).status_code == 404
