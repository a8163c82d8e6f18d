"""Curators build an exhibition through the API: the exhibition, its sections, their entries and order."""

import pytest

from memoria.archive.models import Item, Person
from memoria.exhibitions.models import Entry, Exhibition, Section

pytestmark = pytest.mark.django_db

NEW_EXHIBITION = {
    "slug": "synthetic-exhibition",
    "title": {"kk": "Синтетикалық көрме", "ru": "Синтетическая выставка", "en": "Synthetic exhibition",
              "fr": "Exposition synthétique"},
    "introduction": {"en": "A synthetic exhibition for the tests.", "fr": "Une exposition de test."},
    "opening_date": "2025-02",
    "is_featured": True,
}


def errors_of(response):
    assert response.status_code == 422, response.content
    return {e["field"]: e["message"] for e in response.json()["errors"]}


def create(client, url, body):
    response = client.post(url, body)
    assert response.status_code == 201, response.content
    return response


@pytest.fixture
def items(db):
    return [Item.objects.create(inventory_number=f"SYN-{n:04}", title_en=f"Synthetic item {n:04}", is_published=True)
            for n in range(1, 4)]


def test_curator_builds_and_publishes_an_exhibition(as_curator, anonymous, items, curator):
    exhibition = create(as_curator, "/api/exhibitions", NEW_EXHIBITION)
    data = exhibition.json()
    assert data["title"]["kk"] == "Синтетикалық көрме" and data["introduction"]["fr"] == "Une exposition de test."
    assert data["is_published"] is False and data["is_featured"] is True and data["sections"] == []
    assert anonymous.get(exhibition["Location"]).status_code == 404

    section = create(as_curator, "/api/sections", {"exhibition_id": data["id"], "slug": "hall-1", "position": 1,
                                                   "title": {"en": "Synthetic hall 1"}, "is_published": True})
    entries = [create(as_curator, "/api/entries", {"section_id": section.json()["id"], "item_id": item.pk,
                                                    "position": n, "caption": {"en": f"Synthetic caption {n}"}})
               for n, item in enumerate(items, start=1)]
    panel = create(as_curator, "/api/entries", {"section_id": section.json()["id"], "position": 9,
                                                 "text": {"ru": "Синтетический текст"}})
    assert panel.json()["item"] is None and panel.json()["text"]["ru"] == "Синтетический текст"

    # Publishing goes through the admin's action: a recorded change, by the token's user.
    tag = as_curator.get(exhibition["Location"])["ETag"]
    url = exhibition["Location"]
    assert as_curator.post(f"{url}/publish", None).status_code == 428
    published = as_curator.post(f"{url}/publish", None, **{"If-Match": tag})
    assert published.status_code == 200 and published.json()["is_published"] is True
    assert published["ETag"] != tag
    record = Exhibition.objects.get()
    assert record.history.first().history_user == curator and record.history.first().is_published

    shown = anonymous.get(url).json()
    assert [s["slug"] for s in shown["sections"]] == ["hall-1"]
    assert [e["caption"]["en"] for e in shown["sections"][0]["entries"]] == [
        "Synthetic caption 1", "Synthetic caption 2", "Synthetic caption 3", ""]
    assert anonymous.client.get(shown["public_url"]).status_code == 200

    unpublished = as_curator.post(f"{url}/unpublish", None, **{"If-Match": published["ETag"]})
    assert unpublished.json()["is_published"] is False
    assert anonymous.get(url).status_code == 404
    assert anonymous.get(section["Location"]).status_code == 404
    assert anonymous.get(f"{section['Location']}/citations").status_code == 404
    assert anonymous.get(entries[0]["Location"]).status_code == 404


def test_entries_are_reordered_with_the_sections_etag(as_curator, as_reviewer, items):
    exhibition = Exhibition.objects.create(slug="synthetic", title_en="Synthetic exhibition")
    section = create(as_curator, "/api/sections", {"exhibition_id": exhibition.pk, "slug": "s",
                                                   "title": {"en": "Synthetic section"}})
    ids = [create(as_curator, "/api/entries", {"section_id": section.json()["id"], "item_id": item.pk,
                                                "position": n}).json()["id"] for n, item in enumerate(items)]
    url, tag = f"{section['Location']}/entry-order", section["ETag"]
    new_order = [ids[2], ids[0], ids[1]]
    assert as_reviewer.put(url, {"entry_ids": new_order}, **{"If-Match": tag}).status_code == 403
    assert as_curator.put(url, {"entry_ids": new_order}).status_code == 428
    reordered = as_curator.put(url, {"entry_ids": new_order}, **{"If-Match": tag})
    assert reordered.status_code == 200, reordered.content
    assert [e["id"] for e in reordered.json()["entries"]] == new_order
    assert reordered["ETag"] != tag
    # The second curator who still holds the old order is stopped.
    assert as_curator.put(url, {"entry_ids": ids}, **{"If-Match": tag}).status_code == 412
    errors = errors_of(as_curator.put(url, {"entry_ids": ids[:2]}, **{"If-Match": reordered["ETag"]}))
    assert f"missing: {ids[2]}" in errors["entry_ids"]
    errors = errors_of(as_curator.put(url, {"entry_ids": [*ids, 999999]}, **{"If-Match": reordered["ETag"]}))
    assert "999999" in errors["entry_ids"]
    assert list(Entry.objects.order_by("position").values_list("pk", flat=True)) == new_order


