"""Curators write with a token; models validate; If-Match stops silent overwrites."""

import pytest
from django.contrib.auth.models import User

from memoria.archive.models import Item, Person, Place
from memoria.sources.models import Citation, Source
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db

NEW_PERSON = {
    "name": {"en": "Kasym Zhakupov", "ru": "Касым Жакупов"},
    "birth_date": "1920?",
    "name_variants": [
        {"text": "Касым Жакупов", "script": "Cyrl", "language": "ru", "kind": "archive"},
        {"text": "Kassym Jakoupov", "script": "Latn", "language": "fr", "kind": "archive"},
    ],
}


def create_person(client, body=NEW_PERSON):
    response = client.post("/api/people", body)
    assert response.status_code == 201, response.content
    return response


def test_writing_needs_a_valid_token(anonymous, db):
    assert anonymous.post("/api/people", NEW_PERSON).status_code == 401
    assert ApiClient("made-up").post("/api/people", NEW_PERSON).status_code == 401
    assert not Person.objects.exists()


def test_a_token_of_a_deactivated_user_stops_working(as_curator, curator):
    curator.is_active = False
    curator.save()
    assert as_curator.post("/api/people", NEW_PERSON).status_code == 401


def test_reviewers_read_but_cannot_write(as_reviewer, as_curator, db):
    assert as_reviewer.post("/api/people", NEW_PERSON).status_code == 403
    created = create_person(as_curator)
    url, tag = created["Location"], created["ETag"]
    assert as_reviewer.patch(url, {"sort_name": "X"}, **{"If-Match": tag}).status_code == 403
    assert as_reviewer.delete(url, **{"If-Match": tag}).status_code == 403
    assert Person.objects.get().sort_name == ""


def test_curator_creates_an_unpublished_person_with_spellings(as_curator, anonymous, curator):
    response = create_person(as_curator)
    data = response.json()
    assert data["is_published"] is False
    assert data["name"] == {"kk": "", "ru": "Касым Жакупов", "en": "Kasym Zhakupov", "fr": ""}
    assert [v["text"] for v in data["name_variants"]] == ["Касым Жакупов", "Kassym Jakoupov"]
    assert response["Location"].endswith(f"/api/people/{data['id']}")
    assert as_curator.get(response["Location"])["ETag"] == response["ETag"]
    # Unpublished: visitors see nothing yet, and the history names the curator.
    assert anonymous.get(f"/api/people/{data['id']}").status_code == 404
    assert Person.objects.get().history.first().history_user == curator


def test_curator_may_publish_at_creation(as_curator, anonymous):
    data = as_curator.post("/api/places", {"name": {"en": "Toulouse"}, "is_published": True,
                                          "latitude": 43.604652, "longitude": 1.444209}).json()
    assert data["is_published"] is True and data["latitude"] == pytest.approx(43.604652)
    assert anonymous.get(f"/api/places/{data['id']}").status_code == 200


def test_update_needs_the_current_etag(as_curator):
    created = create_person(as_curator)
    url, first_tag = created["Location"], created["ETag"]

    missing = as_curator.patch(url, {"sort_name": "Zhakupov, Kasym"})
    assert missing.status_code == 428

    updated = as_curator.patch(url, {"sort_name": "Zhakupov, Kasym"}, **{"If-Match": first_tag})
    assert updated.status_code == 200 and updated.json()["sort_name"] == "Zhakupov, Kasym"
    assert updated["ETag"] != first_tag

    # A second curator still holding the first version is stopped, not silently overwriting.
    stale = as_curator.patch(url, {"sort_name": "Overwritten"}, **{"If-Match": first_tag})
    assert stale.status_code == 412
    assert Person.objects.get().sort_name == "Zhakupov, Kasym"


