"""A visitor's read writes nothing to the archive's database, so a curator's save never queues behind
the crowd (SQLite has one writer: every write of a read request would take the archive's lock).

Through Django's test client, with the rate limits counting as in production (the test settings'
limits are out of reach but every request is counted): the counts of the limited areas — search,
the API, OAI-PMH — go to their own store, never into the archive's tables; on PostgreSQL that store
is the count table, whose one row per client a save never waits for.
"""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from memoria.archive.models import Person

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def _reads(person):
    return [
        "/en/", f"/en/people/{person.pk}/", f"/ru/people/{person.pk}/", "/en/search/?q=radio",
        f"/en/search/?q={person.name_en.split()[-1]}", "/oai?verb=ListRecords&metadataPrefix=oai_dc",
        "/oai?verb=Identify", "/api/people", f"/api/people?q={person.name_en.split()[-1]}",
        f"/api/people/{person.pk}", "/api/items",
    ]


def _writes(queries) -> list[str]:
    writes = [q["sql"] for q in queries if WRITE.match(q["sql"])]
    if connection.vendor == "postgresql":
        writes = [sql for sql in writes if '"ratelimit_counter"' not in sql]
    return writes


def test_a_visitor_reading_pages_searches_the_api_and_oai_writes_nothing(demo):
    person = Person.objects.filter(is_published=True).order_by("pk").first()
    visitor = Client()
    for url in _reads(person):
        with CaptureQueriesContext(connection) as queries:
            response = visitor.get(url)
        assert response.status_code == 200, url
        assert _writes(queries.captured_queries) == [], url


def test_the_search_limit_still_counts_across_requests_without_writing_the_archive(demo, settings, tmp_path):
    settings.MEMORIA_RATE_LIMITS = {"search": "3/86400"}
    settings.MEMORIA_RATE_LIMIT_FILE = tmp_path / "ratelimit.sqlite3"
    visitor = Client()
    with CaptureQueriesContext(connection) as queries:
        answers = [visitor.get("/en/search/?q=radio").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert _writes(queries.captured_queries) == []
