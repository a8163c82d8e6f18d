"""Every list of the API answers 50 records with as many queries as 5, whatever they hold
(translations, name spellings, places, media files), for a visitor as for a curator; so do a
record's citations and media files."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from memoria.archive.models import Item, Media, Person
from memoria.sources.models import Citation, Source
from tests.synthetic_records import add_synthetic_records

SMALL, LARGE = 5, 50
# The rate limit's counter (visitors) or the token (curators), the page, its count, and one
# read per prefetched relation (people: name spellings and media files).
BOUND = 6
LISTS = ["people", "items", "places", "units", "events", "sources", "exhibitions", "sections", "entries",
         "memberships", "participations", "item-people", "item-events", "item-places"]


def _queries(api, url: str, expected: int) -> int:
    api.get(url)  # fills the content type cache, as any earlier request would
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url)
    assert response.status_code == 200, url
    body = response.json()
    assert len(body["items"] if isinstance(body, dict) else body) == expected, url
    return len(queries)


@pytest.fixture
def archive(db):
    add_synthetic_records(LARGE)


@pytest.mark.parametrize("who", ["anonymous", "as_curator"])
def test_a_page_of_50_records_costs_the_queries_of_a_page_of_5(archive, request, who):
    api = request.getfixturevalue(who)
    for records in LISTS:
        small = _queries(api, f"/api/{records}?limit={SMALL}", SMALL)
        assert small == _queries(api, f"/api/{records}?limit={LARGE}", LARGE) <= BOUND, records


def test_50_citations_or_media_files_of_a_record_cost_the_queries_of_5(anonymous, db):
    add_synthetic_records(1)
    person, item = Person.objects.get(), Item.objects.get()
    counts = {}
    for total in (SMALL, LARGE):
        for n in range(total - Citation.objects.filter(object_id=person.pk, content_type__model="person").count()):
            Citation.objects.create(source=Source.objects.create(is_published=True, title_en=f"Synthetic source {n}"),
                                    subject=person, locator=f"p. {n}")
        for n in range(total - item.media.count()):
            Media.objects.create(item=item, file=f"synthetic/extra-{n}.png", content_type="image/png")
        counts[total] = (_queries(anonymous, f"/api/people/{person.pk}/citations", total),
                         _queries(anonymous, f"/api/items/{item.pk}/media", total))
    assert counts[SMALL] == counts[LARGE]
    assert max(counts[LARGE]) <= BOUND