def test_patch_changes_one_language_and_keeps_the_rest(as_curator):
    created = create_person(as_curator)
    updated = as_curator.patch(created["Location"], {"name": {"kk": "Қасым Жақыпов"}},
                               **{"If-Match": created["ETag"]}).json()
    assert updated["name"] == {"kk": "Қасым Жақыпов", "ru": "Касым Жакупов", "en": "Kasym Zhakupov", "fr": ""}
    assert len(updated["name_variants"]) == 2 and updated["birth_date"] == "1920?"


def test_put_replaces_the_record_and_its_spellings(as_curator):
    created = create_person(as_curator, {**NEW_PERSON, "external_id": "import:42"})
    keep = created.json()["name_variants"][0]
    body = {"name": {"en": "Kasym Zhakupov"}, "name_variants": [{**keep, "kind": "official"},
                                                                 {"text": "Qasym Zhaqypov", "language": "kk"}]}
    data = as_curator.put(created["Location"], body, **{"If-Match": created["ETag"]}).json()
    assert data["name"]["ru"] == "" and data["birth_date"] == ""
    assert [(v["id"] == keep["id"], v["text"], v["kind"]) for v in data["name_variants"]] == [
        (True, "Касым Жакупов", "official"), (False, "Qasym Zhaqypov", "archive")]
    # Publication and the import identifier are never emptied by omission.
    assert data["is_published"] is False and data["external_id"] == "import:42"


def test_delete_needs_the_current_etag(as_curator, anonymous):
    created = create_person(as_curator)
    assert as_curator.delete(created["Location"]).status_code == 428
    assert as_curator.delete(created["Location"], **{"If-Match": '"stale"'}).status_code == 412
    assert as_curator.delete(created["Location"], **{"If-Match": created["ETag"]}).status_code == 204
    assert not Person.objects.exists()


def errors_of(response):
    assert response.status_code == 422, response.content
    return {e["field"]: e["message"] for e in response.json()["errors"]}


def test_bad_dates_coordinates_and_blank_names_are_refused_per_field(as_curator):
    errors = errors_of(as_curator.post("/api/people", {"name": {"ru": "Только по-русски"}}))
    assert errors["name.en"]  # the English display name is required, as in the admin
    # …whatever language the client reads: the rule does not follow Accept-Language.
    errors = errors_of(as_curator.post("/api/people", {"name": {"ru": "Только по-русски", "en": ""}},
                                       **{"Accept-Language": "ru"}))
    assert errors["name.en"]
    errors = errors_of(as_curator.post("/api/people", {"name": {"en": "Synthetic Person"},
                                                       "birth_date": "around 1920"}))
    assert "not a valid EDTF date" in errors["birth_date"]
    errors = errors_of(as_curator.post("/api/places", {"name": {"en": "Nowhere"}, "latitude": 91}))
    assert "less than or equal to 90" in errors["latitude"]
    errors = errors_of(as_curator.post("/api/events", {"title": {"en": "Backwards"}, "date": "1945/1941"}))
    assert "ends before it starts" in errors["date"]
    assert not Person.objects.exists() and not Place.objects.exists()


def test_duplicate_inventory_number_is_refused(as_curator):
    assert as_curator.post("/api/items", {"inventory_number": "INV-1", "title": {"en": "A"}}).status_code == 201
    response = as_curator.post("/api/items", {"inventory_number": "INV-1", "title": {"en": "B"}})
    assert response.status_code == 409  # valid on its own: it conflicts with another record
    assert response.json()["errors"] == [{"field": "inventory_number", "code": "unique",
                                          "message": "Another item already has this inventory number."}]
    assert Item.objects.count() == 1


def test_a_bad_spelling_leaves_the_person_unchanged(as_curator):
    created = create_person(as_curator)
    body = {"sort_name": "Changed", "name_variants": [{"text": "Fine"}, {"text": "   "}]}
    errors = errors_of(as_curator.patch(created["Location"], body, **{"If-Match": created["ETag"]}))
    assert errors["name_variants[1].text"]
    person = Person.objects.get()
    assert person.sort_name == "" and person.name_variants.count() == 2


