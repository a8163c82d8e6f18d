"""Visitors read from a real hot standby; writers and the back office use the primary.

The replica tests run against a real PostgreSQL streaming replica: `scripts/start-replica` (called
by `.ci/run`) starts a hot standby of the local PostgreSQL, and `make test` runs this file with
DATABASE_REPLICA_URLS pointing at it. The test database the suite creates on the primary reaches
the standby by streaming replication (settings_test.py makes the replica alias a test mirror that
keeps its own server); each test waits until the standby has replayed the primary's latest WAL
before it reads. Transactions of Django's TestCase never commit, so these are transactional tests.
"""

import time
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import DatabaseError, OperationalError, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from memoria.api.models import ApiToken
from memoria.archive.models import Person
from memoria.core import page_cache
from memoria.core.db_router import reading_from
from tests.admin.forms import form_data
from tests.api.conftest import ApiClient

REPLICAS = [alias for alias in settings.DATABASES if alias.startswith("replica_")]
REPLICA = REPLICAS[0] if REPLICAS else None
ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

pytestmark = [
    pytest.mark.skipif(
        not (REPLICAS and ON_POSTGRES),
        reason="no read replica configured: DATABASE_REPLICA_URLS is empty (with DATABASE_URL on "
               "PostgreSQL; `make test` sets it from MEMORIA_TEST_REPLICA_URL, which "
               "scripts/start-replica prints)",
    ),
    pytest.mark.django_db(transaction=True, databases=["default", *REPLICAS]),
]
REPLAY_WAIT_SECONDS = 60


def wait_for_replay():
    """Until the standby has replayed everything the primary has written so far."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        primary_lsn = cursor.fetchone()[0]
    deadline = time.monotonic() + REPLAY_WAIT_SECONDS
    while True:
        try:
            with connections[REPLICA].cursor() as cursor:
                cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [primary_lsn])
                if cursor.fetchone()[0]:
                    return
        except OperationalError:  # the test database itself is not replayed yet
            connections[REPLICA].close()
        if time.monotonic() > deadline:
            pytest.fail(f"the standby did not replay the primary's WAL up to {primary_lsn} "
                        f"within {REPLAY_WAIT_SECONDS} s")
        time.sleep(0.05)


def queries_per_alias(send):
    """(response, queries on the primary, queries on the replica) of one request."""
    with CaptureQueriesContext(connections["default"]) as primary, \
            CaptureQueriesContext(connections[REPLICA]) as replica:
        response = send()
    return response, [q["sql"] for q in primary], [q["sql"] for q in replica]


@pytest.fixture
def person():
    person = Person.objects.create(name_en="Test Person Replica", sort_name="Replica, Test Person",
                                   is_published=True)
    # The site's generation exists (made by the first request or write after a start): creating
    # it is the one moment a visitor's read asks the primary something (its WAL position).
    page_cache.generation()
    wait_for_replay()
    return person


@pytest.fixture
def page_cache_on(settings):
    settings.MEMORIA_PAGE_CACHE_SECONDS = 600
    page_cache.pages().clear()


@contextmanager
def replay_paused():
    """The standby receives the primary's WAL but does not apply it: a replica lagging behind."""
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
        # A pause is a request: the standby pauses before the next record it would apply.
        deadline = time.monotonic() + REPLAY_WAIT_SECONDS
        while True:
            cursor.execute("SELECT pg_get_wal_replay_pause_state()")
            if cursor.fetchone()[0] == "paused" or time.monotonic() > deadline:
                break
            time.sleep(0.01)
    try:
        yield
    finally:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")


def test_the_replica_is_a_read_only_hot_standby():
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), current_setting('port')")
        in_recovery, port = cursor.fetchone()
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT current_setting('port')")
        primary_port = cursor.fetchone()[0]
    assert in_recovery is True and port != primary_port
    with pytest.raises(DatabaseError, match="read-only"), connections[REPLICA].cursor() as cursor:
        cursor.execute("CREATE TABLE memoria_never_on_a_standby (id int)")


def test_a_visitors_page_reads_from_the_replica_alone(client, person):
    response, primary, replica = queries_per_alias(lambda: client.get(f"/en/people/{person.pk}/"))
    assert response.status_code == 200
    assert "Test Person Replica" in response.content.decode()
    assert replica, "the page read nothing from the replica"
    assert primary == []


def test_visitors_search_api_and_harvests_read_from_the_replica(client, person):
    # These are rate-limited: the count is a write, so it goes to the primary (or to Redis, with
    # MEMORIA_CACHE_URL), and it is the only statement the primary sees.
    for url in [
        "/en/search/?q=Replica",  # the full-text and name search's raw SQL too
        f"/api/people/{person.pk}",
        f"/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:memoria:person/{person.pk}",
    ]:
        response, primary, replica = queries_per_alias(lambda: client.get(url))
        assert response.status_code == 200, url
        assert "Test Person Replica" in response.content.decode(), url
        assert replica, url
        assert all("ratelimit_counter" in sql for sql in primary), (url, primary)


