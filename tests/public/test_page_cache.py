"""The page cache: anonymous visitors get stored pages, and never one older than the data.

Transactional tests: the generation is replaced when a write COMMITS, as in production, so the
test database must really commit (a test wrapped in one transaction never would).
"""

import pytest
from django.test import Client, override_settings

from memoria.archive.models import Person
from memoria.core import services
from memoria.core.page_cache import pages
from memoria.core.roles import ensure_roles
from memoria.demo.loader import load_demo
from tests.admin.forms import form_data

pytestmark = pytest.mark.django_db(transaction=True)

PERSON = "demo:person:abibulla-koishybayev"


@pytest.fixture(autouse=True)
def page_cache():
    pages().clear()
    with override_settings(MEMORIA_PAGE_CACHE_SECONDS=600):
        yield
    pages().clear()


@pytest.fixture
def person():
    ensure_roles()  # a transactional test starts from an emptied database
    load_demo()
    return Person.objects.get(external_id=PERSON)


@pytest.fixture
def visitor():
    return Client()


def url(person, lang="en"):
    return f"/{lang}/people/{person.pk}/"


def test_a_second_visitor_gets_the_stored_page_without_a_query(person, visitor, django_assert_num_queries):
    first = visitor.get(url(person))
    assert first.status_code == 200 and first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = Client().get(url(person))
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_an_edit_through_the_domain_action_shows_at_once(person, visitor, curator):
    visitor.get(url(person))
    services.update(Person, person.pk, {"biography_en": "Synthetic test biography, first edit."}, curator,
                    services.version_of(person))
    page = visitor.get(url(person))
    assert page["X-Cache"] == "miss"
    assert "Synthetic test biography, first edit." in page.content.decode()


def test_an_edit_in_the_back_office_shows_at_once(person, visitor, curator_client):
    visitor.get(url(person))
    change_page = f"/admin/archive/person/{person.pk}/change/"
    data = form_data(curator_client.get(change_page))
    data["biography_en"] = "Synthetic back-office edit."
    assert curator_client.post(change_page, data).status_code == 302
    assert "Synthetic back-office edit." in visitor.get(url(person)).content.decode()


def test_an_edit_through_the_api_shows_at_once(person, visitor, curator):
    from memoria.api.models import ApiToken
    from tests.api.conftest import ApiClient

    visitor.get(url(person))
    api = ApiClient(ApiToken.objects.issue(curator)[1])
    read = api.get(f"/api/people/{person.pk}")
    changed = api.patch(f"/api/people/{person.pk}", {"biography": {"en": "Synthetic API edit."}},
                        **{"If-Match": read["ETag"]})
    assert changed.status_code == 200, changed.content
    assert "Synthetic API edit." in visitor.get(url(person)).content.decode()


def test_unpublishing_removes_the_page_at_once(person, visitor, curator):
    assert visitor.get(url(person)).status_code == 200
    services.set_published(Person, person.pk, False, curator, services.version_of(person))
    assert visitor.get(url(person)).status_code == 404
    assert visitor.get(url(person)).status_code == 404


def test_a_curator_is_never_served_nor_stores_a_page(person, visitor, curator, curator_client):
    services.set_published(Person, person.pk, False, curator, services.version_of(person))
    staff_page = curator_client.get(url(person))
    assert staff_page.status_code == 200 and "X-Cache" not in staff_page
    assert "Not published" in staff_page.content.decode()
    assert visitor.get(url(person)).status_code == 404

    services.set_published(Person, person.pk, True, curator, services.version_of(Person.objects.get(pk=person.pk)))
    assert "X-Cache" not in curator_client.get(url(person))
    assert visitor.get(url(person))["X-Cache"] == "miss"  # the curator's visit stored nothing
    assert "X-Cache" not in curator_client.get(url(person))  # and a visitor's page is not given back


def test_languages_never_mix(person, visitor):
    english = visitor.get(url(person, "en"))
    french = visitor.get(url(person, "fr"))
    assert french["X-Cache"] == "miss"
    assert '<html lang="en"' in english.content.decode()
    assert '<html lang="fr"' in french.content.decode()
    assert '<html lang="fr"' in visitor.get(url(person, "fr")).content.decode()


def test_searches_for_different_words_are_not_mixed(person, visitor):
    one = visitor.get("/en/search/", {"q": "Koishybayev"})
    other = visitor.get("/en/search/", {"q": "synthetic-word-found-nowhere"})
    assert other["X-Cache"] == "miss"
    assert one.content != other.content
    again = visitor.get("/en/search/", {"q": "Koishybayev"})
    assert again["X-Cache"] == "hit" and again.content == one.content


