"""The six OAI-PMH verbs. Each reads what it needs, then appends its element to the envelope,
or raises OAIError before appending anything.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.utils.encoding import iri_to_uri

from memoria.core.read_cache import per_generation
from memoria.interop import oai_dc, oai_listing, oai_sets, oai_tokens
from memoria.interop.oai_args import (
    GRANULARITY, METADATA_PREFIX, OAIError, check_prefix, datestamp, identifier, parse_identifier,
    parse_window, repository_id,
)
from memoria.interop.oai_types import BY_NAME
from memoria.interop.oai_xml import OAI_DC, OAI_DC_SCHEMA, header, oai_identifier_description, record, sub

# The oai-identifier description's schema wants a domain name as repository identifier.
_DOMAIN_NAME = re.compile(r"[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+")


def _page_size() -> int:
    return getattr(settings, "MEMORIA_OAI_PAGE_SIZE", 100)


def _find(value: str) -> oai_listing.Header:
    found = oai_listing.find(*parse_identifier(value))
    if found is None:
        raise OAIError("idDoesNotExist", f"No record {value} in this repository.")
    return found


def identify(request, args, root, now) -> None:
    earliest = oai_listing.earliest() or now
    element = sub(root, "Identify")
    sub(element, "repositoryName",
        getattr(settings, "MEMORIA_OAI_REPOSITORY_NAME", settings.MEMORIA_SITE_NAME))
    sub(element, "baseURL", request.build_absolute_uri(request.path))
    sub(element, "protocolVersion", "2.0")
    sub(element, "adminEmail", settings.MEMORIA_ADMIN_EMAIL)  # checked at start: interop/checks.py
    sub(element, "earliestDatestamp", datestamp(earliest))
    # Deletions are kept in the history tables, which memoria never prunes.
    sub(element, "deletedRecord", "persistent")
    sub(element, "granularity", GRANULARITY)
    if _DOMAIN_NAME.fullmatch(repository_id()):
        oai_identifier_description(element, repository_id(), identifier(BY_NAME["item"], 1))


def list_metadata_formats(request, args, root, now) -> None:
    if "identifier" in args:
        _find(args["identifier"])  # every record has oai_dc: only its existence is in question
    element = sub(sub(root, "ListMetadataFormats"), "metadataFormat")
    sub(element, "metadataPrefix", METADATA_PREFIX)
    sub(element, "schema", OAI_DC_SCHEMA)
    sub(element, "metadataNamespace", OAI_DC)


def list_sets(request, args, root, now) -> None:
    if "resumptionToken" in args:
        raise OAIError("badResumptionToken", "ListSets fits in one response: it issues no tokens.")
    element = sub(root, "ListSets")
    for spec, name in oai_sets.all_sets():
        item = sub(element, "set")
        sub(item, "setSpec", spec)
        sub(item, "setName", name)


def _metadata(site: str, headers) -> dict:
    pks = {}
    for head in headers:
        if not head.deleted:
            pks.setdefault(head.record_type, []).append(head.pk)
    # What request.build_absolute_uri() makes of a page's path, from the scheme and host alone.
    return oai_dc.describe(pks, lambda path: iri_to_uri(site + path))


def _site(request) -> str:
    return request.build_absolute_uri("/")[:-1]


def get_record(request, args, root, now) -> None:
    check_prefix(args["metadataPrefix"])
    head = _find(args["identifier"])
    oai_sets.assign([head])
    metadata = _metadata(_site(request), [head])
    record(sub(root, "GetRecord"), head, args["identifier"],
           metadata.get((head.record_type.name, head.pk), []))


def _listed(selection, window, after, size: int, with_metadata: bool, site: str):
    """A page of headers with their sets (and their Dublin Core). A page re-asked before anything
    changed is answered from the read cache by the endpoint (memoria/interop/oai.py)."""
    headers, more = oai_listing.page(selection, window, after, size)
    if not headers:
        return headers, more, {}
    oai_sets.assign(headers)
    return headers, more, (_metadata(site, headers) if with_metadata else {})


#: Asked again by each page of a harvest started without a token: kept until the next write.
_count = per_generation(oai_listing.count)


def _list(verb: str, request, args, root, with_metadata: bool) -> None:
    if "resumptionToken" in args:
        state = oai_tokens.decode(args["resumptionToken"], verb)
        original, after, cursor, total = state.args, state.after, state.cursor, state.total
    else:
        original, after, cursor, total = args, None, 0, None
    check_prefix(original["metadataPrefix"])
    selection = oai_sets.parse(original.get("set"))
    window = parse_window(original)
    headers, more, metadata = _listed(selection, window, after, _page_size(), with_metadata, _site(request))
    if not headers:
        raise OAIError("noRecordsMatch", "No records match these arguments.")
    element = sub(root, verb)
    for head in headers:
        oai_id = identifier(head.record_type, head.pk)
        if with_metadata:
            record(element, head, oai_id, metadata.get((head.record_type.name, head.pk), []))
        else:
            header(element, head, oai_id)
    if not (more or cursor):
        return  # the whole list fitted in one response: no token at all
    sent = cursor + len(headers)
    if total is None:
        total = _count(selection, window)
    # Records added during a harvest join its end: never announce fewer than are sent.
    total = max(total, sent + (1 if more else 0))
    token = None
    if more:
        token = oai_tokens.encode(oai_tokens.Resumption(verb, original, headers[-1].key, sent, total))
    # The last page carries an empty token: it tells the harvester the list is complete.
    sub(element, "resumptionToken", token, completeListSize=total, cursor=cursor)


def list_identifiers(request, args, root, now) -> None:
    _list("ListIdentifiers", request, args, root, with_metadata=False)


def list_records(request, args, root, now) -> None:
    _list("ListRecords", request, args, root, with_metadata=True)


VERBS = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "GetRecord": get_record,
    "ListIdentifiers": list_identifiers,
    "ListRecords": list_records,
}
