"""OAI-PMH 2.0 at /oai, seen by harvesters.

Harvests go through a real OAI-PMH client (oaipmh-scythe): its HTTP requests
are handed to Django's test client, so they stay inside each test's
transaction; one harvest goes over a real socket to the live server.
Protocol details (errors, the echoed request) are read as XML from Django's
test client. Expected values always come from the database.
"""

import math
import re
from datetime import UTC, datetime, timedelta
from functools import cached_property

import httpx2
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from lxml import etree
from oaipmh_scythe import Scythe
from oaipmh_scythe import exceptions as oai_errors
from oaipmh_scythe.config import HTTPConfig
from oaipmh_scythe.iterator import OAIResponseIterator

from memoria.archive.models import Event, Item, ItemPerson, ItemPlace, Person, Place, Unit
from memoria.exhibitions.models import Entry, Exhibition
from memoria.sources.models import Citation, Source

OAI = "{http://www.openarchives.org/OAI/2.0/}"
DC = "{http://purl.org/dc/elements/1.1/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LANGS = ["kk", "ru", "en", "fr"]
# (identifier type, model, translated title field, public URL prefix)
RECORD_TYPES = [
    ("person", Person, "name", "people"),
    ("item", Item, "title", "items"),
    ("event", Event, "title", "events"),
    ("place", Place, "name", "places"),
    ("unit", Unit, "name", "units"),
    ("source", Source, "title", "sources"),
    ("exhibition", Exhibition, "title", "exhibitions"),
]
DCMI_TYPES = {"object": "PhysicalObject", "document": "Text", "photograph": "StillImage",
              "publication": "Text", "audio_video": "MovingImage"}


def published_titles() -> dict[str, set[str]]:
    """{OAI identifier: {title in each language}} of every published record, from the database."""
    expected = {}
    for name, model, field, _prefix in RECORD_TYPES:
        for obj in model.objects.filter(is_published=True):
            expected[f"oai:memoria:{name}/{obj.pk}"] = {
                getattr(obj, f"{field}_{lang}") for lang in LANGS if getattr(obj, f"{field}_{lang}")
            }
    return expected


def oai(client, method="get", **params):
    """One request through Django's test client; checks the envelope every response must have."""
    response = getattr(client, method)("/oai", params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    root = etree.fromstring(response.content)
    assert root.tag == f"{OAI}OAI-PMH"
    assert root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation") == (
        "http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd")
    response_date, request, body = list(root)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", response_date.text)
    assert request.tag == f"{OAI}request" and request.text == "http://testserver/oai"
    return root


def error_code(root) -> str | None:
    error = root.find(f"{OAI}error")
    return error.get("code") if error is not None else None


class DjangoClientTransport(httpx2.BaseTransport):
    """Hands each HTTP request to Django's test client: the whole stack but the socket."""

    def __init__(self):
        self.django = Client()

    def handle_request(self, request):
        response = self.django.generic(request.method, request.url.raw_path.decode(), request.read(),
                                       request.headers.get("content-type", "application/octet-stream"))
        return httpx2.Response(response.status_code, headers=list(response.items()), content=response.content)


class Harvester(Scythe):
    """oaipmh-scythe with its HTTP client on the test-client transport."""

    @cached_property
    def client(self):
        return httpx2.Client(transport=DjangoClientTransport())


ENDPOINT = "http://testserver/oai"


@pytest.fixture
def harvester(demo):
    return Harvester(ENDPOINT)


def harvest_identifiers(scythe, **kwargs) -> list[str]:
    return [header.identifier for header in scythe.list_identifiers(**kwargs)]


# --- harvesting the whole archive -----------------------------------------------------------------

def test_a_harvest_over_http_following_resumption_tokens_gets_every_published_record_once(
        live_server, demo, settings):
    settings.MEMORIA_OAI_PAGE_SIZE = 4
    Person.objects.create(name_en="A draft nobody may see yet")  # unpublished, never published
    with Scythe(f"{live_server.url}/oai") as harvester:
        records = list(harvester.list_records())

    harvested = {record.header.identifier: set(record.metadata["title"]) for record in records}
    assert len(records) == len(harvested), "a record came twice"
    assert harvested == published_titles()
    assert not any(record.deleted for record in records)


def test_pages_carry_cursor_and_complete_list_size_and_the_last_an_empty_token(demo, settings):
    settings.MEMORIA_OAI_PAGE_SIZE = 4
    scythe = Harvester(ENDPOINT, iterator=OAIResponseIterator)
    total = len(published_titles())
    tokens = [response.xml.find(f".//{OAI}resumptionToken") for response in scythe.list_identifiers()]

    assert len(tokens) == math.ceil(total / 4)
    assert [int(token.get("cursor")) for token in tokens] == list(range(0, total, 4))
    assert {int(token.get("completeListSize")) for token in tokens} == {total}
    assert all(token.text for token in tokens[:-1]) and not tokens[-1].text


