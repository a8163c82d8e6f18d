"""The main public pages run a small, fixed number of queries, however much a record has."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from memoria.archive.models import Event, Item, ItemPerson, Membership, NameVariant, Participation, Person, Place, Unit
from memoria.exhibitions.models import Entry, Exhibition
from memoria.sources.models import Citation, Source

pytestmark = pytest.mark.django_db
MAX_QUERIES = 10


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def pages():
    person = Person.objects.get(external_id="demo:person:abibulla-koishybayev")
    item = Item.objects.get(external_id="demo:item:koishybayev-certificate-copy")
    exhibition = Exhibition.objects.get()
    section = exhibition.sections.first()
    return {
        "home": "/en/",
        "section": f"/en/exhibitions/{exhibition.slug}/{section.slug}/",
        "item": f"/en/items/{item.pk}/",
        "person": f"/en/people/{person.pk}/",
        "event": f"/en/events/{Event.objects.get(external_id='demo:event:parade-toulouse').pk}/",
        "place": f"/en/places/{Place.objects.get(external_id='demo:place:toulouse').pk}/",
        "unit": f"/en/units/{Unit.objects.filter(memberships__isnull=False).first().pk}/",
        "items": "/en/items/",
        "people": "/en/people/",
        "events": "/en/events/",
        "exhibitions": "/en/exhibitions/",
        "exhibition": f"/en/exhibitions/{exhibition.slug}/",
        "places": "/en/places/",
        "units": "/en/units/",
        "source": f"/en/sources/{Source.objects.first().pk}/",
        "search": "/en/search/?q=Koishybayev",
        "full-text search": "/en/search/?q=radio",
        "search with facets": "/en/search/?q=partisans&type=item&type=person&images=1",
        "search by facet alone": f"/en/search/?place={Place.objects.get(external_id='demo:place:toulouse').pk}",
        "map": "/en/map/",
        "timeline": "/en/timeline/",
    }


def grow_the_archive():
    """Give every record many more relations, spellings, citations and entries."""
    source = Source.objects.create(title_en="Another source", is_published=True)
    person = Person.objects.get(external_id="demo:person:abibulla-koishybayev")
    unit = Unit.objects.get(external_id="demo:unit:first-soviet-partisan-regiment")
    event = Event.objects.get(external_id="demo:event:parade-toulouse")
    section = Exhibition.objects.get().sections.first()
    for n in range(6):
        other = Person.objects.create(name_en=f"Synthetic test person {n}", is_published=True)
        NameVariant.objects.create(person=person, text=f"Synthetic spelling {n}")
        Membership.objects.create(person=other, unit=unit)
        Participation.objects.create(person=other, event=event)
        item = Item.objects.create(inventory_number=f"TEST-{n}", title_en=f"Synthetic item {n}", is_published=True)
        ItemPerson.objects.create(item=item, person=person, role="mentions")
        Entry.objects.create(section=section, item=item, position=50 + n)
        for record in (person, other, item, event):
            Citation.objects.create(source=source, content_type=ContentType.objects.get_for_model(record),
                                    object_id=record.pk, locator=f"p. {n}")


def test_query_counts_are_small_and_do_not_grow(client, demo):
    urls = pages()
    before = {name: count(client, url) for name, url in urls.items()}
    grow_the_archive()
    after = {name: count(client, url) for name, url in urls.items()}
    print("queries per page:", after)
    assert after == before
    assert max(after.values()) <= MAX_QUERIES, after
