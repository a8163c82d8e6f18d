"""One URL per record, two representations: the HTML page or its JSON-LD.

`Accept: application/ld+json` (or `application/json`), with or without the profile the
document follows (`application/ld+json;profile="https://linked.art/ns/v1/linked-art.json"`,
what a Linked Art client sends), or `?format=jsonld` for a plain link, gets the JSON-LD
document, unless the header's q-values prefer HTML; anything else gets the page,
which embeds the same document in a non-executed
<script type="application/ld+json"> block (CSP script-src 'self' does not
apply to data blocks) and links the JSON-LD as an alternate.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.safestring import SafeString, mark_safe

JSONLD = "application/ld+json"
FORMAT_PARAMETER = "jsonld"
_HTML_TYPES = ["text/html", "application/xhtml+xml"]
_JSON_TYPES = [JSONLD, "application/json"]

# As django.utils.html.json_script: inside <script>, "</script>" or "<!--"
# in a text field would end the block early; JSON allows \u escapes.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _profiled(profile: str) -> str:
    return f'{JSONLD};profile="{profile}"'


def wants_jsonld(request, profile: str | None = None) -> bool:
    if request.GET.get("format") == FORMAT_PARAMETER:
        return True
    # Django weighs q-values and specificity. An accepted range with parameters matches only a
    # type offered with the same ones, so the document's profile is offered as a type of its own.
    # HTML first: "*/*" and browsers' usual Accept headers get the page.
    json_types = ([_profiled(profile)] if profile else []) + _JSON_TYPES
    return request.get_preferred_type(_HTML_TYPES + json_types) in json_types


def dumps(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, cls=DjangoJSONEncoder, indent=1)


@dataclass(frozen=True)
class Embedded:
    """What the page head needs: the escaped JSON-LD and the alternate link."""

    json: SafeString
    url: str


def embedded(request, document: dict) -> Embedded:
    text = json.dumps(document, ensure_ascii=False, cls=DjangoJSONEncoder).translate(_SCRIPT_ESCAPES)
    return Embedded(mark_safe(text), f"{request.path}?format={FORMAT_PARAMETER}")


def respond(request, template: str, page, builder, profile: str | None = None) -> HttpResponse:
    """Render the page or its JSON-LD, built once from the page's loaded records."""
    document = builder(request, page)
    if wants_jsonld(request, profile):
        content_type = _profiled(profile) if profile else JSONLD
        response = HttpResponse(dumps(document), content_type=content_type)
    else:
        response = render(request, template, {"page": page, "linked_data": embedded(request, document)})
    patch_vary_headers(response, ["Accept"])
    return response
