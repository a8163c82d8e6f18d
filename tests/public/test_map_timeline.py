"""The map, the timeline and a person's path: what a visitor sees, and only what is published.

Records made here that are not in the article are synthetic ("Synthetic place A", …).
"""

import datetime
import json
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.templatetags.static import static
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from memoria.archive.models import Event, Item, ItemPlace, Participation, Person, Place, Unit
from tests.conftest import LANGS

pytestmark = pytest.mark.django_db
MAX_QUERIES = 10


def json_block(html, element_id):
    found = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S)
    assert found, f"no {element_id} block"
    return json.loads(found.group(1))


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response, response.content.decode()


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


# --- The map -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang, title", [("kk", "Карта"), ("ru", "Карта"), ("en", "Map"), ("fr", "Carte")])
def test_map_page_answers_in_each_language_with_a_nav_link(client, demo, lang, title):
    _response, html = get(client, f"/{lang}/map/")
    assert f'<html lang="{lang}">' in html
    assert f"<h1>{title}</h1>" in html
    assert f'href="/{lang}/map/"' in html and f'href="/{lang}/timeline/"' in html
    toulouse = Place.objects.get(external_id="demo:place:toulouse")
    assert escape(getattr(toulouse, f"name_{lang}")) in html


def test_markers_are_exactly_the_published_places_with_coordinates(client, demo):
    Place.objects.create(name_en="Synthetic hidden place", latitude=10, longitude=10, is_published=False)
    Place.objects.create(name_en="Synthetic place without coordinates", is_published=True)
    _response, html = get(client, "/en/map/")
    markers = json_block(html, "map-markers")
    expected = Place.objects.filter(is_published=True, latitude__isnull=False, longitude__isnull=False)
    assert {m["id"] for m in markers} == set(expected.values_list("pk", flat=True))
    assert len(markers) == 4  # Astana, Toulouse, Paris, Mamayev Kurgan
    toulouse = next(m for m in markers if m["name"] == "Toulouse")
    assert (toulouse["lat"], toulouse["lon"]) == (43.6045, 1.4442)
    # The list under the map names every published place, with or without coordinates.
    assert "Synthetic place without coordinates" in html
    assert "Not on the map: no coordinates recorded." in html
    assert "Synthetic hidden place" not in html


def test_each_place_lists_its_published_records_with_links(client, demo):
    toulouse = Place.objects.get(external_id="demo:place:toulouse")
    parade = Event.objects.get(external_id="demo:event:parade-toulouse")
    photos = Item.objects.get(external_id="demo:item:toulouse-parade-photographs")
    detachments = Unit.objects.get(external_id="demo:unit:partisan-detachments")
    born = Person.objects.create(name_en="Synthetic Person 00001", birth_place=toulouse, is_published=True)
    died = Person.objects.create(name_en="Synthetic Person 00002", death_place=toulouse, is_published=True)
    _response, html = get(client, "/en/map/")
    entry = re.search(rf'<li id="map-place-{toulouse.pk}".*?\n</li>', html, re.S).group(0)
    for url in (parade.get_absolute_url(), photos.get_absolute_url(), detachments.get_absolute_url(),
                born.get_absolute_url(), died.get_absolute_url(), toulouse.get_absolute_url()):
        assert f'href="{url}"' in entry
    assert "Born here" in entry and "Died here" in entry


def test_unpublished_records_stay_off_the_map_for_visitors_but_not_for_curators(client, curator_client, demo):
    toulouse = Place.objects.get(external_id="demo:place:toulouse")
    event = Event.objects.create(title_en="Synthetic unpublished event", date="1944", is_published=False)
    event.places.add(toulouse)
    item = Item.objects.create(inventory_number="SYN-MAP-1", title_en="Synthetic unpublished item")
    ItemPlace.objects.create(item=item, place=toulouse, role="depicts")
    Person.objects.create(name_en="Synthetic Person 00003", birth_place=toulouse, is_published=False)
    unit = Unit.objects.create(name_en="Synthetic unpublished unit")
    Participation.objects.create(unit=unit, event=Event.objects.get(external_id="demo:event:parade-toulouse"))
    hidden = ["Synthetic unpublished event", "Synthetic unpublished item", "Synthetic Person 00003",
              "Synthetic unpublished unit"]
    _response, html = get(client, "/en/map/")
    assert not [text for text in hidden if text in html]
    _response, html = get(client, "/en/timeline/")
    assert "Synthetic unpublished event" not in html
    # The back office previews everything, as on every public page.
    _response, html = get(curator_client, "/en/map/")
    assert all(text in html for text in hidden)


