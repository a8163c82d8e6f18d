"""The read cache (memoria/core/read_cache.py): pages the page cache does not answer — a signed-in
curator, a kiosk, any visitor while the page cache is off — reuse their selectors' reads until the
next committed write, and never show anything older than the data, nor one audience's reads to the
other.

Transactional tests: the generation is replaced when a write COMMITS, as in production (inside a
test's transaction nothing is cached at all).
"""

import re
import threading

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from memoria.archive.models import Person
from memoria.core import services
from memoria.core.page_cache import pages
from memoria.core.roles import ensure_roles
from memoria.demo.loader import load_demo
from memoria.labels import kiosk

pytestmark = pytest.mark.django_db(transaction=True)

PERSON = "demo:person:abibulla-koishybayev"
LIST_RECORDS = "/oai?verb=ListRecords&metadataPrefix=oai_dc"


@pytest.fixture(autouse=True)
def page_cache_off():
    from django.core.cache import cache

    pages().clear()
    cache.clear()
    with override_settings(MEMORIA_PAGE_CACHE_SECONDS=0):
        yield
    pages().clear()
    cache.clear()


@pytest.fixture
def person():
    ensure_roles()  # a transactional test starts from an emptied database
    load_demo()
    return Person.objects.get(external_id=PERSON)


def url(person, lang="en"):
    return f"/{lang}/people/{person.pk}/"


def test_a_second_view_reads_the_records_once(person, django_assert_max_num_queries):
    visitor = Client()
    first = visitor.get(url(person))
    with django_assert_max_num_queries(0):
        second = visitor.get(url(person))
    assert second.content == first.content


def test_an_edit_shows_at_once_to_visitors_and_curators(person, curator, curator_client):
    visitor = Client()
    visitor.get(url(person))
    curator_client.get(url(person))
    services.update(Person, person.pk, {"biography_en": "Synthetic test biography, read-cache edit."},
                    curator, services.version_of(person))
    assert "Synthetic test biography, read-cache edit." in visitor.get(url(person)).content.decode()
    assert "Synthetic test biography, read-cache edit." in curator_client.get(url(person)).content.decode()


def test_an_edit_saved_by_another_server_thread_shows_at_once(person, curator):
    """The generation a request read is its own: the next request reads it again, whoever wrote."""
    visitor = Client()
    visitor.get(url(person))

    def edit():  # as another thread of the server (or another worker) would save it
        try:
            services.update(Person, person.pk, {"biography_en": "Synthetic test biography, saved elsewhere."},
                            curator, services.version_of(person))
        finally:
            connection.close()

    other = threading.Thread(target=edit)
    other.start()
    other.join()
    assert "Synthetic test biography, saved elsewhere." in visitor.get(url(person)).content.decode()


def test_a_curators_preview_is_never_shown_to_a_visitor(person, curator, curator_client):
    services.set_published(Person, person.pk, False, curator, services.version_of(person))
    assert "Not published" in curator_client.get(url(person)).content.decode()
    assert curator_client.get("/en/").status_code == 200
    visitor = Client()
    assert visitor.get(url(person)).status_code == 404
    assert f'href="/en/people/{person.pk}/"' not in visitor.get("/en/").content.decode()
    assert "Not published" in curator_client.get(url(person)).content.decode()


def test_a_kiosk_sees_what_visitors_see(person, curator, curator_client):
    services.set_published(Person, person.pk, False, curator, services.version_of(person))
    curator_client.get(url(person))  # the preview, read for staff
    curator_client.get("/en/kiosk/")
    assert kiosk.SESSION_KEY in curator_client.session
    assert curator_client.get(url(person)).status_code == 404


def test_languages_never_mix(person):
    from django.core.cache import cache

    visitor = Client()
    fresh = {lang: visitor.get(url(person, lang)).content for lang in ("en", "kk")}
    cache.clear()
    for lang in ("kk", "en", "kk", "en"):  # each language after the other's reads were kept
        assert visitor.get(url(person, lang)).content == fresh[lang]
    assert person.name_kk in fresh["kk"].decode()


def test_searches_for_different_words_are_not_mixed(person):
    visitor = Client()
    one = visitor.get("/en/search/", {"q": "Koishybayev"}).content
    other = visitor.get("/en/search/", {"q": "synthetic-word-found-nowhere"}).content
    assert one != other
    assert visitor.get("/en/search/", {"q": "Koishybayev"}).content == one


def test_a_harvester_gets_an_edit_at_once(person, curator):
    harvester = Client()
    assert "Koishybayev" in harvester.get(LIST_RECORDS).content.decode()
    services.update(Person, person.pk, {"name_en": "Synthetic renamed person"}, curator,
                    services.version_of(person))
    listing = harvester.get(LIST_RECORDS).content.decode()
    assert "Synthetic renamed person" in listing