def test_a_harvest_by_post_gets_the_same_records_as_by_get(harvester, settings):
    settings.MEMORIA_OAI_PAGE_SIZE = 5
    by_post = Harvester(ENDPOINT, http_config=HTTPConfig(http_method="POST"))
    assert harvest_identifiers(by_post) == harvest_identifiers(harvester)


def test_a_record_changed_during_a_harvest_is_sent_again_and_none_is_skipped(client, demo, settings):
    settings.MEMORIA_OAI_PAGE_SIZE = 5
    first = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    seen = [h.findtext(f"{OAI}identifier") for h in first.iter(f"{OAI}header")]
    name, pk = seen[0].rsplit(":", 1)[1].split("/")
    model = next(model for type_name, model, *_ in RECORD_TYPES if type_name == name)
    model.objects.get(pk=pk).save()  # a curator corrects it while the harvest runs
    token = first.find(f".//{OAI}resumptionToken").text
    while token:
        page = oai(client, verb="ListIdentifiers", resumptionToken=token)
        seen += [h.findtext(f"{OAI}identifier") for h in page.iter(f"{OAI}header")]
        token = page.find(f".//{OAI}resumptionToken").text

    assert set(seen) == set(published_titles())
    assert seen.count(seen[0]) == 2 and seen[-1] == seen[0]


def test_more_records_on_a_page_cost_no_more_queries(client, demo, settings):
    settings.MEMORIA_OAI_PAGE_SIZE = 1000

    def queries_for_everything():
        with CaptureQueriesContext(connection) as queries:
            root = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
        assert len(root.findall(f"{OAI}ListRecords/{OAI}record")) == len(published_titles())
        return len(queries)

    queries_for_everything()  # fills the content type cache, as any earlier request would
    before = queries_for_everything()
    model = ItemPlace.objects.select_related("item").first()
    for n in range(5):
        item = Item.objects.create(inventory_number=f"TEST-{n}", title_en=f"Copy {n}", is_published=True)
        ItemPlace.objects.create(item=item, place=model.place, role=model.role)
        ItemPerson.objects.create(item=item, person=Person.objects.first(), role="depicts")
        for citation in model.item.citations.all():
            Citation.objects.create(source=citation.source, subject=item)
    assert queries_for_everything() == before


# --- one record -------------------------------------------------------------------------------------

def test_get_record_gives_dublin_core_with_titles_per_language_and_the_public_page(harvester, client):
    item = Item.objects.filter(is_published=True, citations__isnull=False).first()
    record = harvester.get_record(f"oai:memoria:item/{item.pk}")

    titles = {el.get(XML_LANG): el.text for el in record.xml.iter(f"{DC}title")}
    assert titles == {lang: getattr(item, f"title_{lang}") for lang in LANGS}
    assert f"http://testserver/en/items/{item.pk}/" in record.metadata["identifier"]
    assert item.inventory_number in record.metadata["identifier"]
    assert record.metadata["type"] == [DCMI_TYPES[item.kind]]
    assert {s.title_en for s in Source.objects.filter(citations__object_id=item.pk,
                                                      citations__content_type__model="item")} \
        <= set(record.metadata["source"])
    assert client.get(f"/en/items/{item.pk}/").status_code == 200  # the harvested link works


def test_related_places_and_events_are_named_but_never_an_unpublished_one(harvester):
    link = ItemPlace.objects.select_related("item", "place").first()
    hidden = link.place
    hidden.is_published = False
    hidden.save()
    item = link.item
    metadata = harvester.get_record(f"oai:memoria:item/{item.pk}").metadata

    places = {other.place.name_en for other in item.place_links.select_related("place") if other.place.is_published}
    assert set(metadata.get("coverage", [])) == places and hidden.name_en not in places
    events = {other.event.title_en for other in item.event_links.select_related("event")}
    assert events <= set(metadata.get("subject", []))


def test_a_person_record_has_its_names_and_the_events_it_took_part_in(harvester):
    person = Person.objects.filter(is_published=True, participations__isnull=False).first()
    metadata = harvester.get_record(f"oai:memoria:person/{person.pk}").metadata

    assert set(metadata["title"]) == {getattr(person, f"name_{lang}") for lang in LANGS}
    assert metadata["type"] == ["Text"]
    assert set(metadata["subject"]) == {p.event.title_en for p in person.participations.select_related("event")}