def test_offline_basemap_is_the_default_and_allowed_by_the_csp(client, demo):
    response, html = get(client, "/en/map/")
    config = json_block(html, "map-config")
    # No tile server by default: map.js draws memoria's own basemap, credited to Natural Earth.
    assert config["tileUrl"] == settings.MEMORIA_TILE_URL == ""
    assert "Natural Earth" in config["attribution"]
    assert config["labels"]["zoomIn"] == "Zoom in"
    basemap = "memoria/vendor/natural-earth/basemap.json"
    assert f'data-basemap="{static(basemap)}"' in html
    with open(finders.find(basemap), encoding="utf-8") as data:
        assert {"land", "borders", "rivers", "countries", "cities"} <= json.load(data).keys()
    img_src = re.search(r"img-src ([^;]+)", response["Content-Security-Policy"]).group(1).split()
    assert img_src == ["'self'", "data:"]
    connect_src = re.search(r"connect-src ([^;]+)", response["Content-Security-Policy"]).group(1).split()
    assert connect_src == ["'self'"]
    # No inline script or style crept in: data travels in JSON blocks, scripts are files.
    assert "style=" not in html
    assert not re.findall(r"<script(?![^>]*(?:src=|type=\"application/(?:json|ld\+json)\"))", html)
    _response, html = get(client, "/kk/map/")
    assert json_block(html, "map-config")["labels"]["zoomIn"] == "Жақындату"


@pytest.mark.parametrize("url, expected", [
    ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "'self' data: https://*.tile.example.org"),
    ("http://tiles.example.net:8080/{z}/{x}/{y}.png", "'self' data: http://tiles.example.net:8080"),
    ("/tiles/{z}/{x}/{y}.png", "'self' data:"),
    ("", "'self' data:"),  # the default: the offline basemap, no tile server
])
def test_tile_url_setting_comes_from_the_environment_into_the_csp(tmp_path, url, expected):
    env = {**os.environ, "MEMORIA_TILE_URL": url, "MEMORIA_DATA_DIR": str(tmp_path),
           "DJANGO_SETTINGS_MODULE": "memoria.settings"}
    code = ("from django.conf import settings; "
            "print(settings.MEMORIA_TILE_URL); "
            "print(' '.join(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']))")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == [url, expected]


# --- The timeline ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_timeline_answers_in_each_language_with_human_dates(client, demo, lang):
    _response, html = get(client, f"/{lang}/timeline/")
    assert f'<html lang="{lang}">' in html
    war = Event.objects.get(external_id="demo:event:great-patriotic-war")
    assert escape(getattr(war, f"title_{lang}")) in html
    assert "1941 – 1945" in html  # the edtf filter's rendering of 1941/1945
    assert json_block(html, "timeline-config")["lang"] == lang


