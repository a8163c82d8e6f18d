"""The map on a hall server without internet: memoria draws its own basemap (Natural Earth).

Every request that does not go to the live server is aborted, as on a museum's network. The
tests look at the pixels the browser drew (land and sea colours, land where France is), not
only at the elements, and at the zoom buttons a finger has to hit in kiosk mode.
"""

import io

import pytest
from PIL import Image

from memoria.archive.models import Person

pytestmark = pytest.mark.django_db(transaction=True)

# What lies over the drawn basemap: pins, clusters, the path line, names and controls.
OVER_THE_BASEMAP = (".leaflet-marker-pane, .leaflet-shadow-pane, .leaflet-overlay-pane, "
                    ".leaflet-basemapLabels-pane, .leaflet-control-container")


def offline(page, site):
    """Abort every request that does not go to the live server; return the aborted URLs."""
    aborted = []

    def route(route):
        if route.request.url.startswith(site):
            route.continue_()
        else:
            aborted.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    return aborted


def rgb(hex_colour):
    hex_colour = hex_colour.strip().lstrip("#")
    return tuple(int(hex_colour[i:i + 2], 16) for i in (0, 2, 4))


def near(pixel, colour, tolerance=6):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour))


def basemap_colours(page, selector):
    """The land and water colours the map is drawn with (site.css custom properties)."""
    element = page.locator(selector)
    return {name: rgb(element.evaluate(f"el => getComputedStyle(el).getPropertyValue('--basemap-{name}')"))
            for name in ("land", "water")}


def background_only(page, selector):
    """A screenshot of the map with pins, labels and controls hidden: only the drawn basemap."""
    page.evaluate(f"""() => document.querySelectorAll("{selector} :is({OVER_THE_BASEMAP})")
        .forEach(el => {{ el.style.visibility = "hidden"; }})""")
    image = Image.open(io.BytesIO(page.locator(selector).screenshot())).convert("RGB")
    page.evaluate(f"""() => document.querySelectorAll("{selector} :is({OVER_THE_BASEMAP})")
        .forEach(el => {{ el.style.visibility = ""; }})""")
    return image


def test_map_draws_land_borders_and_names_without_network(site, page):
    aborted = offline(page, site)
    page.goto(f"{site}/en/map/")
    page.locator("#places-map .basemap-country").first.wait_for(state="attached")
    page.wait_for_timeout(300)  # the canvas is painted on the frame after the layers are added
    colours = basemap_colours(page, "#places-map")
    # Paris's label sits on its point (the label's corner); a few pixels south is still France.
    paris = page.locator("#places-map .basemap-city", has_text="Paris").bounding_box()
    map_box = page.locator("#places-map").bounding_box()
    image = background_only(page, "#places-map")
    pixels = list(image.getdata())
    land = sum(near(p, colours["land"]) for p in pixels) / len(pixels)
    water = sum(near(p, colours["water"]) for p in pixels) / len(pixels)
    assert land > 0.25, f"only {land:.0%} of the map is land"
    assert water > 0.05, f"only {water:.0%} of the map is sea"
    france = image.getpixel((round(paris["x"] - map_box["x"]), round(paris["y"] - map_box["y"] + 8)))
    assert near(france, colours["land"]) and not near(france, colours["water"], tolerance=20)
    # The zoom stops where the 1:50m shapes stay legible; smaller countries' names come with it.
    assert "Russia" in page.locator("#places-map .basemap-country").all_text_contents()
    zoom_in = page.locator("#places-map .leaflet-control-zoom-in")
    for _step in range(8):
        if "leaflet-disabled" in (zoom_in.get_attribute("class") or ""):
            break
        zoom_in.click()
        page.wait_for_timeout(350)
    assert "leaflet-disabled" in zoom_in.get_attribute("class")
    names = page.locator("#places-map .basemap-country").all_text_contents()
    assert {"Kazakhstan", "France", "Belgium", "Uzbekistan"} <= set(names)
    assert "Natural Earth" in page.locator("#places-map .leaflet-control-attribution").inner_text()
    assert page.locator(".map-status").is_hidden()
    assert page.js_errors == []
    # Nothing was asked of another server: the whole background is memoria's own.
    assert aborted == []


def test_country_names_follow_the_language_and_the_path_map_has_the_basemap(site, page):
    offline(page, site)
    page.goto(f"{site}/kk/map/")
    page.locator("#places-map .basemap-country").first.wait_for(state="attached")
    assert "Ресей" in page.locator("#places-map .basemap-country").all_text_contents()
    page.locator("#places-map .leaflet-control-zoom-in").click()
    page.wait_for_timeout(350)
    names = page.locator("#places-map .basemap-country").all_text_contents()
    assert "Қазақстан" in names and "Франция" in names
    # A person's path on the same basemap: the line between the stops is drawn over land.
    person = Person.objects.get(external_id="demo:person:marat-nagumanov")
    page.goto(f"{site}/ru/people/{person.pk}/")
    path_map = page.locator("[data-map='path']")
    path_map.locator(".basemap-country").first.wait_for(state="attached")
    assert "Казахстан" in path_map.locator(".basemap-country").all_text_contents()
    page.wait_for_timeout(300)
    colours = basemap_colours(page, "[data-map='path']")
    image = background_only(page, "[data-map='path']")
    pixels = list(image.getdata())
    assert sum(near(p, colours["land"]) for p in pixels) / len(pixels) > 0.25
    assert page.js_errors == []


def test_kiosk_zoom_buttons_are_stacked_and_big_enough_for_a_finger(site, page):
    offline(page, site)
    page.goto(f"{site}/en/kiosk/")
    page.goto(f"{site}/en/map/")
    zoom_in = page.locator("#places-map .leaflet-control-zoom-in")
    zoom_out = page.locator("#places-map .leaflet-control-zoom-out")
    zoom_in.wait_for()
    upper, lower = zoom_in.bounding_box(), zoom_out.bounding_box()
    for box in (upper, lower):
        assert box["width"] >= 48 and box["height"] >= 48, box
    assert abs(upper["x"] - lower["x"]) < 1, "the buttons should sit one above the other"
    assert lower["y"] >= upper["y"] + upper["height"] - 1
    # Touch them: the map zooms in and back out.
    zoom_in.click()
    page.wait_for_timeout(350)
    zoom_out.click()
    assert page.js_errors == []


def test_a_configured_tile_server_out_of_reach_leaves_the_places_and_a_notice(site, page, settings):
    settings.MEMORIA_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.MEMORIA_TILE_ATTRIBUTION = "Example tiles"
    offline(page, site)
    page.goto(f"{site}/en/map/")
    status = page.locator(".map-status")
    status.wait_for()
    assert "could not be loaded" in status.inner_text()
    assert page.locator("#places-map .leaflet-marker-icon").count() > 0
    assert page.locator(".basemap-label").count() == 0
    assert page.js_errors == []
