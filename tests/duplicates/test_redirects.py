"""The merged-away record's addresses lead to the survivor; harvesters learn it is gone; search
finds the survivor under every spelling of both, right after the merge."""

import re

import pytest

from memoria.archive.models import Person
from memoria.core import services
from memoria.duplicates.merge import merge_people, undo_merge
from tests.duplicates.merge_data import keep_survivors, koishybayev_twice

pytestmark = pytest.mark.django_db


@pytest.fixture
def merged(demo, curator):
    first, second, _source = koishybayev_twice()
    merge = merge_people(first, second, curator, choices=keep_survivors(first, second))
    return first, second, merge


@pytest.mark.parametrize("lang", ["kk", "ru", "en", "fr"])
def test_the_old_page_redirects_permanently_to_the_survivor(client, merged, lang):
    first, second, _merge = merged
    response = client.get(f"/{lang}/people/{second.pk}/")
    assert response.status_code == 301
    assert response["Location"] == f"/{lang}/people/{first.pk}/"
    assert client.get(response["Location"]).status_code == 200


def test_the_old_linked_data_address_redirects_with_its_format(client, merged):
    first, second, _merge = merged
    response = client.get(f"/en/people/{second.pk}/?format=jsonld")
    assert response.status_code == 301
    assert response["Location"] == f"/en/people/{first.pk}/?format=jsonld"
    document = client.get(response["Location"])
    assert document["Content-Type"].startswith("application/ld+json")


def test_the_old_api_address_redirects_to_the_survivor(client, merged):
    first, second, _merge = merged
    response = client.get(f"/api/people/{second.pk}")
    assert response.status_code == 301
    assert response["Location"] == f"/api/people/{first.pk}"
    assert client.get(response["Location"]).json()["id"] == first.pk


def test_a_hidden_survivor_is_not_named_by_a_redirect(client, merged, curator):
    first, second, _merge = merged
    services.publish(Person.objects.filter(pk=first.pk), False, curator)
    assert client.get(f"/en/people/{second.pk}/").status_code == 404
    assert client.get(f"/api/people/{second.pk}").status_code == 404


def test_oai_pmh_reports_the_merged_away_record_as_deleted(client, merged):
    first, second, merge = merged
    identify = client.get("/oai", {"verb": "Identify"}).content.decode()
    assert "<deletedRecord>persistent</deletedRecord>" in identify
    answer = client.get("/oai", {"verb": "GetRecord", "metadataPrefix": "oai_dc",
                                 "identifier": f"oai:memoria:person/{second.pk}"}).content.decode()
    assert re.search(rf'<header status="deleted">\s*<identifier>oai:memoria:person/{second.pk}<', answer)
    survivor = client.get("/oai", {"verb": "GetRecord", "metadataPrefix": "oai_dc",
                                   "identifier": f"oai:memoria:person/{first.pk}"}).content.decode()
    assert 'status="deleted"' not in survivor and "Koishybayev" in survivor
    undo_merge(merge, merge.by)
    again = client.get("/oai", {"verb": "GetRecord", "metadataPrefix": "oai_dc",
                                "identifier": f"oai:memoria:person/{second.pk}"}).content.decode()
    assert 'status="deleted"' not in again


def test_search_finds_the_survivor_under_the_merged_away_spelling_right_after_the_merge(client, merged):
    first, second, _merge = merged
    for query in ("Koichibaev", "Абибулла Койшибаев"):
        html = client.get("/en/search/", {"q": query}).content.decode()
        assert f"/en/people/{first.pk}/" in html
        assert f"/en/people/{second.pk}/" not in html
    api = client.get("/api/people", {"q": "Koichibaev Abibulla"}).json()
    assert [person["id"] for person in api["items"]] == [first.pk]