def test_timeline_draws_vague_dates_as_ranges_and_exact_days_as_points(client, demo):
    Event.objects.create(title_en="Synthetic exact event", date="1944-08-19", is_published=True)
    Event.objects.create(title_en="Synthetic approximate event", date="1944-08~", is_published=True)
    Event.objects.create(title_en="Synthetic unpublished dated event", date="1943", is_published=False)
    _response, html = get(client, "/en/timeline/")
    items = {item["title"]: item for item in json_block(html, "timeline-items")}
    assert set(items) == {e.title_en for e in Event.objects.filter(is_published=True, date_lower__isnull=False)}
    exact = items["Synthetic exact event"]
    assert (exact["type"], exact["start"], "end" in exact) == ("point", "1944-08-19", False)
    approximate = items["Synthetic approximate event"]
    assert (approximate["type"], approximate["start"], approximate["end"]) == ("range", "1944-08-01", "1944-09-01")
    assert approximate["uncertain"] is True and approximate["date"] == "about August 1944"
    war = items["Great Patriotic War of 1941–1945"]
    assert (war["type"], war["start"], war["end"], war["uncertain"]) == ("range", "1941-01-01", "1946-01-01", False)
    # Even a single uncertain day is a range (of that day), marked uncertain.
    opening = items["Opening of the exhibition “They traveled across Europe”"]
    assert (opening["type"], opening["start"], opening["end"], opening["uncertain"]) == (
        "range", "2025-02-01", "2025-02-02", True)
    assert war["url"] == Event.objects.get(external_id="demo:event:great-patriotic-war").get_absolute_url()
    # The ordered list below holds the same events in date order; undated ones are listed apart.
    listed = re.findall(r'<li><a href="/en/events/\d+/">(.*?)</a>',
                        re.search(r'<ol class="timeline-list".*?</ol>', html, re.S).group(0))
    assert listed == [escape(t) for t in sorted(items, key=lambda t: (items[t]["start"], items[t].get("end", "")))]
    assert listed[0] == escape("Great Patriotic War of 1941–1945")
    assert "Events with no known date" in html and escape("Second World War") in html
    assert json_block(html, "timeline-config")["span"] == {"min": "1936-01-01", "max": "2031-01-01"}


# --- A person's path ---------------------------------------------------------------------------


def synthetic_life():
    """A synthetic person whose events were entered out of date order."""
    places = {key: Place.objects.create(name_en=f"Synthetic place {key}", latitude=40 + n, longitude=n,
                                        is_published=True)
              for n, key in enumerate("ABCDE")}
    hidden_place = Place.objects.create(name_en="Synthetic hidden place", latitude=1, longitude=1)
    person = Person.objects.create(name_en="Synthetic Person 00042", birth_place=places["A"],
                                   death_place=places["E"], death_date="1990", is_published=True)
    dated = [("Synthetic event 1944", "1944-08-19", "D"), ("Synthetic event 1941/1942", "1941/1942", "B"),
             ("Synthetic event 1942?", "1942?", "C")]
    for title, date, key in dated:
        event = Event.objects.create(title_en=title, date=date, is_published=True)
        event.places.add(places[key], hidden_place)
        Participation.objects.create(person=person, event=event)
    undated = Event.objects.create(title_en="Synthetic undated event", is_published=True)
    undated.places.add(places["C"])
    Participation.objects.create(person=person, event=undated)
    secret = Event.objects.create(title_en="Synthetic unpublished event", date="1943", is_published=False)
    secret.places.add(places["D"])
    Participation.objects.create(person=person, event=secret)
    return person


def test_person_path_follows_the_dates(client, demo):
    person = synthetic_life()
    _response, html = get(client, f"/en/people/{person.pk}/")
    markers = json_block(html, "path-markers")
    numbered = [(m["number"], m["name"]) for m in markers if m["number"]]
    # Birth first (its date unknown), then the events by their earliest possible day, death last.
    assert numbered == [(1, "Synthetic place A"), (2, "Synthetic place B"), (3, "Synthetic place C"),
                        (4, "Synthetic place D"), (5, "Synthetic place E")]
    # The undated event is on the map without a number, and listed apart.
    assert [(m["number"], m["name"]) for m in markers if not m["number"]] == [(None, "Synthetic place C")]
    stops = re.findall(r'<li id="path-stop-(\d)">(.*?)</li>', html, re.S)
    assert [n for n, _text in stops] == ["1", "2", "3", "4", "5"]
    assert "Synthetic event 1941/1942" in stops[1][1] and "1941 – 1942" in stops[1][1]
    assert "Born" in stops[0][1] and "Died" in stops[4][1]
    undated = re.search(r'<ul class="plain path-undated">(.*?)</ul>', html, re.S).group(1)
    assert "Synthetic undated event" in undated
    assert "Synthetic unpublished event" not in html and "Synthetic hidden place" not in html
    assert "Path through places" in html


