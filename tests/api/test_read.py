"""Anyone reads the published archive: language maps, public URLs, pages, filters."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from memoria.archive.models import Event, Item, Media, NameVariant, Person, Place
from memoria.archive.services import media_finish_upload
from memoria.exhibitions.models import Exhibition
from memoria.sources.models import Citation, Source
from tests.conftest import png_bytes

pytestmark = pytest.mark.django_db


def koishybayev():
    return Person.objects.get(external_id="demo:person:abibulla-koishybayev")


def test_person_has_every_language_every_spelling_and_its_page(anonymous, demo):
    person = koishybayev()
    response = anonymous.get(f"/api/people/{person.pk}")
    assert response.status_code == 200
    data = response.json()
    assert set(data["name"]) == {"kk", "ru", "en", "fr"}
    assert data["name"]["en"] == "Abibulla Koishybayev"
    assert data["name"]["ru"] == person.name_ru
    assert {v["text"] for v in data["name_variants"]} == set(person.name_variants.values_list("text", flat=True))
    assert data["public_url"] == f"http://testserver/en/people/{person.pk}/"
    assert anonymous.client.get(data["public_url"]).status_code == 200


def test_unpublished_records_are_invisible_to_anonymous_readers(anonymous, demo):
    person = koishybayev()
    person.is_published = False
    person.save()
    assert anonymous.get(f"/api/people/{person.pk}").status_code == 404
    listed = anonymous.get("/api/people?limit=100").json()
    assert person.pk not in [p["id"] for p in listed["items"]]
    assert listed["count"] == Person.objects.filter(is_published=True).count()
    assert anonymous.get(f"/api/people/{person.pk}/citations").status_code == 404
    assert anonymous.get("/api/people?q=Koishybayev").json()["count"] == 0


def test_reviewer_token_reads_unpublished_records(as_reviewer, demo):
    person = koishybayev()
    person.is_published = False
    person.save()
    response = as_reviewer.get(f"/api/people/{person.pk}")
    assert response.status_code == 200 and response.json()["is_published"] is False


def test_a_wrong_token_is_refused_even_for_reading(demo):
    from tests.api.conftest import ApiClient

    response = ApiClient("not-a-token").get("/api/people")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_lists_page_with_limit_offset_and_total_count(anonymous, demo):
    total = Item.objects.filter(is_published=True).count()
    assert total > 3
    first = anonymous.get("/api/items?limit=2").json()
    second = anonymous.get("/api/items?limit=2&offset=2").json()
    assert first["count"] == second["count"] == total
    assert len(first["items"]) == len(second["items"]) == 2
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    assert anonymous.get("/api/items?limit=1000").status_code == 422  # at most 100 a page
    assert anonymous.get("/api/items").json()["items"] == anonymous.get("/api/items?limit=100").json()["items"]


def test_items_filter_by_kind_and_inventory_number(anonymous, demo):
    photos = anonymous.get("/api/items?kind=photograph&limit=100").json()
    assert photos["count"] == Item.objects.filter(kind="photograph", is_published=True).count()
    assert {i["kind"] for i in photos["items"]} <= {"photograph"}
    found = anonymous.get("/api/items?inventory_number=DEMO-01").json()
    assert [i["inventory_number"] for i in found["items"]] == ["DEMO-01"]
    assert anonymous.get("/api/items?kind=spaceship").status_code == 422


def test_people_name_query_finds_any_spelling(anonymous, demo):
    person = koishybayev()
    for query in ["Koishybayev", "Койшыбаев", "Koichibaev"]:
        ids = [p["id"] for p in anonymous.get(f"/api/people?q={query}").json()["items"]]
        assert ids and ids[0] == person.pk, query


def test_events_filter_by_overlapping_date_range(anonymous, db):
    war = Event.objects.create(title_en="War", date="1941/1945", is_published=True)
    parade = Event.objects.create(title_en="Parade", date="1944-09-03", is_published=True)
    Event.objects.create(title_en="Opening", date="2025-02-01", is_published=True)

    def titles(query):
        return {e["title"]["en"] for e in anonymous.get(f"/api/events?{query}").json()["items"]}

    assert titles("date_from=1944-01-01&date_to=1944-12-31") == {"War", "Parade"}
    assert titles("date_from=1945-06-01&date_to=1950-01-01") == {"War"}
    assert titles("date_from=2000-01-01") == {"Opening"}
    found = anonymous.get(f"/api/events/{parade.pk}").json()
    assert (found["date_lower"], found["date_upper"]) == ("1944-09-03", "1944-09-03")
    assert war.pk in [e["id"] for e in anonymous.get("/api/events?date_to=1941-06-22").json()["items"]]


def test_updated_since_lists_only_recent_changes(anonymous, demo):
    cutoff = timezone.now() + datetime.timedelta(seconds=1)
    place = Place.objects.get(external_id="demo:place:toulouse")
    Place.objects.filter(pk=place.pk).update(updated_at=cutoff + datetime.timedelta(minutes=1))
    query = cutoff.isoformat().replace("+", "%2B")
    assert [p["id"] for p in anonymous.get(f"/api/places?updated_since={query}").json()["items"]] == [place.pk]


def test_items_give_image_urls_and_the_original_only_when_downloadable(anonymous, demo):
    item = Item.objects.get(external_id="demo:item:koishybayev-certificate-copy")
    media = Media(item=item, content_type="image/png", alt_text_en="The certificate")
    media.file.save("x.png", ContentFile(png_bytes()), save=False)
    media.save()
    media_finish_upload(media)
    data = anonymous.get(f"/api/items/{item.pk}").json()
    [shown] = data["media"]
    assert shown["alt_text"]["en"] == "The certificate"
    assert shown["original_url"] is None
    for url in (shown["display_url"], shown["thumbnail_url"]):
        fetched = anonymous.client.get(url)
        assert fetched.status_code == 200 and fetched["Content-Type"] == "image/jpeg"
    media.allow_download = True
    media.save()
    original = anonymous.get(f"/api/items/{item.pk}").json()["media"][0]["original_url"]
    assert anonymous.client.get(original).status_code == 200


def test_exhibition_has_sections_and_entries_of_published_records(anonymous, demo):
    exhibition = Exhibition.objects.get()
    hidden = Item.objects.get(external_id="demo:item:koishybayev-certificate-copy")
    hidden.is_published = False
    hidden.save()
    listed = anonymous.get("/api/exhibitions").json()
    assert [e["slug"] for e in listed["items"]] == [exhibition.slug]
    data = anonymous.get(f"/api/exhibitions/{exhibition.pk}").json()
    assert data["title"]["fr"] == exhibition.title_fr
    assert [s["slug"] for s in data["sections"]] == list(
        exhibition.sections.filter(is_published=True).values_list("slug", flat=True))
    shown_items = [e["item"]["id"] for s in data["sections"] for e in s["entries"] if e["item"]]
    assert shown_items and hidden.pk not in shown_items
    assert data["sections"][0]["public_url"].startswith(f"http://testserver/en/exhibitions/{exhibition.slug}/")


def test_citations_of_a_record_name_source_and_fact(anonymous, demo):
    person = koishybayev()
    hidden_source = Source.objects.create(title_en="Unpublished source")
    Citation.objects.create(source=hidden_source, content_type=ContentType.objects.get_for_model(Person),
                            object_id=person.pk, field="birth_date")
    citations = anonymous.get(f"/api/people/{person.pk}/citations").json()
    assert citations
    assert {c["record"]["type"] for c in citations} == {"person"}
    assert hidden_source.pk not in {c["source_id"] for c in citations}
    one = anonymous.get(f"/api/citations/{citations[0]['id']}")
    assert one.status_code == 200 and one.json()["source_id"] == citations[0]["source_id"]
    assert anonymous.get(f"/api/sources/{citations[0]['source_id']}").status_code == 200


LISTS = ["/api/people", "/api/items", "/api/events", "/api/places", "/api/units", "/api/sources",
         "/api/exhibitions"]


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_lists_and_records_use_a_fixed_number_of_queries(anonymous, demo):
    exhibition = Exhibition.objects.get()
    urls = LISTS + [f"/api/exhibitions/{exhibition.pk}", f"/api/people/{koishybayev().pk}"]
    before = {url: queries(anonymous, url) for url in urls}
    for n in range(10):
        person = Person.objects.create(name_en=f"Extra person {n}", is_published=True,
                                       birth_place=Place.objects.first())
        NameVariant.objects.create(person=person, text=f"Extra spelling {n}")
        NameVariant.objects.create(person=koishybayev(), text=f"Another spelling {n}")
        item = Item.objects.create(inventory_number=f"X-{n}", title_en="Extra", is_published=True)
        exhibition.sections.first().entries.create(item=item, position=90 + n)
        Event.objects.create(title_en=f"Event {n}", is_published=True).places.set(Place.objects.all())
    after = {url: queries(anonymous, url) for url in urls}
    assert after == before
    assert max(after.values()) <= 6
