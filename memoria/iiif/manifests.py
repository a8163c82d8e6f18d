"""IIIF Presentation API 3 manifests of items, built with iiif-prezi3.

One canvas per image (its width and height are the original's), painted by an annotation whose
body carries our Image API service (level 0 tiles, see tiles.py). Texts are language maps of the
languages that have text: nothing is machine-translated or copied across languages.
"""

from __future__ import annotations

import json
from typing import Callable

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from memoria.archive.models import Item
from memoria.core.dates import humanize
from memoria.core.i18n import LANGUAGE_CODES
from memoria.iiif.selectors import images_of
from memoria.iiif.tiles import identifier_for

# IIIF "rights" must be one of these URIs; any other rights statement is shown as text.
RIGHTS_URI_PREFIXES = ("http://creativecommons.org/", "https://creativecommons.org/",
                       "http://rightsstatements.org/", "https://rightsstatements.org/")


def field_map(obj, field: str) -> dict[str, list[str]]:
    """{language: [text]} for the languages in which `field` has text."""
    found = {}
    for lang in LANGUAGE_CODES:
        value = (getattr(obj, f"{field}_{lang}", "") or "").strip()
        if value:
            found[lang] = [value]
    return found


def interface_map(make: Callable[[], str]) -> dict[str, list[str]]:
    """{language: [text]} of an interface string (or a value formatted by the interface)."""
    found = {}
    for lang in LANGUAGE_CODES:
        with translation.override(lang):
            value = str(make()).strip()
        if value:
            found[lang] = [value]
    return found


def _pair(label: Callable[[], str], value: dict | Callable[[], str]):
    from iiif_prezi3 import KeyValueString

    return KeyValueString(label=interface_map(label),
                          value=value if isinstance(value, dict) else interface_map(value))


def build_manifest(item: Item, absolute: Callable[[str], str], reverse_url: Callable) -> dict:
    """The manifest of `item` as a JSON-ready dict.

    `absolute(path)` makes a URL absolute for the request's host; `reverse_url(name, *args)`
    is django.urls.reverse.
    """
    # iiif-prezi3 builds its pydantic models at import (seconds): only manifests pay for it.
    from iiif_prezi3 import Annotation, AnnotationBody, AnnotationPage, Canvas, Manifest, ServiceV3

    manifest_id = absolute(reverse_url("iiif:manifest", item.pk))
    field_label = lambda name: lambda: capfirst(str(Item._meta.get_field(name).verbose_name))  # noqa: E731
    metadata = [_pair(lambda: _("Inventory number"), {"none": [item.inventory_number]})]
    if item.date_made:
        metadata.append(_pair(lambda: _("Date"), lambda: humanize(item.date_made)))
    metadata.append(_pair(field_label("kind"), lambda: item.get_kind_display()))

    manifest = Manifest(
        id=manifest_id,
        label=field_map(item, "title") or {"none": [item.inventory_number]},
        metadata=metadata,
        homepage=[{
            "id": absolute(item.get_absolute_url()), "type": "Text", "format": "text/html",
            "label": field_map(item, "title") or {"none": [item.inventory_number]},
        }],
    )
    summary = field_map(item, "description")
    if summary:
        manifest.summary = summary
    rights = item.rights.strip()
    if rights.startswith(RIGHTS_URI_PREFIXES):
        manifest.rights = rights
    elif rights:
        manifest.requiredStatement = _pair(lambda: _("Rights"), {"none": [rights]})

    canvases = []
    for number, media in enumerate(images_of(item), start=1):
        identifier = identifier_for(media)
        canvas_id = f"{manifest_id.rsplit('/', 1)[0]}/canvas/{number}"
        service = ServiceV3(id=absolute(reverse_url("iiif:image", identifier)), type="ImageService3",
                            profile="level0")
        body = AnnotationBody(id=absolute(media.display.url) if media.display else
                              absolute(reverse_url("iiif:image", identifier)) + "/full/max/0/default.jpg",
                              type="Image", format="image/jpeg", service=[service])
        painting = Annotation(id=f"{canvas_id}/painting", type="Annotation", motivation="painting",
                              body=body, target=canvas_id)
        canvas = Canvas(
            id=canvas_id,
            label=field_map(media, "caption") or {"none": [f"{item.inventory_number} ({number})"]},
            width=media.width, height=media.height,
            items=[AnnotationPage(id=f"{canvas_id}/page", type="AnnotationPage", items=[painting])],
        )
        if media.credit:
            canvas.requiredStatement = _pair(lambda: capfirst(str(media._meta.get_field("credit").verbose_name)),
                                             {"none": [media.credit]})
        canvases.append(canvas)
    manifest.items = canvases
    return json.loads(manifest.jsonld())