def test_a_browser_holding_the_page_gets_304(person, visitor):
    first = visitor.get(url(person))
    assert first["ETag"] and first["Last-Modified"] and "no-cache" in first["Cache-Control"]
    unchanged = visitor.get(url(person), headers={"If-None-Match": first["ETag"]})
    assert unchanged.status_code == 304 and not unchanged.content
    by_date = visitor.get(url(person), headers={"If-Modified-Since": first["Last-Modified"]})
    assert by_date.status_code == 304


def test_a_browser_holding_an_old_page_gets_the_new_one(person, visitor, curator):
    first = visitor.get(url(person))
    services.update(Person, person.pk, {"biography_en": "Synthetic test biography, second edit."}, curator,
                    services.version_of(person))
    fresh = visitor.get(url(person), headers={"If-None-Match": first["ETag"]})
    assert fresh.status_code == 200
    assert "Synthetic test biography, second edit." in fresh.content.decode()


def test_a_kiosk_is_never_served_a_stored_page_nor_stores_one(person, visitor):
    visitor.get(url(person))  # stored for visitors
    hall = Client()
    hall.get("/en/kiosk/")
    page = hall.get(url(person))
    assert page.status_code == 200 and "X-Cache" not in page
    assert '<body class="kiosk"' in page.content.decode()  # the hall screen's own page
    assert '<body class="kiosk"' not in visitor.get(url(person)).content.decode()


def test_the_contribution_form_is_never_stored(person, visitor):
    form = visitor.get("/en/contribute/")
    assert form.status_code == 200 and "X-Cache" not in form


@override_settings(MEMORIA_PAGE_CACHE_SECONDS=0)
def test_zero_seconds_turns_the_cache_off(person, visitor):
    visitor.get(url(person))
    assert "X-Cache" not in visitor.get(url(person))


def test_html_and_linked_data_of_one_address_are_not_mixed(person, visitor):
    html = visitor.get(url(person))
    data = visitor.get(url(person), headers={"Accept": "application/ld+json"})
    assert data["X-Cache"] == "miss" and data["Content-Type"].startswith("application/ld+json")
    again = visitor.get(url(person), headers={"Accept": "application/ld+json"})
    assert again["X-Cache"] == "hit" and again.content == data.content
    assert visitor.get(url(person)).content == html.content


def test_a_write_without_model_signals_shows_at_once(person, visitor):
    """QuerySet.update() and bulk loads (imports, restore) send no post_save: still seen."""
    visitor.get(url(person))
    Person.objects.filter(pk=person.pk).update(biography_en="Synthetic bulk edit.")
    assert "Synthetic bulk edit." in visitor.get(url(person)).content.decode()


def test_the_sitemap_is_stored_and_follows_publication(person, visitor, curator):
    first = visitor.get("/sitemap-people.xml")
    assert first["X-Cache"] == "miss" and f"/people/{person.pk}/" in first.content.decode()
    assert visitor.get("/sitemap-people.xml")["X-Cache"] == "hit"
    services.set_published(Person, person.pk, False, curator, services.version_of(person))
    assert f"/people/{person.pk}/" not in visitor.get("/sitemap-people.xml").content.decode()


def test_a_curators_program_reading_the_api_leaves_the_visitors_pages_cached(person, visitor, curator):
    from memoria.api.models import ApiToken

    visitor.get(url(person))
    _token, secret = ApiToken.objects.issue(curator)
    # The first use of a token records when it was used: bookkeeping that no public page shows.
    assert Client().get(f"/api/people/{person.pk}", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    assert ApiToken.objects.get(user=curator).last_used_at is not None
    assert visitor.get(url(person))["X-Cache"] == "hit"


def test_a_crowd_right_after_an_edit_gets_the_page_rendered_once(person, curator):
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    Client().get(url(person))
    services.update(Person, person.pk, {"biography_en": "Synthetic test biography, crowd edit."}, curator,
                    services.version_of(person))

    def read(_):
        try:
            return Client().get(url(person))
        finally:
            connection.close()  # each thread's own connection

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(read, range(8)))
    assert [answer.status_code for answer in answers] == [200] * 8
    assert [answer["X-Cache"] for answer in answers].count("miss") == 1
    assert len({answer.content for answer in answers}) == 1
    assert "Synthetic test biography, crowd edit." in answers[0].content.decode()
