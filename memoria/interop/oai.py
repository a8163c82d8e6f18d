"""The OAI-PMH 2.0 endpoint at /oai, where harvesters (library and heritage aggregators)
copy the published archive as Dublin Core. The view parses, dispatches and serialises;
oai_verbs.py answers the verbs, oai_listing.py decides what is listed and in which order.

A harvest is read again and again (several harvesters, retries, a crowd of aggregators after an
announcement) while the archive does not change: the whole answer is kept in the read cache
(memoria.core.read_cache) until the next committed write, keyed by the arguments and the base
URL. Only responseDate differs from one answer to the next: it is written afresh into the kept
document, so a repeated request costs no query, no serialisation and no XML building.
"""

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from memoria.core import read_cache
from memoria.interop import oai_xml
from memoria.interop.oai_args import OAIError, datestamp, parse_request
from memoria.interop.oai_verbs import VERBS


# Harvesters POST forms without a session or CSRF token; the endpoint changes nothing.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def endpoint(request):
    params = request.POST if request.method == "POST" else request.GET
    now = timezone.now()
    base_url = request.build_absolute_uri(request.path)
    parts = ["oai", base_url, *(f"{name}={values!r}" for name, values in sorted(params.lists()))]
    document, answered_at = read_cache.remembered(parts, lambda: (_answer(request, params, now, base_url), now))
    if answered_at != now:
        document = document.replace(_response_date(answered_at), _response_date(now), 1)
    return HttpResponse(document, content_type="text/xml; charset=utf-8")


def _response_date(moment) -> bytes:
    return f"<responseDate>{datestamp(moment)}</responseDate>".encode()


def _answer(request, params, now, base_url: str) -> bytes:
    echo = {}
    try:
        verb, args = parse_request(params)
        echo = {"verb": verb, **args}
        root = oai_xml.envelope(now, base_url, echo)
        VERBS[verb](request, args, root, now)
    except OAIError as error:
        # After badVerb or badArgument the protocol echoes the base URL only.
        root = oai_xml.envelope(now, base_url, {} if error.code in ("badVerb", "badArgument") else echo)
        oai_xml.error(root, error)
    return oai_xml.to_bytes(root)
