"""Every OAI-PMH response validates against the official schemas, as a harvester's validator checks it.

The schemas are local copies (tests/interop/schemas/oai/, README there): OAI-PMH.xsd for the
envelope and the six verbs, oai_dc.xsd with the Dublin Core schema it imports for the records,
oai-identifier.xsd for Identify's description. OAI-PMH.xsd says processContents="strict" for
metadata and descriptions, so a record or a description no schema knows fails too. Nothing is
fetched: the schemas' own schemaLocation URLs are answered from the local copies.
"""

import os
import subprocess
import sys
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from lxml import etree

from memoria.archive.models import Item, Person, Unit
from memoria.core import services
from memoria.core.services import COMMAND_LINE
from memoria.exhibitions.models import Exhibition

SCHEMAS = Path(__file__).parent / "schemas" / "oai"
OAI = "{http://www.openarchives.org/OAI/2.0/}"
# Each schema's official address (in schemaLocation attributes) → its local copy.
LOCAL_COPIES = {
    "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd": "OAI-PMH.xsd",
    "http://www.openarchives.org/OAI/2.0/oai_dc.xsd": "oai_dc.xsd",
    "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd": "oai-identifier.xsd",
    "http://dublincore.org/schemas/xmls/simpledc20021212.xsd": "simpledc20021212.xsd",
    "http://www.w3.org/2001/03/xml.xsd": "xml.xsd",
}
# One schema set holding the three namespaces a response can carry.
DRIVER = b"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/"
             schemaLocation="http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"/>
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/oai_dc/"
             schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc.xsd"/>
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/oai-identifier"
             schemaLocation="http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"/>
