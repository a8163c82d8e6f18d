"""The map and the timeline: thin views over archive/selectors_geo.py and selectors_timeline.py.

Data reaches the scripts (public/static/memoria/map.js, timeline.js) through `json_script`:
the Content-Security-Policy allows no inline script. Every label the scripts show is translated
here, so the scripts hold no interface text of their own.
"""

from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from memoria.archive.selectors_geo import map_places, person_path
from memoria.archive.selectors_timeline import timeline, timeline_span


def map_config() -> dict:
    """Tiles, marker images and the interface labels of a Leaflet map.

    The same for the whole life of the process in each language (settings, static files and
    translations change with a restart), and every person page needs it: built once per language
    (three static-file look-ups and five translations were ~4 % of a person page's time)."""
    return _map_config(get_language())


@receiver(setting_changed)
def _forget(**kwargs):
    """A test that overrides a setting (the tile server, the static files' storage) builds anew."""
    _map_config.cache_clear()


@lru_cache(maxsize=16)
def _map_config(language: str | None) -> dict:
    return {
        "tileUrl": settings.MEMORIA_TILE_URL,
        "attribution": settings.MEMORIA_TILE_ATTRIBUTION,
        "icon": static("memoria/vendor/leaflet/images/marker-icon.png"),
        "icon2x": static("memoria/vendor/leaflet/images/marker-icon-2x.png"),
        "shadow": static("memoria/vendor/leaflet/images/marker-shadow.png"),
        "labels": {
            "zoomIn": _("Zoom in"),
            "zoomOut": _("Zoom out"),
            "close": _("Close"),
            "group": _("Group of places:"),
            "tilesFailed": _("The map background could not be loaded. The places and their records are still shown."),
        },
    }


@require_safe
def map_page(request):
    places = map_places(request.user)
    markers = [p.marker() for p in places if p.on_map]
    return render(request, "public/map.html", {
        "places": places, "markers": markers, "map_config": map_config(),
    })


@require_safe
def timeline_page(request):
    dated, undated = timeline(request.user)
    config = {"lang": get_language(), "span": timeline_span(dated)}
    return render(request, "public/timeline.html", {
        "dated": dated, "undated": undated,
        "items": [e.item() for e in dated], "timeline_config": config,
    })


def with_person_path(page, user):
    """Add the person's path (for public/person.html) to a person_page()."""
    path = person_path(page.record, page.related["participations"], user)
    page.related["path"] = path
    page.related["path_markers"] = path.markers()
    page.related["map_config"] = map_config()
    return page
