"""Curators link people, units, events, items and places through the API; visitors see published links."""

import pytest

from memoria.archive.models import (
    Event, Item, ItemEvent, ItemPerson, ItemPlace, Membership, Participation, Person, Place, Unit,
)
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(db):
    """Synthetic, published records to link."""
    return {
        "person": Person.objects.create(name_en="Synthetic Person 00001", is_published=True),
        "unit": Unit.objects.create(name_en="Synthetic unit 01", kind="partisan_detachment", is_published=True),
        "event": Event.objects.create(title_en="Synthetic event 01", date="1943", is_published=True),
        "item": Item.objects.create(inventory_number="SYN-0001", title_en="Synthetic item 0001",
                                    is_published=True),
        "place": Place.objects.create(name_en="Synthetic place 01", is_published=True),
    }


def errors_of(response):
    assert response.status_code == 422, response.content
    return {e["field"]: e["message"] for e in response.json()["errors"]}


def test_membership_lifecycle_with_role_dates_and_etags(as_curator, anonymous, records, curator):
    person, unit = records["person"], records["unit"]
    created = as_curator.post("/api/memberships", {"person_id": person.pk, "unit_id": unit.pk,
                                                   "role": {"en": "scout", "ru": "разведчик"},
                                                   "date": "1942-05/1944"})
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["person"]["id"] == person.pk and data["unit"]["id"] == unit.pk
    assert data["role"] == {"kk": "", "ru": "разведчик", "en": "scout", "fr": ""}
    assert (data["date"], data["date_lower"], data["date_upper"]) == ("1942-05/1944", "1942-05-01", "1944-12-31")
    url, tag = created["Location"], created["ETag"]
    assert anonymous.get(url).json()["role"]["en"] == "scout"
    assert [m["id"] for m in anonymous.get(f"/api/memberships?person={person.pk}").json()["items"]] == [data["id"]]
    assert anonymous.get(f"/api/memberships?unit={unit.pk + 999}").json()["count"] == 0

    assert as_curator.patch(url, {"role": {"fr": "éclaireur"}}).status_code == 428
    changed = as_curator.patch(url, {"role": {"fr": "éclaireur"}, "date": "1943?"}, **{"If-Match": tag})
    assert changed.status_code == 200 and changed["ETag"] != tag
    assert changed.json()["role"] == {"kk": "", "ru": "разведчик", "en": "scout", "fr": "éclaireur"}
    assert changed.json()["date"] == "1943?"
    assert as_curator.patch(url, {"date": "1944"}, **{"If-Match": tag}).status_code == 412
    assert Membership.objects.get().date == "1943?"
    assert Membership.objects.get().history.first().history_user == curator

    assert as_curator.delete(url, **{"If-Match": tag}).status_code == 412
    assert as_curator.delete(url, **{"If-Match": changed["ETag"]}).status_code == 204
    assert not Membership.objects.exists()


def test_bad_dates_and_missing_records_are_refused_per_field(as_curator, records):
    person = records["person"]
    errors = errors_of(as_curator.post("/api/memberships", {"person_id": person.pk, "unit_id": 999999,
                                                            "date": "spring 1942"}))
    assert errors["unit_id"] == "No unit with id 999999."
    errors = errors_of(as_curator.post("/api/memberships", {"person_id": person.pk,
                                                            "unit_id": records["unit"].pk,
                                                            "date": "spring 1942"}))
    assert "not a valid EDTF date" in errors["date"]
    errors = errors_of(as_curator.post("/api/memberships", {"unit_id": records["unit"].pk}))
    assert "person_id" in errors
    errors = errors_of(as_curator.post("/api/item-people", {"item_id": records["item"].pk,
                                                            "person_id": person.pk, "role": "owned"}))
    assert "belonged_to" in errors["role"]  # the choices, as the document lists them
    errors = errors_of(as_curator.post("/api/item-places", {"item_id": "first", "place_id": records["place"].pk,
                                                            "role": "made_in"}))
    assert "item_id" in errors
    errors = errors_of(as_curator.post("/api/participations", {"event_id": records["event"].pk,
                                                               "person_id": person.pk,
                                                               "unit_id": records["unit"].pk}))
    assert "not both" in errors[None]
    assert not Membership.objects.exists() and not ItemPerson.objects.exists()
    assert not Participation.objects.exists() and not ItemPlace.objects.exists()


