"""A visitor explores the map, the timeline and a person's path in a real browser.

The browser has no network: the map draws memoria's own offline basemap (test_map_offline.py
checks what it draws, and what happens when a tile server is configured but unreachable).
"""

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from memoria.archive.models import Event, Participation, Person, Place
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def watch_csp(page):
    """Collect the Content-Security-Policy refusals the console reports."""
    refused = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    return refused


def map_at_rest(page):
    """Wait until Leaflet's zoom and the cluster plugin's animations are over.

    A marker tapped while it is still flying out of its cluster opens nothing; a visitor would
    tap again once it stands still, and so does the test.
    """
    page.wait_for_function("() => !document.querySelector('.leaflet-zoom-anim, .leaflet-cluster-anim')")


def open_marker(page, name):
    """Click clusters until the place's own marker shows, then click it."""
    marker = page.locator(f'img.leaflet-marker-icon[alt="{name}"]')
    for _attempt in range(6):
        map_at_rest(page)
        if marker.count():
            break
        page.locator(".marker-cluster").first.click()
        page.wait_for_timeout(300)  # the cluster's zoom animation starts
    popup = page.locator(".leaflet-popup-content")
    for _attempt in range(3):
        map_at_rest(page)
        marker.click()
        try:
            popup.wait_for(timeout=5_000)
            return popup
        except PlaywrightTimeout:
            continue
    popup.wait_for()
    return popup


def follow(page, link, url):
    """Click a link in a popup and wait for its page.

    On a busy machine the popup may still be panning into view when the click lands, which
    then hits the map (and closes the popup): wait for the pan, and click again if so.
    """
    for _attempt in range(3):
        page.wait_for_timeout(400)  # Leaflet's auto-pan animation (0.25 s)
        if link.count():
            link.click()
        try:
            page.wait_for_url(url, timeout=5_000)
            return
        except PlaywrightTimeout:
            continue
    page.wait_for_url(url)


def test_visitor_opens_a_place_on_the_map_and_follows_its_popup(site, page):
    refused = watch_csp(page)
    parade = Event.objects.get(external_id="demo:event:parade-toulouse")
    page.goto(f"{site}/en/map/")
    page.locator("#places-map.leaflet-container").wait_for()
    # The offline basemap needs no network: its names appear, and no "background missing" notice.
    page.locator(".basemap-country").first.wait_for(state="attached")
    assert page.locator(".map-status").is_hidden()
    # Every place with coordinates is on the map, alone or in a cluster.
    counted = page.evaluate("""() => [...document.querySelectorAll('.leaflet-marker-pane .leaflet-marker-icon')]
        .reduce((n, el) => n + (el.classList.contains('marker-cluster') ? +el.innerText.match(/\\d+/)[0] : 1), 0)""")
    assert counted == Place.objects.filter(is_published=True, latitude__isnull=False).count()
    popup = open_marker(page, "Toulouse")
    assert "Toulouse" in popup.inner_text()
    assert "Parade in honour of the liberation of Toulouse" in popup.inner_text()
    assert page.locator(".leaflet-popup-close-button").get_attribute("aria-label") == "Close"
    follow(page, popup.get_by_role("link", name="Parade in honour of the liberation of Toulouse", exact=True),
           re.compile(rf"/en/events/{parade.pk}/$"))
    assert page.locator("h1").inner_text().startswith("Parade in honour of the liberation of Toulouse")
    assert page.js_errors == []
    assert refused == []


def test_the_list_of_places_works_without_scripts(site, chromium):
    context = chromium.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{site}/fr/map/")
    assert tab.locator("#places-map").is_hidden()
    toulouse = Place.objects.get(external_id="demo:place:toulouse")
    entry = tab.locator(f"#map-place-{toulouse.pk}")
    assert "Défilé en l'honneur de la libération de Toulouse" in entry.inner_text()
    entry.get_by_role("link", name="Toulouse", exact=True).click()
    tab.wait_for_url(re.compile(rf"/fr/places/{toulouse.pk}/$"))
    context.close()