def test_a_write_without_model_signals_shows_at_once(person):
    visitor = Client()
    visitor.get(url(person))
    Person.objects.filter(pk=person.pk).update(biography_en="Synthetic bulk-updated biography.")
    assert "Synthetic bulk-updated biography." in visitor.get(url(person)).content.decode()


def _without_response_date(document: bytes) -> bytes:
    return re.sub(rb"<responseDate>[^<]*</responseDate>", b"", document)


def _reads_of_records(queries) -> list[str]:
    """The statements of a request, but the rate limit's count (a table of the archive on PostgreSQL)."""
    return [q["sql"] for q in queries.captured_queries if "ratelimit_counter" not in q["sql"]]


def test_a_repeated_harvest_reads_nothing_and_is_dated_when_answered(person):
    harvester = Client()
    first = harvester.get(LIST_RECORDS).content
    with CaptureQueriesContext(connection) as queries:
        again = harvester.get(LIST_RECORDS).content
    assert _reads_of_records(queries) == []
    assert _without_response_date(again) == _without_response_date(first)
    dates = [re.search(rb"<responseDate>([^<]*)</responseDate>", doc).group(1) for doc in (first, again)]
    assert dates[0] <= dates[1]
    # Other arguments are another answer.
    listed = harvester.get("/oai?verb=ListIdentifiers&metadataPrefix=oai_dc").content
    assert b"<ListIdentifiers>" in listed and b"<ListRecords>" not in listed


def test_an_api_list_read_again_reads_nothing_and_never_mixes_audiences(person, curator):
    from memoria.api.models import ApiToken

    visitor = Client()
    listed = visitor.get("/api/people?limit=100").json()
    with CaptureQueriesContext(connection) as queries:
        assert visitor.get("/api/people?limit=100").json() == listed
    assert _reads_of_records(queries) == []
    assert visitor.get("/api/people?limit=2").json()["items"] == listed["items"][:2]
    services.set_published(Person, person.pk, False, curator, services.version_of(person))
    token = ApiToken.objects.issue(curator)[1]
    as_curator = visitor.get("/api/people?limit=100", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert person.pk in [p["id"] for p in as_curator["items"]]
    for _ in range(2):
        assert person.pk not in [p["id"] for p in visitor.get("/api/people?limit=100").json()["items"]]
    assert person.pk in [p["id"] for p in listed["items"]]


def _cite(source, record, locator, fact=""):
    from django.contrib.contenttypes.models import ContentType

    from memoria.sources.models import Citation

    Citation.objects.create(source=source, content_type=ContentType.objects.get_for_model(record),
                            object_id=record.pk, field=fact, locator=locator)


def test_footnotes_are_numbered_by_each_page_in_its_own_order(person):
    """The records a page reads are kept as objects and shared by the requests of a generation
    (no copy to unpickle); what a rendering changes is each request's own: here another rendering
    numbered the same footnotes in another order just before the visitor's page was drawn."""
    from django.contrib.auth.models import AnonymousUser
    from django.utils import translation

    from memoria.archive import selectors as archive
    from memoria.sources.models import Source

    synthetic = Source.objects.create(title_en="Synthetic test source for footnote order", is_published=True)
    _cite(synthetic, person, "p. 2", fact="birth_date")
    visitor = Client()
    first = visitor.get(url(person)).content.decode()
    heading_note = re.search(r'<h1>.*?href="#note-(\d+)"', first, re.S).group(1)
    assert heading_note == "1"
    with translation.override("en"):
        elsewhere = archive.person_page(person.pk, AnonymousUser())
        elsewhere.notes.numbers_for(person, "birth_date")  # the synthetic source's note first
        elsewhere.notes.numbers_for(person)
        elsewhere.related["path"] = None  # as a view adding to the page would
        again = archive.person_page(person.pk, AnonymousUser())
    assert visitor.get(url(person)).content.decode() == first
    assert again.record is elsewhere.record  # one read, shared
    assert again.notes.notes == [] and "path" not in again.related


def test_the_records_kept_in_a_process_are_bounded_and_of_one_generation():
    from memoria.core.read_cache import _KeptHere

    kept = _KeptHere(2)
    for digest in ("a", "b", "c"):
        kept.put("generation-1", digest, digest.upper())
    assert [kept.get("generation-1", d) for d in ("a", "b", "c")] == [None, "B", "C"]
    assert kept.get("generation-2", "c") is None
    kept.put("generation-2", "d", "D")
    assert kept.get("generation-1", "c") is None and kept.get("generation-2", "d") == "D"