def test_malformed_json_fields_are_reported_too(as_curator):
    errors = errors_of(as_curator.post("/api/people", {"name": "not a language map"}))
    assert "name" in errors


def test_events_link_existing_places_only(as_curator):
    place = Place.objects.create(name_en="Toulouse")
    data = as_curator.post("/api/events", {"title": {"en": "Parade"}, "place_ids": [place.pk]}).json()
    assert [p["id"] for p in data["places"]] == [place.pk]
    errors = errors_of(as_curator.post("/api/events", {"title": {"en": "X"}, "place_ids": [place.pk + 99]}))
    assert str(place.pk + 99) in errors["place_ids"]


def test_curator_cites_a_source_for_a_fact(as_curator, anonymous):
    source = as_curator.post("/api/sources", {"title": {"en": "Regiment roll"}, "kind": "archive_file",
                                              "is_published": True}).json()
    person = create_person(as_curator, {**NEW_PERSON, "is_published": True}).json()
    response = as_curator.post("/api/citations", {"source_id": source["id"],
                                                  "record": {"type": "person", "id": person["id"]},
                                                  "field": "birth_date", "locator": "f. 12"})
    assert response.status_code == 201, response.content
    cited = anonymous.get(f"/api/people/{person['id']}/citations").json()
    assert [(c["source_id"], c["field"], c["locator"]) for c in cited] == [(source["id"], "birth_date", "f. 12")]

    changed = as_curator.patch(response["Location"], {"locator": "f. 13"}, **{"If-Match": response["ETag"]})
    assert changed.status_code == 200 and changed.json()["locator"] == "f. 13"
    assert as_curator.patch(response["Location"], {"locator": "f. 14"},
                            **{"If-Match": response["ETag"]}).status_code == 412

    errors = errors_of(as_curator.post("/api/citations", {"source_id": source["id"],
                                                          "record": {"type": "person", "id": 999999}}))
    assert "999999" in errors["record.id"]
    # A source still cited cannot be deleted from under its citations.
    tag = as_curator.get(f"/api/sources/{source['id']}")["ETag"]
    assert as_curator.delete(f"/api/sources/{source['id']}", **{"If-Match": tag}).status_code == 409
    assert Source.objects.exists() and Citation.objects.count() == 1


def test_superuser_without_groups_may_write(db):
    from memoria.api.models import ApiToken

    admin = User.objects.create_superuser("root", password="a-long-test-password-123")
    client = ApiClient(ApiToken.objects.issue(admin)[1])
    assert client.post("/api/units", {"name": {"en": "1st Soviet partisan regiment"},
                                      "kind": "partisan_regiment"}).status_code == 201


def test_null_characters_are_refused_on_every_database(as_curator, anonymous):
    # PostgreSQL cannot store U+0000; SQLite could, so both refuse it the same way.
    errors = errors_of(as_curator.post("/api/people", {"name": {"en": "Synthetic\x00Person"},
                                                       "name_variants": [{"text": "x\x00"}]}))
    assert "Null characters" in errors["name.en"]
    errors = errors_of(as_curator.post("/api/memberships", {"person_id": 1, "unit_id": 1, "role": {"fr": "\x00"}}))
    assert "role.fr" in errors
    assert "inventory_number" in errors_of(anonymous.get("/api/items?inventory_number=%00"))
    assert "q" in errors_of(anonymous.get("/api/people?q=a%00b"))
    assert not Person.objects.exists()


def test_an_oversized_body_is_refused_in_json_and_nothing_is_stored(as_curator, settings):
    """Found by schemathesis: a 5 MB biography got Django's 400 HTML page instead of an API error."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = as_curator.post("/api/people", {"name": {"en": "Synthetic Person"},
                                               "biography": {"en": "x" * (limit + 1)}})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "larger than" in response.json()["detail"]
    assert not Person.objects.exists()
