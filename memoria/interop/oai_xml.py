"""The XML of OAI-PMH responses, built with lxml (it escapes, and it cannot produce malformed XML).

Element names and order follow the OAI-PMH 2.0 schema (OAI-PMH.xsd) and the
oai_dc schema; the verbs only decide the content.
"""

from __future__ import annotations

import re
from datetime import datetime

from lxml import etree

from memoria.interop.oai_args import OAIError, datestamp

OAI = "http://www.openarchives.org/OAI/2.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
OAI_IDENTIFIER = "http://www.openarchives.org/OAI/2.0/oai-identifier"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
OAI_IDENTIFIER_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"

# Characters XML 1.0 cannot carry; text pasted from word processors sometimes
# holds them, and lxml would refuse the whole page.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _text(value: str) -> str:
    return _NOT_XML.sub("", value)


def sub(parent, name: str, text: str | None = None, ns: str = OAI, **attributes):
    element = etree.SubElement(parent, f"{{{ns}}}{name}", {k: str(v) for k, v in attributes.items()})
    if text is not None:
        element.text = _text(text)
    return element


def envelope(now: datetime, base_url: str, echo: dict[str, str]):
    """<OAI-PMH> with responseDate and the request echoed (attributes only when the request was valid)."""
    root = etree.Element(f"{{{OAI}}}OAI-PMH", nsmap={None: OAI, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI} {OAI_SCHEMA}")
    sub(root, "responseDate", datestamp(now))
    request = sub(root, "request", base_url)
    for name, value in echo.items():
        request.set(name, _text(value))
    return root


def error(root, exception: OAIError) -> None:
    sub(root, "error", exception.message, code=exception.code)


def header(parent, head, identifier: str) -> None:
    element = sub(parent, "header")
    if head.deleted:
        element.set("status", "deleted")
    sub(element, "identifier", identifier)
    sub(element, "datestamp", datestamp(head.datestamp))
    for spec in head.sets:
        sub(element, "setSpec", spec)


def record(parent, head, identifier: str, triples: list) -> None:
    """<record>: the header, and the oai_dc metadata unless the record is deleted."""
    element = sub(parent, "record")
    header(element, head, identifier)
    if head.deleted:
        return
    dc = etree.SubElement(sub(element, "metadata"), f"{{{OAI_DC}}}dc",
                          nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI})
    dc.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} {OAI_DC_SCHEMA}")
    for name, text, lang in triples:
        value = sub(dc, name, text, ns=DC)
        if lang:
            value.set(XML_LANG, lang)


def oai_identifier_description(parent, repository_id: str, sample: str) -> None:
    """The oai-identifier <description> of Identify: says how our identifiers are made."""
    description = sub(parent, "description")
    element = etree.SubElement(description, f"{{{OAI_IDENTIFIER}}}oai-identifier",
                               nsmap={None: OAI_IDENTIFIER, "xsi": XSI})
    element.set(f"{{{XSI}}}schemaLocation", f"{OAI_IDENTIFIER} {OAI_IDENTIFIER_SCHEMA}")
    for name, text in (("scheme", "oai"), ("repositoryIdentifier", repository_id),
                       ("delimiter", ":"), ("sampleIdentifier", sample)):
        sub(element, name, text, ns=OAI_IDENTIFIER)


def to_bytes(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