@pytest.mark.parametrize("prefix, body, end", [
    ("participations", lambda r: {"event_id": r["event"].pk, "person_id": r["person"].pk,
                                  "role": {"en": "fighter"}}, "person"),
    ("item-people", lambda r: {"item_id": r["item"].pk, "person_id": r["person"].pk, "role": "depicts"}, "person"),
    ("item-events", lambda r: {"item_id": r["item"].pk, "event_id": r["event"].pk, "role": "documents"}, "event"),
    ("item-places", lambda r: {"item_id": r["item"].pk, "place_id": r["place"].pk, "role": "made_in"}, "place"),
])
def test_each_link_is_created_changed_and_deleted(prefix, body, end, as_curator, as_reviewer, anonymous, records):
    assert anonymous.post(f"/api/{prefix}", body(records)).status_code == 401
    assert as_reviewer.post(f"/api/{prefix}", body(records)).status_code == 403
    created = as_curator.post(f"/api/{prefix}", body(records))
    assert created.status_code == 201, created.content
    url, tag = created["Location"], created["ETag"]
    assert created.json()[end]["id"] == records[end].pk
    assert as_reviewer.delete(url, **{"If-Match": tag}).status_code == 403

    other_item = Item.objects.create(inventory_number="SYN-0002", title_en="Synthetic item 0002", is_published=True)
    other_event = Event.objects.create(title_en="Synthetic event 02", is_published=True)
    change = {"event_id": other_event.pk} if prefix == "participations" else {"item_id": other_item.pk}
    changed = as_curator.put(url, {**body(records), **change}, **{"If-Match": tag})
    assert changed.status_code == 200, changed.content
    moved = changed.json()["event" if prefix == "participations" else "item"]["id"]
    assert moved == (other_event.pk if prefix == "participations" else other_item.pk)
    assert as_curator.put(url, body(records), **{"If-Match": tag}).status_code == 412
    assert as_curator.delete(url).status_code == 428
    assert as_curator.delete(url, **{"If-Match": changed["ETag"]}).status_code == 204
    assert as_curator.get(url).status_code == 404


def test_visitors_never_see_links_to_unpublished_records(as_curator, as_reviewer, anonymous, records):
    secret = Person.objects.create(name_en="Synthetic Person 00002")  # unpublished
    links = {
        "memberships": {"person_id": secret.pk, "unit_id": records["unit"].pk},
        "participations": {"event_id": records["event"].pk, "person_id": secret.pk},
        "item-people": {"item_id": records["item"].pk, "person_id": secret.pk, "role": "mentions"},
    }
    for prefix, body in links.items():
        created = as_curator.post(f"/api/{prefix}", body)
        assert created.status_code == 201, created.content
        assert anonymous.get(created["Location"]).status_code == 404
        assert anonymous.get(f"/api/{prefix}").json()["count"] == 0
        assert anonymous.get(f"/api/{prefix}?person={secret.pk}").json()["items"] == []
        assert as_reviewer.get(created["Location"]).status_code == 200
        assert as_reviewer.get(f"/api/{prefix}").json()["count"] == 1
    # An unpublished item hides its links to published records too.
    hidden_item = Item.objects.create(inventory_number="SYN-0003", title_en="Synthetic item 0003")
    created = as_curator.post("/api/item-places", {"item_id": hidden_item.pk, "place_id": records["place"].pk,
                                                   "role": "depicts"})
    assert anonymous.get(created["Location"]).status_code == 404
    assert anonymous.get(f"/api/item-places?place={records['place'].pk}").json()["count"] == 0


def test_wrong_token_is_refused_on_relation_reads(records):
    assert ApiClient("made-up").get("/api/memberships").status_code == 401
    assert ItemEvent.objects.count() == 0