def test_a_control_character_pasted_into_a_title_does_not_break_the_page(harvester):
    item = Item.objects.filter(is_published=True).first()
    item.title_en = "Field\x0btelephone"
    item.save()

    records = {r.header.identifier: r for r in harvester.list_records(set_="type:item")}
    assert "Fieldtelephone" in records[f"oai:memoria:item/{item.pk}"].metadata["title"]


def test_identify_describes_the_repository(harvester):
    identify = harvester.identify()

    assert identify.repositoryName == "memoria"
    assert identify.baseURL == ENDPOINT
    assert identify.protocolVersion == "2.0"
    assert identify.deletedRecord == "persistent"
    assert identify.granularity == "YYYY-MM-DDThh:mm:ssZ"
    oldest = min(h.datestamp for h in harvester.list_identifiers())
    assert identify.earliestDatestamp == oldest
    assert [f.metadataPrefix for f in harvester.list_metadata_formats()] == ["oai_dc"]


def test_identifiers_use_the_configured_repository_id(harvester, settings):
    settings.MEMORIA_OAI_REPOSITORY_ID = "memoria.example.org"
    identifiers = harvest_identifiers(harvester)
    assert identifiers and all(i.startswith("oai:memoria.example.org:") for i in identifiers)
    description = harvester.identify().xml.find(f".//{{http://www.openarchives.org/OAI/2.0/oai-identifier}}"
                                                "repositoryIdentifier")
    assert description.text == "memoria.example.org"


# --- sets -------------------------------------------------------------------------------------------

def test_sets_are_listed_per_type_and_per_published_exhibition(harvester):
    specs = {s.setSpec: s.setName for s in harvester.list_sets()}
    exhibition = Exhibition.objects.get(is_published=True)

    assert {f"type:{name}" for name, *_ in RECORD_TYPES} <= set(specs)
    assert specs[f"exhibition:{exhibition.slug}"] == exhibition.title_en


def test_a_type_set_holds_exactly_that_type(harvester):
    assert sorted(harvest_identifiers(harvester, set_="type:place")) == sorted(
        f"oai:memoria:place/{pk}" for pk in Place.objects.filter(is_published=True).values_list("pk", flat=True))


def test_an_exhibition_set_holds_the_exhibition_and_the_items_and_people_on_its_sections(harvester):
    exhibition = Exhibition.objects.get(is_published=True)
    entries = Entry.objects.filter(section__exhibition=exhibition, section__is_published=True)
    expected = {f"oai:memoria:exhibition/{exhibition.pk}"}
    expected |= {f"oai:memoria:item/{pk}" for pk in entries.exclude(item=None).values_list("item", flat=True)}
    expected |= {f"oai:memoria:person/{pk}" for pk in entries.exclude(person=None).values_list("person", flat=True)}
    headers = list(harvester.list_identifiers(set_=f"exhibition:{exhibition.slug}"))

    assert {h.identifier for h in headers} == expected
    assert all(f"exhibition:{exhibition.slug}" in h.setSpecs for h in headers)
    assert set(harvest_identifiers(harvester, set_="exhibition")) == expected


# --- from / until -----------------------------------------------------------------------------------

def test_from_and_until_select_by_datestamp_in_seconds_or_days(harvester):
    Person.objects.update(updated_at=datetime(2020, 5, 1, 8, tzinfo=UTC))
    late = Person.objects.filter(is_published=True).first()
    Person.objects.filter(pk=late.pk).update(updated_at=datetime(2021, 6, 1, 12, 0, 0, 500000, tzinfo=UTC))
    people = [f"oai:memoria:person/{pk}" for pk in Person.objects.filter(is_published=True)
              .exclude(pk=late.pk).values_list("pk", flat=True)]
    late_id = f"oai:memoria:person/{late.pk}"

    def harvest(**window):
        return set(harvest_identifiers(harvester, set_="type:person", **window))

    assert harvest(until="2020-05-01") == set(people)
    assert harvest(from_="2021-06-01T12:00:00Z", until="2021-06-01T12:00:00Z") == {late_id}
    assert harvest(from_="2020-05-02") == {late_id}
    assert harvest(from_="2020-05-01T08:00:00Z", until="2021-06-01T23:59:59Z") == set(people) | {late_id}
    with pytest.raises(oai_errors.NoRecordsMatch):
        harvest(from_="2021-06-01T12:00:01Z")


# --- deletions ----------------------------------------------------------------------------------------

