"""The read-replica router's rules, on any database: who may be served from a replica, and when not.

The proof against a real streaming replica is tests/scaling/test_replica.py.
"""

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import router, transaction
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from memoria.archive.models import Person
from memoria.core.db_router import (READ_YOUR_WRITES_COOKIE, PrimaryReplicaRouter, ReplicaReadsMiddleware,
                                    reading_from, serve_from_replica)

REPLICAS = [alias for alias in settings.DATABASES if alias.startswith("replica_")]


def visitor_request(method="get", path="/en/people/1/", user=None, **extra):
    request = getattr(RequestFactory(), method)(path, **extra)
    request.user = user or AnonymousUser()
    return request


@pytest.mark.skipif(bool(REPLICAS), reason="this run has read replicas configured (DATABASE_REPLICA_URLS)")
def test_without_replicas_nothing_is_installed_and_every_query_uses_the_one_database(client, db):
    assert settings.DATABASE_ROUTERS == []
    assert "memoria.core.db_router.ReplicaReadsMiddleware" not in settings.MIDDLEWARE
    assert list(settings.DATABASES) == ["default"]
    assert router.db_for_read(Person) == router.db_for_write(Person) == "default"
    person = Person.objects.create(name_en="Test Person Rules", is_published=True)
    response = client.get(f"/en/people/{person.pk}/")
    assert "Test Person Rules" in response.content.decode()
    assert READ_YOUR_WRITES_COOKIE not in response.cookies


def test_visitors_reads_may_come_from_a_replica():
    for request in (visitor_request(), visitor_request("head"), visitor_request(path="/api/people/1"),
                    visitor_request(path="/oai", data={"verb": "Identify"}),
                    visitor_request(path="/iiif/item/1/manifest.json")):
        assert serve_from_replica(request), request.path


def test_writes_the_back_office_signed_in_users_and_api_tokens_use_the_primary(curator):
    assert not serve_from_replica(visitor_request("post"))
    assert not serve_from_replica(visitor_request("delete", path="/api/people/1"))
    assert not serve_from_replica(visitor_request(path="/admin/login/"))
    assert not serve_from_replica(visitor_request(path="/admin/import/"))
    assert not serve_from_replica(visitor_request(user=curator))
    assert not serve_from_replica(visitor_request(path="/api/people/1", HTTP_AUTHORIZATION="Bearer x"))


def test_a_successful_write_keeps_that_browser_on_the_primary_for_a_while():
    middleware = ReplicaReadsMiddleware(lambda request: HttpResponse())
    response = middleware(visitor_request("post", path="/en/contribute/"))
    cookie = response.cookies[READ_YOUR_WRITES_COOKIE]
    assert cookie["max-age"] == settings.MEMORIA_READ_YOUR_WRITES_SECONDS and cookie["httponly"]
    assert not serve_from_replica(visitor_request(HTTP_COOKIE=f"{READ_YOUR_WRITES_COOKIE}={cookie.value}"))
    # A forged or altered cookie counts for nothing, and an old one runs out.
    assert serve_from_replica(visitor_request(HTTP_COOKIE=f"{READ_YOUR_WRITES_COOKIE}=1"))
    with override_settings(MEMORIA_READ_YOUR_WRITES_SECONDS=-1):
        assert serve_from_replica(visitor_request(HTTP_COOKIE=f"{READ_YOUR_WRITES_COOKIE}={cookie.value}"))


def test_reads_and_refused_writes_set_no_cookie():
    assert READ_YOUR_WRITES_COOKIE not in ReplicaReadsMiddleware(lambda r: HttpResponse())(visitor_request()).cookies
    refused = ReplicaReadsMiddleware(lambda r: HttpResponse(status=403))(visitor_request("post"))
    assert READ_YOUR_WRITES_COOKIE not in refused.cookies


def test_the_router_sends_reads_to_the_chosen_replica_but_never_writes_or_transactions(db):
    rules = PrimaryReplicaRouter()
    assert rules.db_for_read(Person) == "default"  # outside a visitor's request: the primary
    with reading_from("replica_1"):
        assert rules.db_for_write(Person) == "default"
        with transaction.atomic():  # select_for_update, or reading what this transaction wrote
            assert rules.db_for_read(Person) == "default"
    assert rules.allow_migrate("default", "archive") and not rules.allow_migrate("replica_1", "archive")


def test_outside_a_transaction_a_visitors_read_goes_to_the_replica():
    # No database for this test: an ordinary database test runs inside a transaction, which pins
    # the primary.
    with reading_from("replica_1"):
        assert PrimaryReplicaRouter().db_for_read(Person) == "replica_1"
