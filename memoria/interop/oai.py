"""The OAI-PMH 2.0 endpoint at /oai, where harvesters (library and heritage aggregators)
copy the published archive as Dublin Core. The view parses, dispatches and serialises;
oai_verbs.py answers the verbs, oai_listing.py decides what is listed and in which order.
"""

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from memoria.interop import oai_xml
from memoria.interop.oai_args import OAIError, parse_request
from memoria.interop.oai_verbs import VERBS


# Harvesters POST forms without a session or CSRF token; the endpoint changes nothing.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def endpoint(request):
    params = request.POST if request.method == "POST" else request.GET
    now = timezone.now()
    base_url = request.build_absolute_uri(request.path)
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
    return HttpResponse(oai_xml.to_bytes(root), content_type="text/xml; charset=utf-8")