def test_a_curators_admin_edit_goes_to_the_primary_and_they_see_it_at_once(curator, person):
    curator_browser = Client()
    curator_browser.force_login(curator)
    url = f"/admin/archive/person/{person.pk}/change/"
    form = form_data(curator_browser.get(url))
    form["name_en"] = "Test Person Renamed"
    response, primary, replica = queries_per_alias(lambda: curator_browser.post(url, form))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert replica == [] and any(sql.startswith("UPDATE") for sql in primary)

    # The very next page, before any replay: the curator reads from the primary.
    response, primary, replica = queries_per_alias(lambda: curator_browser.get(f"/en/people/{person.pk}/"))
    assert "Test Person Renamed" in response.content.decode()
    assert replica == [] and primary

    # A visitor is served by the replica, which shows the edit once replayed.
    wait_for_replay()
    response, primary, replica = queries_per_alias(lambda: Client().get(f"/en/people/{person.pk}/"))
    assert "Test Person Renamed" in response.content.decode()
    assert replica and primary == []


def test_after_signing_out_the_writer_still_reads_their_edit_from_the_primary(curator, person):
    browser = Client()
    browser.force_login(curator)
    url = f"/admin/archive/person/{person.pk}/change/"
    form = form_data(browser.get(url))
    form["name_en"] = "Test Person Signed Out"
    assert browser.post(url, form).status_code == 302
    assert browser.post("/admin/logout/").status_code == 200
    # Now an anonymous visitor, but one who has just written: the read-your-writes cookie holds.
    response, primary, replica = queries_per_alias(lambda: browser.get(f"/en/people/{person.pk}/"))
    assert "Test Person Signed Out" in response.content.decode()
    assert replica == [] and primary


def test_an_api_edit_with_a_token_is_written_and_read_back_on_the_primary(curator, person):
    api = ApiClient(ApiToken.objects.issue(curator)[1])
    url = f"/api/people/{person.pk}"
    tag = api.get(url)["ETag"]
    response, primary, replica = queries_per_alias(
        lambda: api.patch(url, {"name": {"en": "Test Person Patched"}}, **{"If-Match": tag}))
    assert response.status_code == 200, response.content
    assert replica == [] and any(sql.startswith("UPDATE") for sql in primary)
    response, primary, replica = queries_per_alias(lambda: api.get(url))
    assert response.json()["name"]["en"] == "Test Person Patched"
    assert replica == []


def test_no_write_is_ever_routed_to_the_replica(client, person):
    # Inside a visitor's request (the router's replica context), a write and a locking read still
    # reach the primary: the standby would refuse them (first test).
    with reading_from(REPLICA):
        _, primary, replica = queries_per_alias(
            lambda: Person.objects.filter(pk=person.pk).update(sort_name="Replica, Test Person Updated"))
        assert replica == [] and primary
        with transaction.atomic():
            _, primary, replica = queries_per_alias(
                lambda: list(Person.objects.select_for_update().filter(pk=person.pk)))
        assert replica == [] and primary
    assert Person.objects.get(pk=person.pk).sort_name == "Replica, Test Person Updated"


def test_a_page_read_from_a_lagging_standby_is_never_kept_after_the_edit(client, person, page_cache_on):
    url = f"/en/people/{person.pk}/"
    assert client.get(url)["X-Cache"] == "miss"
    assert client.get(url)["X-Cache"] == "hit"  # kept: the standby had replayed every write
    with replay_paused():
        Person.objects.filter(pk=person.pk).update(name_en="Test Person Renamed")
        # The standby has not applied the edit: visitors get its page, but it is not kept
        # under the generation the edit made (nor the person's data in the read cache).
        lagging = client.get(url)
        assert "Test Person Replica" in lagging.content.decode()
        assert "X-Cache" not in lagging, lagging["X-Cache"]
    wait_for_replay()
    response = client.get(url)
    assert "Test Person Renamed" in response.content.decode()
    assert response["X-Cache"] == "miss"
    assert client.get(url)["X-Cache"] == "hit"


def test_a_harvest_is_kept_once_the_standby_has_replayed_and_never_before(client, person):
    harvest = "/oai?verb=ListRecords&metadataPrefix=oai_dc"
    client.get(harvest)
    _, primary, replica = queries_per_alias(lambda: client.get(harvest))
    # The whole answer from the read cache: no query but the standby's replay check on a miss,
    # none on a hit (the rate-limit count goes to the primary).
    assert all("ratelimit_counter" in sql for sql in primary), primary
    assert replica == [], replica
    with replay_paused():
        Person.objects.filter(pk=person.pk).update(name_en="Test Person Renamed")
        assert "Test Person Renamed" not in client.get(harvest).content.decode()
    wait_for_replay()
    assert "Test Person Renamed" in client.get(harvest).content.decode()