def test_visitor_zooms_the_timeline_and_opens_an_event(site, page):
    refused = watch_csp(page)
    war = Event.objects.get(external_id="demo:event:great-patriotic-war")
    page.goto(f"{site}/en/timeline/")
    items = page.locator("#events-timeline .vis-item")
    items.first.wait_for()
    assert items.count() == Event.objects.filter(is_published=True, date_lower__isnull=False).count()
    bar = page.locator("#events-timeline .vis-item", has_text=re.compile("^Great Patriotic War of 1941"))
    before = bar.bounding_box()["width"]
    page.get_by_role("button", name="Zoom in").click()
    page.wait_for_timeout(800)  # the zoom animation
    assert bar.bounding_box()["width"] > before * 1.3
    page.get_by_role("button", name="Show all events").click()
    page.wait_for_timeout(800)
    # A click on the bar (not on its link text) opens the event too.
    box = bar.bounding_box()
    page.mouse.click(box["x"] + box["width"] - 4, box["y"] + box["height"] / 2)
    page.wait_for_url(re.compile(rf"/en/events/{war.pk}/$"))
    assert "Great Patriotic War" in page.locator("h1").inner_text()
    # The accessible list below the timeline holds the same events, in date order.
    page.go_back()
    listed = page.locator("ol.timeline-list li").all_inner_texts()
    assert listed[0].startswith("Great Patriotic War") and "1941" in listed[0]
    assert page.js_errors == []
    assert refused == []


def test_timeline_labels_follow_the_language(site, page):
    page.goto(f"{site}/kk/timeline/")
    page.locator("#events-timeline .vis-item").first.wait_for()
    assert page.get_by_role("button", name="Жақындату").is_visible()
    assert page.js_errors == []


def synthetic_path():
    """A synthetic person (not from the article) whose events are stored out of date order."""
    first = Place.objects.create(name_en="Synthetic place A", latitude=43.0, longitude=1.0, is_published=True)
    second = Place.objects.create(name_en="Synthetic place B", latitude=48.0, longitude=2.0, is_published=True)
    third = Place.objects.create(name_en="Synthetic place C", is_published=True)
    person = Person.objects.create(name_en="Synthetic Person 00042", birth_date="1920", birth_place=first,
                                   is_published=True)
    late = Event.objects.create(title_en="Synthetic event late", date="1944-08~", is_published=True)
    late.places.add(second)
    early = Event.objects.create(title_en="Synthetic event early", date="1941/1942", is_published=True)
    early.places.add(third)
    Participation.objects.create(person=person, event=late)
    Participation.objects.create(person=person, event=early)
    return person


def test_person_page_shows_the_path_in_date_order(site, page):
    refused = watch_csp(page)
    person = synthetic_path()
    page.goto(f"{site}/en/people/{person.pk}/")
    stops = page.locator("ol.path-stops li").all_inner_texts()
    assert [s.split(" — ")[0] for s in stops] == ["Synthetic place A", "Synthetic place C", "Synthetic place B"]
    # Two of the three stops have coordinates: two numbered markers joined by a line.
    page.locator(".path-marker").first.wait_for()
    assert page.locator(".path-marker").all_inner_texts()[0].startswith("1")
    assert page.locator(".path-marker").count() == 2
    assert page.locator("path.path-line").count() == 1
    page.locator(".path-marker").nth(1).click()
    assert "Synthetic event late" in page.locator(".leaflet-popup-content").inner_text()
    assert page.js_errors == []
    assert refused == []


def test_map_and_timeline_have_no_serious_accessibility_violation(site, page):
    found = {}
    for path in ["/en/map/", "/kk/map/", "/en/timeline/", "/ru/timeline/"]:
        page.goto(site + path)
        page.locator(".leaflet-marker-icon, .vis-item").first.wait_for()
        violations = axe_violations(page)
        if violations:
            found[path] = [(v["id"], v["impact"], [n["html"][:120] for n in v["nodes"]]) for v in violations]
    person = Person.objects.get(external_id="demo:person:marat-nagumanov")
    page.goto(f"{site}/en/people/{person.pk}/")
    page.locator(".leaflet-marker-icon").first.wait_for()
    violations = axe_violations(page)
    if violations:
        found["person"] = [(v["id"], v["impact"], [n["html"][:120] for n in v["nodes"]]) for v in violations]
    assert found == {}
    assert page.js_errors == []


def test_map_and_timeline_fit_the_phone_screen(site, page):
    for path in ["/kk/map/", "/ru/timeline/"]:
        page.goto(site + path)
        page.locator(".leaflet-marker-icon, .vis-item").first.wait_for()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than the window"