def test_a_record_deleted_in_the_back_office_is_harvested_as_deleted(harvester, curator_client):
    person = Person.objects.filter(is_published=True).first()
    response = curator_client.post(f"/admin/archive/person/{person.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Person.objects.filter(pk=person.pk).exists()
    identifier = f"oai:memoria:person/{person.pk}"

    header = next(h for h in harvester.list_identifiers() if h.identifier == identifier)
    assert header.deleted and "type:person" in header.setSpecs
    record = harvester.get_record(identifier)
    assert record.deleted and record.xml.find(f"{OAI}metadata") is None
    deleted_at = Person.history.get(id=person.pk, history_type="-").history_date
    assert header.datestamp == deleted_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert identifier not in harvest_identifiers(harvester, ignore_deleted=True)


def test_an_unpublished_record_is_deleted_for_harvesters_and_a_draft_does_not_exist(harvester):
    item = Item.objects.filter(is_published=True).first()
    item.is_published = False
    item.save()
    draft = Unit.objects.create(name_en="Not yet checked")

    assert harvester.get_record(f"oai:memoria:item/{item.pk}").deleted
    headers = {h.identifier: h for h in harvester.list_identifiers()}
    assert headers[f"oai:memoria:item/{item.pk}"].deleted
    assert f"oai:memoria:unit/{draft.pk}" not in headers
    with pytest.raises(oai_errors.IdDoesNotExist):
        harvester.get_record(f"oai:memoria:unit/{draft.pk}")


# --- errors -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("params, code", [
    ({}, "badVerb"),
    ({"verb": "ListEverything"}, "badVerb"),
    ({"verb": ["Identify", "Identify"]}, "badVerb"),
    ({"verb": "ListRecords"}, "badArgument"),
    ({"verb": "Identify", "metadataPrefix": "oai_dc"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": ["oai_dc", "oai_dc"]}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2020-13-01"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2020-01-01T00:00:00"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2020-01-01", "until": "2020-02-01T00:00:00Z"},
     "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2021-01-01", "until": "2020-01-01"},
     "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "type:tank"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "resumptionToken": "x"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai dc"}, "badArgument"),
    ({"verb": "GetRecord", "identifier": "oai:memoria:item/1"}, "badArgument"),
    ({"verb": "ListRecords", "resumptionToken": "made-up"}, "badResumptionToken"),
    ({"verb": "ListSets", "resumptionToken": "made-up"}, "badResumptionToken"),
    ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
    ({"verb": "GetRecord", "metadataPrefix": "mods", "identifier": "oai:memoria:item/1"},
     "cannotDisseminateFormat"),
    ({"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:memoria:item/999999"},
     "idDoesNotExist"),
    ({"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:elsewhere.org:item/1"},
     "idDoesNotExist"),
    ({"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:memoria:tank/1"}, "idDoesNotExist"),
    ({"verb": "ListMetadataFormats", "identifier": "item/1"}, "idDoesNotExist"),
    ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "from": "2999-01-01"}, "noRecordsMatch"),
    ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "exhibition:no-such-show"},
     "noRecordsMatch"),
])
def test_each_error_code_and_the_request_it_echoes(client, db, params, code):
    Item.objects.create(inventory_number="X-1", title_en="A published item", is_published=True)
    root = oai(client, **params)

    assert error_code(root) == code
    request = root.find(f"{OAI}request")
    if code in ("badVerb", "badArgument"):
        assert request.attrib == {}  # the arguments were not valid: only the base URL is echoed
    else:
        assert request.attrib == params


def test_a_token_of_another_verb_or_altered_is_a_bad_resumption_token(client, demo, settings):
    settings.MEMORIA_OAI_PAGE_SIZE = 2
    token = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc").find(f".//{OAI}resumptionToken").text

    assert error_code(oai(client, verb="ListRecords", resumptionToken=token)) == "badResumptionToken"
    assert error_code(oai(client, verb="ListIdentifiers", resumptionToken=token[:-2])) == "badResumptionToken"
    assert error_code(oai(client, verb="ListIdentifiers", resumptionToken=token)) is None


def test_the_client_library_raises_the_error_a_repository_reports(harvester):
    with pytest.raises(oai_errors.CannotDisseminateFormat):
        list(harvester.list_records(metadata_prefix="marc21"))
    with pytest.raises(oai_errors.BadArgument):
        list(harvester.list_records(from_="yesterday"))
    with pytest.raises(oai_errors.BadResumptionToken):
        list(harvester.list_records(resumption_token="expired"))
    with pytest.raises(oai_errors.BadVerb):
        harvester.harvest({"verb": "Harvest"})


def test_a_valid_request_is_echoed_and_answered_with_the_verb(client, demo):
    params = {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "type:event",
              "from": "2000-01-01", "until": (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%d")}
    root = oai(client, method="post", **params)

    assert root.find(f"{OAI}request").attrib == params
    assert len(root.findall(f"{OAI}ListIdentifiers/{OAI}header")) == Event.objects.filter(is_published=True).count()
