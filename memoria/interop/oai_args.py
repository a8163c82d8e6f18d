"""The arguments of an OAI-PMH request: which are legal for each verb, and what they mean.

Everything a harvester sends is checked here, before any query runs, so the
verbs only ever see well-formed values and every refusal carries the error
code the protocol prescribes.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from lxml import etree

from memoria.interop.oai_types import BY_NAME, RecordType

METADATA_PREFIX = "oai_dc"
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"

# verb → (required arguments, optional arguments). resumptionToken is handled
# apart: where allowed, it is exclusive (the only argument besides the verb).
VERBS: dict[str, tuple[frozenset, frozenset]] = {
    "Identify": (frozenset(), frozenset()),
    "ListMetadataFormats": (frozenset(), frozenset({"identifier"})),
    "ListSets": (frozenset(), frozenset()),
    "GetRecord": (frozenset({"identifier", "metadataPrefix"}), frozenset()),
    "ListIdentifiers": (frozenset({"metadataPrefix"}), frozenset({"from", "until", "set"})),
    "ListRecords": (frozenset({"metadataPrefix"}), frozenset({"from", "until", "set"})),
}
RESUMABLE = frozenset({"ListSets", "ListIdentifiers", "ListRecords"})


class OAIError(Exception):
    """An OAI-PMH error condition: reported in the XML with HTTP 200, as the protocol requires."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def parse_request(params) -> tuple[str, dict[str, str]]:
    """The verb and its arguments from a QueryDict (GET query or POST form)."""
    verbs = params.getlist("verb")
    if len(verbs) != 1 or verbs[0] not in VERBS:
        raise OAIError("badVerb", "The verb argument is missing, repeated or not an OAI-PMH verb.")
    verb = verbs[0]
    args = {}
    for name in params:
        if name == "verb":
            continue
        values = params.getlist(name)
        if len(values) != 1:
            raise OAIError("badArgument", f"The argument {name} is repeated.")
        args[name] = values[0]
    required, optional = VERBS[verb]
    if "resumptionToken" in args and verb in RESUMABLE:
        if len(args) > 1:
            raise OAIError("badArgument", "resumptionToken is an exclusive argument.")
        return verb, args
    illegal = sorted(set(args) - required - optional)
    if illegal:
        raise OAIError("badArgument", f"Illegal argument(s) for {verb}: {', '.join(illegal)}.")
    missing = sorted(required - set(args))
    if missing:
        raise OAIError("badArgument", f"Missing argument(s) for {verb}: {', '.join(missing)}.")
    _check_syntax(args)
    return verb, args


# OAI-PMH.xsd's metadataPrefixType and setSpecType.
_PREFIX_SYNTAX = re.compile(r"[A-Za-z0-9\-_.!~*'()]+")
_SET_SYNTAX = re.compile(r"[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*")
_URI_SCHEMA = b"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="uri" type="xs:anyURI"/>
</xs:schema>"""
_validators = threading.local()


def _is_uri(value: str) -> bool:
    """Whether `value` is an xs:anyURI, OAI-PMH.xsd's identifierType, as libxml2's validator judges it.

    One schema per thread: an lxml validator keeps its error log on itself.
    """
    if not hasattr(_validators, "uri"):
        _validators.uri = etree.XMLSchema(etree.XML(_URI_SCHEMA))
    element = etree.Element("uri")
    try:
        element.text = value
    except ValueError:  # a character XML cannot hold
        return False
    return _validators.uri.validate(element)


def _check_syntax(args: dict[str, str]) -> None:
    """A value no request could legally carry is badArgument, whatever else is wrong.

    Checked before any other error can be raised, because every other error echoes the
    arguments in <request>, where OAI-PMH.xsd requires each to have its type's syntax.
    """
    if "metadataPrefix" in args and not _PREFIX_SYNTAX.fullmatch(args["metadataPrefix"]):
        raise OAIError("badArgument", "metadataPrefix has characters no metadata prefix can have.")
    if "identifier" in args and not _is_uri(args["identifier"]):
        raise OAIError("badArgument", "identifier is not a URI, as OAI-PMH identifiers are.")
    if "set" in args and not _SET_SYNTAX.fullmatch(args["set"]):
        raise OAIError("badArgument", "set has characters or colons no setSpec can have.")
    parse_window(args)


def check_prefix(prefix: str) -> None:
    # (A prefix no format could have was refused as badArgument by _check_syntax.)
    if prefix != METADATA_PREFIX:
        raise OAIError("cannotDisseminateFormat", f"This repository disseminates {METADATA_PREFIX} only.")


# --- datestamps --------------------------------------------------------------------------

# ASCII digits only: strptime reads other scripts' digits too, which OAI-PMH.xsd refuses.
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_SECOND = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", re.ASCII)


@dataclass(frozen=True)
class Window:
    """from/until as a half-open interval [lower, upper) of UTC datetimes.

    Datestamps are shown to the second but stored to the microsecond, so
    until=…T12:00:00Z must include a change at 12:00:00.5: the upper bound is
    the next second (or the next day for day granularity), exclusive.
    """

    lower: datetime | None = None
    upper: datetime | None = None


def _parse_datestamp(value: str, name: str) -> tuple[datetime, timedelta]:
    try:
        if _DAY.fullmatch(value):
            return datetime.combine(date.fromisoformat(value), time(), UTC), timedelta(days=1)
        if _SECOND.fullmatch(value):
            return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC), timedelta(seconds=1)
    except ValueError:
        pass
    raise OAIError("badArgument", f"{name} must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ (UTC).")


def parse_window(args: dict[str, str]) -> Window:
    lower = _parse_datestamp(args["from"], "from") if "from" in args else None
    upper = _parse_datestamp(args["until"], "until") if "until" in args else None
    if lower and upper:
        if lower[1] != upper[1]:
            raise OAIError("badArgument", "from and until must have the same granularity.")
        if lower[0] > upper[0]:
            raise OAIError("badArgument", "from is later than until.")
    return Window(lower and lower[0], upper and upper[0] + upper[1])


def datestamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- identifiers ---------------------------------------------------------------------------

_IDENTIFIER = re.compile(r"oai:(?P<repo>[^:]+):(?P<type>[a-z]+)/(?P<pk>[1-9][0-9]{0,17})")


def repository_id() -> str:
    return getattr(settings, "MEMORIA_OAI_REPOSITORY_ID", "memoria")


def identifier(record_type: RecordType, pk: int) -> str:
    return f"oai:{repository_id()}:{record_type.name}/{pk}"


def parse_identifier(value: str) -> tuple[RecordType, int]:
    match = _IDENTIFIER.fullmatch(value)
    if not match or match["repo"] != repository_id() or match["type"] not in BY_NAME:
        raise OAIError("idDoesNotExist", f"No record {value} in this repository.")
    return BY_NAME[match["type"]], int(match["pk"])