def test_sections_are_reordered_with_the_exhibitions_etag(as_curator):
    exhibition = create(as_curator, "/api/exhibitions", NEW_EXHIBITION)
    ids = [create(as_curator, "/api/sections", {"exhibition_id": exhibition.json()["id"], "slug": f"hall-{n}",
                                                "position": n, "title": {"en": f"Synthetic hall {n}"}}).json()["id"]
           for n in range(3)]
    tag = as_curator.get(exhibition["Location"])["ETag"]
    reordered = as_curator.put(f"{exhibition['Location']}/section-order", {"section_ids": ids[::-1]},
                               **{"If-Match": tag})
    assert reordered.status_code == 200, reordered.content
    assert [s["id"] for s in reordered.json()["sections"]] == ids[::-1]


def test_exhibition_updates_and_deletes_need_the_current_etag(as_curator, as_reviewer, anonymous):
    created = create(as_curator, "/api/exhibitions", NEW_EXHIBITION)
    url, tag = created["Location"], created["ETag"]
    assert anonymous.patch(url, {"is_featured": False}, **{"If-Match": tag}).status_code == 401
    assert as_reviewer.patch(url, {"is_featured": False}, **{"If-Match": tag}).status_code == 403
    assert as_curator.patch(url, {"is_featured": False}).status_code == 428
    changed = as_curator.patch(url, {"title": {"fr": "Exposition synthétique, deuxième version"},
                                     "is_featured": False}, **{"If-Match": tag})
    assert changed.status_code == 200 and changed["ETag"] != tag
    assert changed.json()["title"]["fr"] == "Exposition synthétique, deuxième version"
    assert changed.json()["title"]["kk"] == "Синтетикалық көрме"
    assert as_curator.patch(url, {"is_featured": True}, **{"If-Match": tag}).status_code == 412
    assert as_curator.delete(url, **{"If-Match": tag}).status_code == 412
    assert as_curator.delete(url, **{"If-Match": changed["ETag"]}).status_code == 204
    assert not Exhibition.objects.exists()


def test_bad_exhibition_input_is_refused_per_field(as_curator, items):
    errors = errors_of(as_curator.post("/api/exhibitions", {**NEW_EXHIBITION, "slug": "not a slug!"}))
    assert "slug" in errors
    errors = errors_of(as_curator.post("/api/exhibitions", {**NEW_EXHIBITION, "opening_date": "early 2025"}))
    assert "not a valid EDTF date" in errors["opening_date"]
    errors = errors_of(as_curator.post("/api/exhibitions", {**NEW_EXHIBITION, "place_id": 999999}))
    assert errors["place_id"] == "No place with id 999999."
    create(as_curator, "/api/exhibitions", NEW_EXHIBITION)
    duplicate = as_curator.post("/api/exhibitions", NEW_EXHIBITION)
    assert duplicate.status_code == 409 and "already exists" in duplicate.json()["errors"][0]["message"]
    errors = errors_of(as_curator.post("/api/sections", {"exhibition_id": 999999, "slug": "x",
                                                         "title": {"en": "Synthetic"}}))
    assert errors["exhibition_id"] == "No exhibition with id 999999."
    section = Section.objects.create(exhibition=Exhibition.objects.get(), slug="s", title_en="Synthetic section")
    errors = errors_of(as_curator.post("/api/entries", {"section_id": section.pk, "item_id": items[0].pk,
                                                        "person_id": Person.objects.create(name_en="Synthetic").pk}))
    assert "not both" in errors[None]
    errors = errors_of(as_curator.post("/api/entries", {"section_id": section.pk}))
    assert "needs an item, a person or a text" in errors[None]
    errors = errors_of(as_curator.post("/api/entries", {"section_id": section.pk, "item_id": items[0].pk,
                                                        "position": 70000}))
    assert "position" in errors
    assert Exhibition.objects.count() == 1 and not Entry.objects.exists()


def test_entries_of_unpublished_items_are_hidden_from_visitors(as_curator, anonymous, items):
    exhibition = Exhibition.objects.create(slug="synthetic", title_en="Synthetic exhibition", is_published=True)
    section = Section.objects.create(exhibition=exhibition, slug="s", title_en="Synthetic section",
                                     is_published=True)
    hidden = Item.objects.create(inventory_number="SYN-0099", title_en="Synthetic item 0099")
    entry = create(as_curator, "/api/entries", {"section_id": section.pk, "item_id": hidden.pk})
    shown = create(as_curator, "/api/entries", {"section_id": section.pk, "item_id": items[0].pk})
    assert anonymous.get(entry["Location"]).status_code == 404
    assert anonymous.get(shown["Location"]).status_code == 200
    assert [e["id"] for e in anonymous.get(f"/api/entries?section={section.pk}").json()["items"]] == [
        shown.json()["id"]]
    assert [e["id"] for e in anonymous.get(f"/api/sections/{section.pk}").json()["entries"]] == [shown.json()["id"]]
