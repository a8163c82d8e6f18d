"""Deep zoom in a real browser: OpenSeadragon on our IIIF tiles, and on an item's IIIF manifest.

The scans are SYNTHETIC images added on top of the demo archive through the media service.
"""

import re

from tests.browser.conftest import axe_violations
from tests.iiif.scans import add_scan, synthetic_item, synthetic_jpeg

TILE = re.compile(r"/iiif/[0-9a-f]{32}/[^/]+/[^/]+/0/default\.jpg$")


def scanned_item(number="SYN-ZOOM-0001", sizes=((2400, 1600),)):
    item = synthetic_item(number)
    media = [add_scan(item, synthetic_jpeg(size), position=index) for index, size in enumerate(sizes)]
    return item, media


def csp_problems(tab):
    problems = []
    tab.on("console", lambda message: problems.append(message.text)
           if message.type == "error" else None)
    return problems


TILES_FETCHED = "() => performance.getEntriesByType('resource').map(e => e.name).filter(n => /default\\.jpg$/.test(n))"
# A full-resolution tile: the region's width equals the size's width ("x,y,w,h/w,h").
FULL_RESOLUTION = re.compile(r"/\d+,\d+,(\d+),\d+/\1,")


def test_visitor_zooms_into_a_scan(site, page):
    item, _media = scanned_item()
    console_errors = csp_problems(page)
    page.goto(f"{site}/en/items/{item.pk}/")

    # The still image is there; the viewer opens from a real button, here with the keyboard.
    assert page.locator("figure img").is_visible()
    zoom = page.get_by_role("button", name="Zoom", exact=True)
    zoom.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-deep-zoom-stage][data-tiles-loaded='yes']")
    assert page.locator(".deep-zoom-stage canvas").count() >= 1
    assert not page.locator("figure img").is_visible()
    zoom_in = page.get_by_role("button", name="Zoom in")
    assert zoom_in.evaluate("el => el === document.activeElement")
    overview = page.evaluate(TILES_FETCHED)
    assert overview and all(TILE.search(url) for url in overview)
    assert not any(FULL_RESOLUTION.search(url) for url in overview), "the overview needs no full-size tiles"

    for _ in range(3):
        zoom_in.click()
    # Zoomed in, the viewer fetches the full-resolution tiles of the part in view.
    page.wait_for_function(
        "() => performance.getEntriesByType('resource').some(e => /\\/\\d+,\\d+,(\\d+),\\d+\\/\\1,/.test(e.name))"
    )
    detailed = [url for url in page.evaluate(TILES_FETCHED) if FULL_RESOLUTION.search(url)]
    assert detailed and all(TILE.search(url) for url in detailed)
    assert axe_violations(page) == []  # the open viewer and its controls

    # Closing brings the still image back and returns focus to the Zoom button.
    page.get_by_role("button", name="Close").click()
    assert page.locator("figure img").is_visible()
    assert zoom.evaluate("el => el === document.activeElement")
    assert page.js_errors == []
    assert [m for m in console_errors if "Content Security Policy" in m] == []


OPEN_MANIFEST = r"""async (manifestUrl) => {
  const manifest = await (await fetch(manifestUrl)).json();
  const services = manifest.items.map(canvas => canvas.items[0].items[0].body.service[0].id);
  const element = document.createElement("div");
  element.style.width = "600px";
  element.style.height = "400px";
  document.body.appendChild(element);
  return await new Promise((resolve, reject) => {
    setTimeout(() => reject(new Error("the manifest's first image did not load in 15 s")), 15000);
    const viewer = OpenSeadragon({
      element, showNavigationControl: false, sequenceMode: true, drawer: "canvas",
      tileSources: services.map(id => id + "/info.json"),
    });
    viewer.addHandler("open-failed", event => reject(new Error(event.message)));
    viewer.world.addHandler("add-item", event => {
      event.item.addHandler("fully-loaded-change", change => {
        if (!change.fullyLoaded) { return; }
        const source = event.item.source;
        resolve({pages: services.length, width: source.width, height: source.height,
                 canvas: [manifest.items[0].width, manifest.items[0].height],
                 tiles: performance.getEntriesByType("resource").filter(e => /default\.jpg$/.test(e.name)).length});
      });
    });
  });
}"""


def test_manifest_opens_in_openseadragon(site, page):
    item, _media = scanned_item("SYN-ZOOM-0002", sizes=((1800, 1200), (900, 1300)))
    page.goto(f"{site}/en/items/{item.pk}/")
    link = page.get_by_role("link", name="IIIF manifest")
    manifest_url = link.get_attribute("href")
    assert manifest_url == f"/iiif/item/{item.pk}/manifest.json"
    # OpenSeadragon, the IIIF viewer the page already loaded, reads the manifest's image services.
    opened = page.evaluate(OPEN_MANIFEST, manifest_url)
    assert opened["pages"] == 2
    assert [opened["width"], opened["height"]] == opened["canvas"] == [1800, 1200]
    assert opened["tiles"] > 0
    assert page.js_errors == []
