"""A harvester's page costs the same number of queries whether it holds 10 records or 50, and
whatever the records hold (translations, name spellings, links, citations, media, exhibitions):
the queries are per record type on the page, never per record."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from memoria.interop.oai_types import TYPES
from tests.synthetic_records import add_synthetic_records

OAI = "{http://www.openarchives.org/OAI/2.0/}"
SMALL, LARGE = 10, 50
# Per request: the rate limit's counter, 2 listing reads per record type (live rows and
# deletions), the exhibitions the page's items and people are shown in, one read per record type
# and per relation Dublin Core names, the citations; on the first page of a harvest that does not
# fit in one page, 3 counts per record type for completeListSize. GetRecord: the counter, the
# record's header, its exhibitions, its type's read with up to 3 relations, its citations.
BOUND = {"ListRecords": 51, "ListIdentifiers": 37, "GetRecord": 8}


def _harvest_page(client, **params) -> tuple[int, list[str], bool]:
    """(queries, identifiers on the page, whether a resumption token follows) of one request."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/oai", params)
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    assert root.find(f"{OAI}error") is None, response.content[:500]
    identifiers = [e.text for e in root.iter(f"{OAI}identifier") if e.getparent().tag == f"{OAI}header"]
    token = root.find(f".//{OAI}resumptionToken")
    return len(queries), identifiers, token is not None and bool(token.text)


def _types(identifiers: list[str]) -> set[str]:
    return {re.fullmatch(r"oai:[^:]+:(\w+)/\d+", i).group(1) for i in identifiers}


def _queries_at(client, settings, size: int, **params) -> tuple[int, list[str]]:
    settings.MEMORIA_OAI_PAGE_SIZE = size
    _harvest_page(client, **params)  # fills the content type cache, as any earlier request would
    queries, identifiers, more = _harvest_page(client, **params)
    assert len(identifiers) == size and more, "both pages must be full first pages of a longer list"
    return queries, identifiers


@pytest.fixture
def archive(db):
    # Synthetic records only, created one of each type in turn: any 10 consecutive records hold
    # every type, so the small page is as varied as the large one. One more of each type than the
    # large page holds: a set of one type needs a second page too.
    add_synthetic_records(LARGE + 1)


def test_a_page_of_every_type_costs_the_same_queries_for_10_records_as_for_50(client, archive, settings):
    for verb in ("ListRecords", "ListIdentifiers"):
        small, small_records = _queries_at(client, settings, SMALL, verb=verb, metadataPrefix="oai_dc")
        large, large_records = _queries_at(client, settings, LARGE, verb=verb, metadataPrefix="oai_dc")
        assert _types(small_records) == _types(large_records) == {t.name for t in TYPES}
        assert small == large <= BOUND[verb], verb


def test_a_page_of_one_set_costs_the_same_queries_for_10_records_as_for_50(client, archive, settings):
    for spec in [f"type:{t.name}" for t in TYPES] + ["exhibition"]:
        params = {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": spec}
        small = _queries_at(client, settings, SMALL, **params)[0]
        assert small == _queries_at(client, settings, LARGE, **params)[0] <= BOUND["ListRecords"], spec


def test_a_record_with_every_kind_of_link_is_one_get_record_of_a_few_queries(client, db):
    add_synthetic_records(1)
    for record_type in TYPES:
        pk = record_type.model.objects.values_list("pk", flat=True).get()
        params = {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": f"oai:memoria:{record_type.name}/{pk}"}
        _harvest_page(client, **params)
        queries, identifiers, _ = _harvest_page(client, **params)
        assert identifiers == [params["identifier"]]
        assert queries <= BOUND["GetRecord"], record_type.name
