"""A visitor reads the exhibition in a real browser, on a phone and on a desktop screen."""

import re

import pytest

from memoria.archive.models import Event, Item, Person, Place, Unit
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_switches_language_and_stays_on_the_same_record(site, page):
    person = Person.objects.get(external_id="demo:person:abibulla-koishybayev")
    page.goto(f"{site}/en/people/{person.pk}/")
    english = page.locator("h1").inner_text()
    page.locator("nav.languages a[hreflang=ru]").click()
    page.wait_for_url(re.compile(rf"/ru/people/{person.pk}/$"))
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("h1").inner_text().startswith(person.name_ru)
    assert page.locator("h1").inner_text() != english
    page.locator("nav.languages a[hreflang=kk]").click()
    page.wait_for_url(re.compile(rf"/kk/people/{person.pk}/$"))
    assert page.locator("h1").inner_text().startswith(person.name_kk)
    assert page.js_errors == []


def test_main_pages_have_no_serious_accessibility_violation(site, page):
    pages = ["/en/", "/kk/", "/ru/people/", "/fr/items/", "/en/events/", "/en/places/", "/en/units/"]
    pages += [
        f"/kk/items/{Item.objects.filter(is_published=True).first().pk}/",
        f"/ru/people/{Person.objects.get(external_id='demo:person:abibulla-koishybayev').pk}/",
        f"/fr/events/{Event.objects.filter(is_published=True).first().pk}/",
        f"/en/places/{Place.objects.filter(is_published=True).first().pk}/",
        f"/en/units/{Unit.objects.filter(is_published=True).first().pk}/",
    ]
    found = {}
    for path in pages:
        response = page.goto(site + path)
        assert response.status == 200, path
        violations = axe_violations(page)
        if violations:
            found[path] = [(v["id"], v["impact"], len(v["nodes"])) for v in violations]
    assert found == {}
    assert page.js_errors == []


def test_nothing_overflows_the_phone_screen(site, page):
    person = Person.objects.get(external_id="demo:person:abibulla-koishybayev")
    for path in ["/kk/", f"/ru/people/{person.pk}/", "/fr/items/"]:
        page.goto(site + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than the window"