def test_person_path_is_translated_and_absent_when_there_is_none(client, demo):
    nagumanov = Person.objects.get(external_id="demo:person:marat-nagumanov")
    _response, html = get(client, f"/kk/people/{nagumanov.pk}/")
    assert "Өмір жолындағы жерлер" in html
    astana = Place.objects.get(external_id="demo:place:astana")
    assert [m["name"] for m in json_block(html, "path-markers")] == [astana.name_kk]
    nobody = Person.objects.create(name_en="Synthetic Person 00043", is_published=True)
    _response, html = get(client, f"/en/people/{nobody.pk}/")
    assert "Path through places" not in html and "leaflet" not in html


# --- Query counts ------------------------------------------------------------------------------


def grow(person):
    """More places, events, items, people and units: the counts must not follow."""
    for n in range(8):
        place = Place.objects.create(name_en=f"Synthetic place {n}", latitude=n, longitude=n, is_published=True)
        event = Event.objects.create(title_en=f"Synthetic event {n}", date=f"19{40 + n}", is_published=True)
        event.places.add(place)
        item = Item.objects.create(inventory_number=f"SYN-Q-{n}", title_en=f"Synthetic item {n}", is_published=True)
        ItemPlace.objects.create(item=item, place=place, role="depicts")
        Person.objects.create(name_en=f"Synthetic Person 1000{n}", birth_place=place, is_published=True)
        unit = Unit.objects.create(name_en=f"Synthetic unit {n}", is_published=True)
        Participation.objects.create(unit=unit, event=event)
        Participation.objects.create(person=person, event=event)


def test_map_timeline_and_path_pages_stay_within_the_query_budget(client, demo):
    person = Person.objects.get(external_id="demo:person:marat-nagumanov")
    urls = ["/en/map/", "/en/timeline/", f"/en/people/{person.pk}/"]
    before = [queries(client, url) for url in urls]
    grow(person)
    after = [queries(client, url) for url in urls]
    print("queries (map, timeline, person):", after)
    assert after == before
    assert max(after) <= MAX_QUERIES


def test_a_place_with_many_records_shows_the_first_ones_and_links_to_the_rest(client, demo):
    from memoria.archive.selectors_geo import MAX_PER_KIND

    toulouse = Place.objects.get(external_id="demo:place:toulouse")
    for n in range(MAX_PER_KIND + 3):
        event = Event.objects.create(title_en=f"Synthetic event {n:03d}", date=f"{1930 + n}", is_published=True)
        event.places.add(toulouse)
    _response, html = get(client, "/en/map/")
    entry = re.search(rf'<li id="map-place-{toulouse.pk}".*?\n</li>', html, re.S).group(0)
    assert "Synthetic event 000" in entry and f"Synthetic event {MAX_PER_KIND + 2:03d}" not in entry
    assert "Everything about this place" in entry
    assert datetime.date(1930, 1, 1) == Event.objects.get(title_en="Synthetic event 000").date_lower


@pytest.mark.parametrize("lang", ["kk", "ru", "fr"])
def test_map_timeline_and_path_show_no_untranslated_interface_string(client, demo, lang):
    from tests.public.test_interface_translations import msgids

    english = msgids(lang)
    person = synthetic_life()
    untranslated = set()
    for url in (f"/{lang}/map/", f"/{lang}/timeline/", f"/{lang}/people/{person.pk}/"):
        _response, html = get(client, url)
        for config in re.findall(r'<script id="(?:map|path-map)-config" type="application/json">(.*?)</script>', html):
            html += " ".join(json.loads(config)["labels"].values())
        untranslated |= {s for s in english if escape(s) in html or s in html}
    assert not untranslated
