"""IIIF endpoints: Image API 3 (level 0, static tiles) and Presentation API 3 manifests.

Viewers on other sites read these, so every IIIF response allows any origin (CORS). Nothing
here is shown for a record the requester may not see (access.py).
"""

import json

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_safe

from memoria.core.visibility import is_public
from memoria.iiif.access import visible_item, visible_media
from memoria.iiif.manifests import build_manifest
from memoria.iiif.selectors import images_of
from memoria.iiif.tiles import info_name, open_tile

IMAGE_CONTENT_TYPE = 'application/ld+json;profile="http://iiif.io/api/image/3/context.json"'
MANIFEST_CONTENT_TYPE = 'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"'
PUBLIC_CACHE = "public, max-age=3600"
PREVIEW_CACHE = "private, no-cache"


def _iiif_headers(response, public: bool):
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = PUBLIC_CACHE if public else PREVIEW_CACHE
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _media_or_404(request, identifier):
    media = visible_media(identifier, request.user)
    if media is None:
        raise Http404
    return media


@require_safe
def image_base(request, identifier):
    """The Image API says the bare identifier URL redirects to its info.json."""
    _media_or_404(request, identifier)
    response = HttpResponseRedirect(reverse("iiif:info", args=[identifier]))
    response.status_code = 303
    return _iiif_headers(response, public=False)


@require_safe
def info(request, identifier):
    """info.json, with "id" set to this host's URL of the image (the stored file has none)."""
    media = _media_or_404(request, identifier)
    try:
        with default_storage.open(info_name(identifier), "rb") as stored:
            document = json.loads(stored.read().decode("utf-8"))
    except FileNotFoundError:
        raise Http404 from None
    document["id"] = request.build_absolute_uri(reverse("iiif:image", args=[identifier]))
    response = HttpResponse(json.dumps(document, indent=2), content_type=IMAGE_CONTENT_TYPE)
    return _iiif_headers(response, is_public(media))


@require_safe
def tile(request, identifier, region, size, rotation, quality):
    media = _media_or_404(request, identifier)
    stored = open_tile(identifier, region, size, rotation, quality)
    if stored is None:
        raise Http404
    response = FileResponse(stored, content_type="image/jpeg")
    return _iiif_headers(response, is_public(media))


@require_safe
def manifest(request, pk):
    item = visible_item(pk, request.user)
    if item is None or not images_of(item):
        raise Http404
    document = build_manifest(item, request.build_absolute_uri, lambda name, *args: reverse(name, args=args))
    response = HttpResponse(json.dumps(document, ensure_ascii=False, indent=2), content_type=MANIFEST_CONTENT_TYPE)
    return _iiif_headers(response, is_public(item))