</xs:schema>"""


class _LocalCopies(etree.Resolver):
    def resolve(self, url, pubid, context):
        if url not in LOCAL_COPIES:
            raise LookupError(f"{url}: no local copy, and tests never download")
        return self.resolve_filename(str(SCHEMAS / LOCAL_COPIES[url]), context)


@cache
def oai_schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_LocalCopies())
    return etree.XMLSchema(etree.fromstring(DRIVER, parser, base_url=f"{SCHEMAS}/"))


def valid(response):
    """The response's XML, once it passes the official schemas; else the schema's own complaints."""
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    schema = oai_schema()
    if not schema.validate(root):
        errors = "\n".join(f"line {e.line}: {e.message}" for e in schema.error_log)
        pytest.fail(f"{response.request['QUERY_STRING'] or 'POST'} fails OAI-PMH.xsd/oai_dc.xsd:\n{errors}\n\n"
                    + response.content.decode()[:3000])
    return root


def get(client, **params):
    return valid(client.get("/oai", params))


def error_code(root):
    error = root.find(f"{OAI}error")
    return None if error is None else error.get("code")


@pytest.fixture
def archive(demo):
    """The demo, plus what stretches the schema: a deleted record, a withdrawn one, a draft,
    text in every language with a control character pasted in."""
    person = Person.objects.filter(is_published=True).first()
    deleted_pk = person.pk
    services.delete_record(person, COMMAND_LINE)
    withdrawn = Item.objects.filter(is_published=True).first()
    services.publish(Item.objects.filter(pk=withdrawn.pk), False, COMMAND_LINE)
    services.create(Unit, {"name_en": "A draft nobody may see yet"}, COMMAND_LINE)
    item = Item.objects.filter(is_published=True).first()
    services.update(Item, item.pk, {"title_kk": "Сынақ\x0b атауы", "title_fr": "Titre d'essai (SYNTHETIC)"},
                    COMMAND_LINE, "*")
    return {"deleted": f"oai:memoria:person/{deleted_pk}", "withdrawn": f"oai:memoria:item/{withdrawn.pk}",
            "item": f"oai:memoria:item/{item.pk}"}


# --- the six verbs ------------------------------------------------------------------------------

def test_identify_is_valid_with_the_default_admin_email(client, archive, settings):
    root = get(client, verb="Identify")
    assert root.find(f"{OAI}Identify/{OAI}adminEmail").text == settings.MEMORIA_ADMIN_EMAIL


def test_identify_is_valid_with_the_configured_admin_email_and_oai_identifier_description(
        client, archive, settings):
    settings.MEMORIA_ADMIN_EMAIL = "archivist@museum.example.org"
    settings.MEMORIA_OAI_REPOSITORY_ID = "memoria.example.org"
    root = get(client, verb="Identify")

    assert root.find(f"{OAI}Identify/{OAI}adminEmail").text == "archivist@museum.example.org"
    assert root.find(f".//{{http://www.openarchives.org/OAI/2.0/oai-identifier}}sampleIdentifier") is not None


def test_identify_of_an_empty_archive_is_valid(client, db):
    assert get(client, verb="Identify").find(f"{OAI}Identify/{OAI}earliestDatestamp").text


@pytest.mark.parametrize("which", [None, "item", "deleted"])
def test_list_metadata_formats_is_valid(client, archive, which):
    params = {"identifier": archive[which]} if which else {}
    root = get(client, verb="ListMetadataFormats", **params)
    assert root.find(f"{OAI}ListMetadataFormats/{OAI}metadataFormat/{OAI}metadataPrefix").text == "oai_dc"


def test_list_sets_is_valid(client, archive):
    exhibition = Exhibition.objects.get(is_published=True)
    specs = [s.text for s in get(client, verb="ListSets").iter(f"{OAI}setSpec")]
    assert f"exhibition:{exhibition.slug}" in specs


@pytest.mark.parametrize("which", ["item", "deleted", "withdrawn"])
def test_get_record_is_valid_for_live_deleted_and_withdrawn_records(client, archive, which):
    root = get(client, verb="GetRecord", metadataPrefix="oai_dc", identifier=archive[which])
    header = root.find(f"{OAI}GetRecord/{OAI}record/{OAI}header")
    assert (header.get("status") == "deleted") == (which != "item")


def test_every_record_of_every_type_is_valid_dublin_core(client, archive, settings):
    settings.MEMORIA_OAI_PAGE_SIZE = 1000
    root = get(client, verb="ListRecords", metadataPrefix="oai_dc")
    records = root.findall(f"{OAI}ListRecords/{OAI}record")
    types = {r.find(f"{OAI}header/{OAI}identifier").text.split(":")[2].split("/")[0] for r in records}
    assert types == {"person", "item", "event", "place", "unit", "source", "exhibition"}
    assert root.find(f".//{OAI}resumptionToken") is None  # one page: no token at all


@pytest.mark.parametrize("verb", ["ListIdentifiers", "ListRecords"])
def test_every_page_of_a_resumed_harvest_is_valid_down_to_the_empty_last_token(client, archive, settings, verb):
    settings.MEMORIA_OAI_PAGE_SIZE = 4
    root = get(client, verb=verb, metadataPrefix="oai_dc")
    pages = 1
    while (token := root.find(f"{OAI}{verb}/{OAI}resumptionToken")).text:
        root = get(client, verb=verb, resumptionToken=token.text)
        pages += 1
    assert pages > 2 and int(token.get("completeListSize")) > 8


def test_selective_harvests_by_set_and_dates_are_valid(client, archive):
    exhibition = Exhibition.objects.get(is_published=True)
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    for params in ({"set": f"exhibition:{exhibition.slug}"}, {"set": "type:item", "from": "2000-01-01"},
                   {"set": "exhibition", "until": f"{today}T23:59:59Z"}):
        root = get(client, verb="ListRecords", metadataPrefix="oai_dc", **params)
        assert root.find(f"{OAI}ListRecords") is not None, params


def test_a_post_request_is_answered_as_valid_as_a_get(client, archive):
    valid(client.post("/oai", {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "type:place"}))


# --- errors ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("params, code", [
    ({}, "badVerb"),
    ({"verb": "Harvest"}, "badVerb"),
    ({"verb": "ListRecords"}, "badArgument"),
    ({"verb": "Identify", "set": "type:item"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "yesterday"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "type:tank"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai dc"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
    ({"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:memoria:item/999999"},
     "idDoesNotExist"),
    ({"verb": "ListMetadataFormats", "identifier": "oai:elsewhere.org:item/1"}, "idDoesNotExist"),
    ({"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:memoria:item/1\u00a0"},
     "idDoesNotExist"),
    # not even a URI: illegal syntax, so nothing is echoed that OAI-PMH.xsd would refuse
    *[({"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": weird}, "badArgument")
      for weird in ("http://[::1", "%zz", "é:/?#[]@")],
    # a syntax error wins over any other error, which would echo the faulty value
    ({"verb": "GetRecord", "metadataPrefix": "marc21", "identifier": "%zz"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "marc21", "from": "yesterday"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "marc21", "from": "２０２０-01-01T00:00:00Z"}, "badArgument"),
    ({"verb": "ListIdentifiers", "metadataPrefix": "marc21", "set": "no such set!"}, "badArgument"),
    ({"verb": "ListIdentifiers", "metadataPrefix": "marc21", "set": "type::item"}, "badArgument"),
    ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "from": "2999-01-01"}, "noRecordsMatch"),
    ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "exhibition:no-such-show"},
     "noRecordsMatch"),
    ({"verb": "ListRecords", "resumptionToken": "made-up"}, "badResumptionToken"),
    ({"verb": "ListSets", "resumptionToken": "made-up"}, "badResumptionToken"),
])
def test_every_error_response_is_valid(client, archive, params, code):
    assert error_code(get(client, **params)) == code


# --- the admin e-mail setting -----------------------------------------------------------------------

@pytest.mark.parametrize("value", ["webmaster@localhost", "archive", "Archive <archive@museum.example.org>"])
def test_an_admin_email_oai_pmh_refuses_stops_the_system_check(settings, value):
    settings.MEMORIA_ADMIN_EMAIL = value
    with pytest.raises(SystemCheckError, match=r"(?s)interop\.E001.*MEMORIA_ADMIN_EMAIL"):
        call_command("check")


def test_the_default_admin_email_passes_the_check_and_reaches_no_one(settings):
    assert settings.MEMORIA_ADMIN_EMAIL.endswith(".invalid")  # RFC 2606: no mail is ever delivered there
    call_command("check")


@pytest.mark.parametrize("command", [["check"], ["serve", "--port", "0", "--no-demo"]])
def test_memoria_refuses_to_start_with_a_bad_admin_email(tmp_path, command):
    memoria = Path(sys.executable).with_name("memoria")
    env = {**os.environ, "MEMORIA_DATA_DIR": str(tmp_path), "MEMORIA_ADMIN_EMAIL": "webmaster@localhost",
           "DJANGO_SETTINGS_MODULE": "memoria.settings"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run([memoria, *command], env=env, capture_output=True, text=True, timeout=120)

    assert result.returncode != 0
    assert "interop.E001" in result.stderr and "'webmaster@localhost'" in result.stderr
    assert not (tmp_path / "memoria.sqlite3").exists()  # refused before migrating anything
